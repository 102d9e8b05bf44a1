import { runSwarm } from '../scenarios/swarm';
import { BUGS } from '../scenarios/bugs';
(async () => {
  for (const bug of BUGS) {
    const mine: Record<string, number> = {};
    let failing = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const r = await runSwarm({ seed, bug: bug.name, ...bug.classes });
      if (!r.ok) failing++;
      for (const k of new Set(r.violations.map((v) => v.kind))) if (['unavailable', 'unlocatable', 'status-untrue', 'status-inconsistent'].includes(k)) mine[k] = (mine[k] ?? 0) + 1;
    }
    console.log(bug.name, 'failing seeds', failing, 'mine', JSON.stringify(mine));
  }
})();
