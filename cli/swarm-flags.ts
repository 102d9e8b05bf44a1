import { STRATEGIES, type StrategyName } from '../sim';
import { getBug } from '../scenarios/bugs';
import { SWARM_FLAGS, swarmOverrides } from '../scenarios/swarm-scenario';
import type { SwarmOptions } from '../scenarios/swarm-options';
import type { FlagSpec, ParsedArgs } from './args';

// The flags that override a swarm seed's draw, shared by swarm, soak, hunt and replay --seed.

export const SWARM_OVERRIDE_FLAGS: readonly FlagSpec[] = [
  { name: 'strategy', type: 'string', value: STRATEGIES.join('|'), description: 'scheduling strategy (default: drawn per seed from the portfolio)' },
  ...SWARM_FLAGS.map((f): FlagSpec =>
    f.kind === 'integer'
      ? { name: f.name, type: 'string', value: 'N', default: String(f.default), description: `${f.description} (${f.min}..${f.max})` }
      : { name: f.name, type: 'string', value: 'choices' in f ? f.choices.join('|') : 'TEXT', default: f.default, description: f.description },
  ),
];

export interface SwarmSelection {
  overrides: Partial<SwarmOptions>;
  bug: string | null;
}

export function readSwarmSelection(args: ParsedArgs): SwarmSelection {
  const strategy = args.has('strategy') ? args.choice<StrategyName>('strategy', STRATEGIES, 'random') : undefined;
  const int = (name: string) => {
    const f = SWARM_FLAGS.find((x) => x.name === name)!;
    return args.integer(name, f as { min: number; max: number; default: number });
  };
  const bugName = args.string('bug') ?? '';
  const bug = bugName === '' ? null : getBug(bugName).name;
  const overrides = swarmOverrides(
    {
      mode: args.choice('mode', ['recoverable', 'unlimited'], 'recoverable'),
      faults: args.string('faults') ?? '',
      bug: bugName,
      storageNodes: int('storage-nodes'),
      replication: int('replication'),
      clients: int('clients'),
      operations: int('operations'),
      blockReportMs: int('block-report-ms'),
    },
    strategy,
  );
  return { overrides, bug };
}

/** The flags, spelled out, that reproduce a selection (for repro lines). */
export function selectionFlags(sel: SwarmSelection): string[] {
  const words: string[] = [];
  if (sel.bug) words.push('--bug', sel.bug);
  const o = sel.overrides;
  if (o.mode && o.mode !== 'recoverable') words.push('--mode', o.mode);
  if (o.strategy) words.push('--strategy', o.strategy);
  if (o.storageNodes) words.push('--storage-nodes', String(o.storageNodes));
  if (o.replicationFactor) words.push('--replication', String(o.replicationFactor));
  if (o.clients) words.push('--clients', String(o.clients));
  if (o.operations) words.push('--operations', String(o.operations));
  if (o.blockReportIntervalMs) words.push('--block-report-ms', String(o.blockReportIntervalMs));
  if (o.faults) {
    const on = Object.entries(o.faults).filter(([, n]) => n > 0);
    words.push('--faults', on.length ? on.map(([k, n]) => `${k}=${n}`).join(',') : 'none');
  }
  return words;
}
