import { InvalidArgumentError } from '../core/errors';
import type { StrategyName } from '../sim';
import { getBug } from './bugs';
import { parseFaultSpec } from './fault-spec';
import type { Scenario, ScenarioRunOptions } from './result';
import { readScenarioOptions, type ScenarioFlag } from './scenario-flag';
import { runSwarm, SwarmRunResult } from './swarm';
import type { SwarmOptions } from './swarm-options';

// `actorsim run swarm --seed S`: one chaos run whose cluster, workload and
// faults the seed draws; flags override parts of the draw.

export const SWARM_FLAGS = [
  { name: 'mode', kind: 'string', default: 'recoverable', choices: ['recoverable', 'unlimited'], description: 'fault mode: recoverable (no acknowledged data destroyed: any loss is a bug) or unlimited (safety only)' },
  { name: 'faults', kind: 'string', default: '', description: 'fault kinds on, e.g. crash=2,wipe,bitrot or none (default: drawn from the seed)' },
  { name: 'bug', kind: 'string', default: '', description: 'run a deliberately broken store variant (see `actorsim bugs`)' },
  { name: 'storage-nodes', kind: 'integer', default: 0, min: 0, max: 64, description: 'storage nodes (0: drawn, 3..9)' },
  { name: 'replication', kind: 'integer', default: 0, min: 0, max: 64, description: 'replication factor R (0: drawn, 1 in a sixth of the seeds, else 2..min(5, nodes))' },
  { name: 'clients', kind: 'integer', default: 0, min: 0, max: 64, description: 'clients (0: drawn, 1..5, or 5..8 when the seed draws a hot name)' },
  { name: 'operations', kind: 'integer', default: 0, min: 0, max: 100000, description: 'client operations (0: drawn, 10..40)' },
  { name: 'block-report-ms', kind: 'integer', default: 0, min: 0, max: 3_600_000, description: 'block-report interval in ms (0: drawn, 4 heartbeats or 100..4000 apart from them)' },
] as const satisfies readonly ScenarioFlag[];

export interface SwarmCliOptions {
  mode: string;
  faults: string;
  bug: string;
  storageNodes: number;
  replication: number;
  clients: number;
  operations: number;
  blockReportMs?: number;
}

/** Flag values to the overrides of drawSwarmOptions (0 = drawn). */
export function swarmOverrides(o: SwarmCliOptions, strategy: StrategyName | undefined): Partial<SwarmOptions> {
  const out: Partial<SwarmOptions> = { mode: o.mode as SwarmOptions['mode'] };
  const faults = parseFaultSpec('--faults', o.faults);
  if (faults) out.faults = faults;
  if (o.storageNodes > 0) out.storageNodes = o.storageNodes;
  if (o.replication > 0) {
    if (o.storageNodes > 0 && o.replication > o.storageNodes) throw new InvalidArgumentError(`--replication ${o.replication} exceeds --storage-nodes ${o.storageNodes}`);
    out.replicationFactor = o.replication;
  }
  if (o.clients > 0) out.clients = o.clients;
  if (o.operations > 0) out.operations = o.operations;
  if ((o.blockReportMs ?? 0) > 0) out.blockReportIntervalMs = o.blockReportMs!;
  if (strategy) out.strategy = strategy;
  return out;
}

export async function runSwarmScenario(options: ScenarioRunOptions): Promise<SwarmRunResult> {
  const o = readScenarioOptions('swarm', SWARM_FLAGS, options);
  const bug = o.bug === '' ? null : getBug(o.bug);
  const overrides = swarmOverrides(o, options.strategy as StrategyName | undefined);
  return runSwarm({
    seed: options.seed,
    overrides,
    keepTrace: options.keepTrace === true,
    ...(bug ? { bug: bug.name, ...bug.classes } : {}),
  });
}

export const swarmScenario: Scenario = {
  name: 'swarm',
  summary: 'one chaos run: the seed draws the cluster, workload and faults; safety while faults rage, then liveness after healing',
  flags: SWARM_FLAGS,
  run: runSwarmScenario,
};
