import { benchBugs } from './bugs';
import { benchKernel } from './kernel';
import { benchRealIdle } from './real-idle';
import { benchSwarm } from './swarm';
import { benchTraceValues } from './trace-values';
import type { BenchSection } from './section';

// Every section `npm run bench` runs, in order. To add one, write
// bench/<name>.ts returning flat figures and list it here.

export const BENCH_SECTIONS: readonly BenchSection[] = [
  { name: 'kernel', title: 'actor kernel vs a bare event loop, messages per wall-clock second', run: () => benchKernel() },
  { name: 'swarm', title: 'default swarm histories per wall-clock second, one worker and every core', run: () => benchSwarm() },
  { name: 'trace-values', title: 'value digests in the trace hash: swarm histories per second with and without (same seeds, same run)', run: () => benchTraceValues() },
  { name: 'bugs', title: 'bug variants: seeds to find, wall time, shrunk repro size', run: () => benchBugs() },
  { name: 'real-idle', title: 'an idle real storage node: CPU and read rate, empty vs holding ~100 MB (optional: --only real-idle)', run: () => benchRealIdle(), optional: true },
];
