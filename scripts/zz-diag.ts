import { runSwarm } from '../scenarios/swarm';
import { getBug } from '../scenarios/bugs';
const codes: Record<string, number> = {};
const why: Record<number, number> = {};
(globalThis as any).__why = (k: number) => { const key = String(k); (why as any)[key] = ((why as any)[key] ?? 0) + 1; };
(globalThis as any).__log = (m: string) => console.log(m);
(async () => {
  const bug = getBug(process.argv[2]!);
  let fails = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const r = await runSwarm({ seed, ...bug.classes, bug: bug.name });
    const gfl = r.history.filter((e) => e.op === "get" && e.type === "fail" && e.result !== "NOT_FOUND"); const gf = gfl.length; for (const e of gfl) codes[String(e.result)] = (codes[String(e.result)] ?? 0) + 1;
    fails += gf;
    if (!r.ok) console.log(seed, r.violations.map((v) => v.kind).join(','));
  }
  console.log("failed gets", fails, "excuses", why, codes);
})();
