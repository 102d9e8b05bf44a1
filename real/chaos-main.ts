import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runRealChaos } from './chaos';

// `npm run soak:real -- --minutes 5 [--clients 3] [--keep DIR]`: the chaos of
// test/real/chaos.test.ts on real processes, for longer. Exit 0 linearizable
// and healed, 1 otherwise (the history is written next to the cluster folder),
// 2 bad flags.

async function main(): Promise<number> {
  let values: { minutes?: string; clients?: string; keep?: string };
  try {
    ({ values } = parseArgs({ options: { minutes: { type: 'string' }, clients: { type: 'string' }, keep: { type: 'string' } }, strict: true }));
  } catch (err) {
    process.stderr.write(`soak:real: ${(err as Error).message}\nusage: npm run soak:real -- --minutes M [--clients N] [--keep DIR]\n`);
    return 2;
  }
  const minutes = Number(values.minutes ?? '5');
  if (!(minutes > 0 && minutes <= 24 * 60)) {
    process.stderr.write(`soak:real: --minutes must be a number in (0, 1440], got ${JSON.stringify(values.minutes)}\n`);
    return 2;
  }
  const clients = Number(values.clients ?? '3');
  if (!(Number.isInteger(clients) && clients >= 1 && clients <= 32)) {
    process.stderr.write(`soak:real: --clients must be an integer in 1..32, got ${JSON.stringify(values.clients)}\n`);
    return 2;
  }
  const root = values.keep ?? mkdtempSync(join(tmpdir(), 'actorsim-soak-real-'));
  const dir = join(root, 'cluster');
  process.stdout.write(`soak:real: ${minutes} min of chaos on a real cluster in ${dir}, ${clients} clients\n`);
  const report = await runRealChaos({ dir, durationMs: Math.round(minutes * 60_000), clients, log: (l) => process.stdout.write(`  ${l}\n`) });
  const ops = report.history.length / 2;
  process.stdout.write(
    `${ops} operations (${report.operations.ok} ok, ${report.operations.fail} fail, ${report.operations.unknown} unknown), ${report.faults.length} faults; ` +
      `linearizable: ${report.verdict}${report.violation ? ` (${report.violation})` : ''}; healed in ${report.healMs} ms${report.unhealed.length ? `, NOT healed: ${report.unhealed.join('; ')}` : ''}\n`,
  );
  const ok = report.verdict === 'ok' && report.unhealed.length === 0;
  if (!ok) {
    const file = join(root, 'history.json');
    writeFileSync(file, JSON.stringify(report.history));
    process.stdout.write(`history: ${file} (npx actorsim check-history ${file} --model store)\n`);
  } else if (values.keep === undefined) {
    rmSync(root, { recursive: true, force: true });
  }
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`soak:real: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
