import { benchBugs } from './bugs';
import { benchChecker, CHECKER_CASES_100K } from './checker';
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
  { name: 'checker', title: 'linearizability checker on linearizable register histories of 10k operations, CPU s beside decoding them', run: () => benchChecker() },
  // Long (about a minute of CPU): only with --only checker-100k.
  { name: 'checker-100k', title: 'the same on 100k operations (target: 20 clients within 30 s of CPU)', optIn: true, run: () => benchChecker(CHECKER_CASES_100K) },
  // Starts real processes and holds ~100 MB on disk: only with --only real-idle.
  { name: 'real-idle', title: 'an idle real storage node: CPU and read rate, empty vs holding ~100 MB', optIn: true, run: () => benchRealIdle() },
];
