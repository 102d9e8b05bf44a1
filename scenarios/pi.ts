import { ActorSystem, type Ref, type TaskContext } from '../core/actors';
import { InvalidArgumentError } from '../core/errors';
import { Simulation } from '../sim';
import { assertionViolations, type RunResult, type Scenario, type ScenarioRunOptions, type ViolationReport } from './result';
import { readScenarioOptions, type ScenarioFlag } from './scenario-flag';

// The course's first exercise: estimate π by Monte Carlo with remote tasks.
// The driver fans out tasks that each draw points from their own seeded
// stream, gathers the Refs with `wait`, and sums the hits. With --crash a node
// dies while tasks run on it, and Ray's task retries re-run them elsewhere.

export const PI_FLAGS = [
  { name: 'tasks', kind: 'integer', default: 16, min: 1, max: 10_000, description: 'remote tasks to fan out' },
  { name: 'samples', kind: 'integer', default: 10_000, min: 1, max: 10_000_000, description: 'points each task draws' },
  { name: 'nodes', kind: 'integer', default: 4, min: 1, max: 64, description: 'worker nodes' },
  { name: 'crash', kind: 'boolean', default: false, description: 'crash node n1 mid-run (restarting it later) to show task retries' },
] as const satisfies readonly ScenarioFlag[];

/** Points live on a GRID x GRID lattice: integer draws only, exact on every platform. */
const GRID = 1 << 20;
/** Virtual compute time: a task "works" 1 ms per this many samples, so a crash can catch it running. */
const SAMPLES_PER_MS = 1000;
const MAX_RETRIES = 3;
const CRASH_NODE = 'n1';
const CRASH_AT_MS = 5;
const RESTART_AT_MS = 40;
/** Refs gathered per `wait`, so progress shows as they come in. */
const GATHER_COUNT = 4;
const GATHER_TIMEOUT_MS = 1000;

export interface SampleResult {
  inside: number;
  samples: number;
  node: string;
  attempt: number;
}

/** The remote function: counts lattice cell centres inside the quarter circle. */
async function samplePoints(ctx: TaskContext, samples: number): Promise<SampleResult> {
  await ctx.sleep(Math.ceil(samples / SAMPLES_PER_MS));
  // Centres (2x+1, 2y+1) of a 2·GRID square, against a circle of radius 2·GRID: no edge bias.
  const r2 = (2 * GRID) ** 2;
  let inside = 0;
  for (let i = 0; i < samples; i++) {
    const x = 2 * ctx.random.int(GRID) + 1;
    const y = 2 * ctx.random.int(GRID) + 1;
    if (x * x + y * y <= r2) inside += 1;
  }
  return { inside, samples, node: ctx.node, attempt: ctx.attempt };
}

async function runPi(options: ScenarioRunOptions): Promise<RunResult> {
  const o = readScenarioOptions('pi', PI_FLAGS, options);
  if (o.crash && o.nodes < 2) throw new InvalidArgumentError(`pi: crash needs at least 2 nodes so tasks can retry elsewhere, got nodes ${o.nodes}`);
  const strategy = options.strategy ?? 'random';
  const sim = new Simulation({ seed: options.seed, strategy, keepTrace: options.keepTrace ?? false });
  for (let i = 1; i <= o.nodes; i++) sim.addNode(`n${i}`);
  const system = new ActorSystem(sim);
  const output: string[] = [];
  const violations: ViolationReport[] = [];
  const progress = options.onProgress ?? (() => {});

  if (o.crash) {
    sim.at(CRASH_AT_MS, () => sim.crash(CRASH_NODE), `crash ${CRASH_NODE}`);
    sim.at(RESTART_AT_MS, () => sim.restart(CRASH_NODE), `restart ${CRASH_NODE}`);
  }
  const sample = system.remote(samplePoints, { name: 'samplePoints', maxRetries: MAX_RETRIES });
  const refs: Ref<SampleResult>[] = [];
  for (let i = 0; i < o.tasks; i++) refs.push(sample.remote(o.samples));

  // Ref<T> is invariant (it holds resolvers), and `wait` takes Ref<unknown>[].
  let pending = refs as unknown as Ref<unknown>[];
  while (pending.length > 0) {
    const { ready, pending: rest } = await system.wait(pending, { count: Math.min(GATHER_COUNT, pending.length), timeoutMs: GATHER_TIMEOUT_MS });
    pending = rest;
    progress(`pi: ${refs.length - pending.length}/${refs.length} tasks done at ${sim.now()}ms`);
    if (ready.length === 0 && sim.pendingEvents === 0) {
      violations.push({ kind: 'deadlock', message: `pi: ${pending.length} tasks can never finish`, timeMs: sim.now() });
      break;
    }
  }
  // Let scheduled actions (the restart) happen, so the trace covers the whole script.
  const outcome = await sim.run();
  if (outcome.reason === 'deadlock' || outcome.reason === 'stalled') violations.push({ kind: outcome.reason, message: outcome.deadlock ?? 'deadlock', timeMs: sim.now() });

  let inside = 0;
  let samples = 0;
  let retried = 0;
  // Summed in submission order, whatever order they finished in.
  for (const [i, ref] of refs.entries()) {
    const s = ref.peek();
    if (s === null) continue;
    if (!s.ok) {
      violations.push({ kind: 'task-failed', message: `pi: task ${i} failed: ${errorText(s.error)}`, timeMs: sim.now() });
      continue;
    }
    const r = s.value as SampleResult;
    inside += r.inside;
    samples += r.samples;
    if (r.attempt > 0) retried += 1;
  }
  violations.push(...assertionViolations(sim.violations));

  const estimate = samples === 0 ? 0 : (4 * inside) / samples;
  output.push(`pi ≈ ${estimate.toFixed(4)} from ${samples} samples in ${o.tasks} tasks`);
  if (o.crash) output.push(`crashed ${CRASH_NODE} at ${CRASH_AT_MS}ms (restarted at ${RESTART_AT_MS}ms): ${retried} tasks retried`);

  return {
    scenario: 'pi',
    seed: sim.seed,
    ok: violations.length === 0,
    traceHash: sim.traceHash(),
    events: sim.eventCount,
    virtualTimeMs: sim.now(),
    violations,
    options: { ...o, strategy, maxRetries: MAX_RETRIES },
    figures: { estimate, tasks: o.tasks, samples, retried },
    output,
  };
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

export const piScenario: Scenario = {
  name: 'pi',
  summary: 'estimate π by Monte Carlo with remote tasks (the course\'s first exercise)',
  flags: PI_FLAGS,
  run: runPi,
};
