import { InvalidArgumentError, show } from '../core/errors';
import { FAULT_KINDS, FaultKind, FaultMode, isFaultKind, Seed, Streams, StrategyName } from '../sim';
import { drawStrategy, isStrategyName, STRATEGIES } from '../sim';
import { WORLD_FAULT_KINDS } from '../sim/world-faults';
import { isDiskFaultKind } from '../sim/disk-faults';

// Swarm testing (Groce et al. 2012): every seed draws its own cluster, workload
// mix and fault mix, turning whole fault kinds off, from the `swarm` stream.
// Explicit overrides win over the draw.

export interface SwarmOptions {
  storageNodes: number;
  replicationFactor: number;
  chunkSizeBytes: number;
  heartbeatIntervalMs: number;
  deadTimeoutMs: number;
  clients: number;
  operations: number;
  /** Size of the artifact name space: small, so that operations collide. */
  names: number;
  /** Percent weights of upload, update, get, delete, status. */
  mix: { upload: number; update: number; get: number; delete: number; status: number };
  strategy: StrategyName;
  mode: FaultMode;
  /** Faults of each kind in the fault phase (0 = kind off). */
  faults: Record<FaultKind, number>;
  faultPhaseMs: number;
  latencyMsMean: number;
  /** BUGGIFY on in this run (ctx.buggify sites may fire): drawn per seed from its own stream. Absent (older repro files): drawn. */
  buggify?: boolean;
  /** Full block reports this often: drawn apart from the heartbeat, sometimes past the dead timeout (HDFS: 6 h against 10.5 min). */
  blockReportIntervalMs: number;
  /** Characters of written content: 'basic' (ASCII, é, ✓: the BMP only) or 'unicode' (every UTF-8 length, astral too). */
  alphabet: Alphabet;
  /** Percent of writes whose content is empty (no bytes: one empty chunk). */
  emptyContentPercent: number;
  /** Written content is up to this many chunks long (4: the old space; more: large artifacts). */
  contentChunksMax: number;
  /** Percent of named operations aimed at one hot name (0: names drawn evenly); above 0, more clients with less think time. */
  hotNamePercent: number;
  /** A client's think time before an op is drawn from 0..this-1. */
  thinkTimeMsMax: number;
}

export type Alphabet = 'basic' | 'unicode';
/** The knobs of the widened space (drawn from the `swarm-space` stream). */
type SpaceKey = 'blockReportIntervalMs' | 'alphabet' | 'emptyContentPercent' | 'contentChunksMax' | 'hotNamePercent' | 'thinkTimeMsMax';
export const ALPHABETS: readonly Alphabet[] = ['basic', 'unicode'];

export const MODES: readonly FaultMode[] = ['recoverable', 'unlimited'];

/** The widened space's knobs at their classic values (what every seed ran before issue 15). */
export function classicSpace(heartbeatIntervalMs: number): Pick<SwarmOptions, SpaceKey> {
  return { blockReportIntervalMs: heartbeatIntervalMs * 4, alphabet: 'basic', emptyContentPercent: 0, contentChunksMax: 4, hotNamePercent: 0, thinkTimeMsMax: 200 };
}

export function drawSwarmOptions(seed: Seed, overrides: Partial<SwarmOptions> = {}): SwarmOptions {
  const s = new Streams(seed).get('swarm');
  // Every value is drawn, overridden or not, so that an override changes only
  // what it names: the rest of the seed's draw stays the same.
  const drawnNodes = s.range(3, 9);
  const drawnR = s.range(2, Math.min(5, drawnNodes));
  const drawnHeartbeat = s.pick([50, 100, 150]);
  // An explicit R larger than the drawn cluster grows the cluster to fit it.
  const storageNodes = overrides.storageNodes ?? Math.max(drawnNodes, overrides.replicationFactor ?? 0);
  const replicationFactor = overrides.replicationFactor ?? Math.min(drawnR, storageNodes);
  const heartbeatIntervalMs = overrides.heartbeatIntervalMs ?? drawnHeartbeat;
  const faults = {} as Record<FaultKind, number>;
  // Kinds added later are drawn after everything else (below), so that a
  // seed keeps the cluster, workload and fault mix it drew before they existed.
  const laterKinds: readonly FaultKind[] = WORLD_FAULT_KINDS;
  // Disk kinds draw from their own stream, so that adding them left every earlier seed's draw as it
  // was. Those that change what the cluster does (lost and unreadable chunks, slow and full disks)
  // are on in a third of the seeds, so that they do not crowd out the older kinds; logrot, which
  // the mirror copy absorbs, in half.
  const disk = new Streams(seed).get('swarm-disk');
  for (const kind of FAULT_KINDS) {
    if (laterKinds.includes(kind)) continue;
    const from = isDiskFaultKind(kind) ? disk : s;
    if (kind === 'logrot') faults[kind] = from.chance(1, 2) ? from.range(2, 5) : 0; // short logs: a few rots to reach a live record
    else faults[kind] = from.chance(1, isDiskFaultKind(kind) ? 3 : 2) ? from.range(1, 3) : 0;
  }
  const drawn: Omit<SwarmOptions, SpaceKey> = {
    storageNodes,
    replicationFactor,
    chunkSizeBytes: s.pick([16, 32, 64, 128]),
    heartbeatIntervalMs,
    deadTimeoutMs: heartbeatIntervalMs * s.range(4, 8),
    clients: s.range(1, 5),
    operations: s.range(10, 40),
    names: s.range(1, 4),
    mix: { upload: s.range(10, 30), update: s.range(10, 30), get: s.range(10, 40), delete: s.range(3, 15), status: s.range(0, 5) },
    // From the portfolio (its own stream); the coin that once chose random or
    // pct is still drawn here, so that every later draw stays where it was.
    strategy: (s.chance(1, 2), drawStrategy(seed)),
    mode: 'recoverable',
    faults: { ...faults, ...(overrides.faults ?? {}) },
    faultPhaseMs: s.range(1500, 4000),
    latencyMsMean: s.pick([1, 2, 3, 5]),
  };
  for (const kind of laterKinds) {
    const n = s.chance(1, 2) ? s.range(1, 3) : 0;
    drawn.faults[kind] = overrides.faults?.[kind] ?? n;
  }
  // Swarm testing over families, from their own stream: a third of the seeds
  // run the classic kinds alone, a third add the disk kinds, a third the world
  // kinds (clocks, clogs, reordering, duplicated calls). All at once crowd each
  // other out (more faults, fewer of each rare interleaving), as the
  // swarm-testing paper found for features. logrot, which the edit log's
  // mirror absorbs, also runs with the classic kinds.
  const family = new Streams(seed).get('swarm-family').int(3);
  for (const kind of FAULT_KINDS) {
    const disk = isDiskFaultKind(kind) && family !== 1 && !(kind === 'logrot' && family === 0);
    const world = laterKinds.includes(kind) && family !== 2;
    if ((disk || world) && overrides.faults?.[kind] === undefined) drawn.faults[kind] = 0;
  }
  // From its own stream, last: it leaves every earlier draw of the seed as it was.
  drawn.buggify = new Streams(seed).get('swarm-buggify').chance(1, 2);
  const space = drawSpace(seed, drawn, overrides);
  const out = { ...drawn, ...space, ...overrides, faults: drawn.faults };
  if (out.buggify === undefined) out.buggify = drawn.buggify;
  return checkSwarmOptions(out);
}

/**
 * The widened space (issue 15), from its own stream so that every earlier
 * draw stays as it was: R = 1, a block-report interval apart from the
 * heartbeat (often past the dead timeout), content of every UTF-8 length,
 * empty and many-chunk content, and one hot name that many clients contend
 * on. Each dimension's old value is what a seed draws when that dimension is
 * off, so an override of one knob puts that dimension back in the old space.
 */
function drawSpace(seed: Seed, drawn: Omit<SwarmOptions, SpaceKey>, overrides: Partial<SwarmOptions>): Pick<SwarmOptions, SpaceKey | 'replicationFactor' | 'clients' | 'chunkSizeBytes'> {
  const s = new Streams(seed).get('swarm-space');
  // Half the seeds keep the classic space whole, so that they run as they did before the space grew
  // (the bug catalogue's finds there stay where they were); the other half widen each dimension
  // on its own. Every value is drawn either way, so that an override changes only what it names.
  const widen = s.chance(1, 2);
  const rOne = s.chance(1, 3) && widen;
  const reportApart = s.chance(1, 2) && widen;
  const reportMs = s.range(100, 4000);
  const unicode = s.chance(1, 2) && widen;
  const empty = s.chance(1, 2) && widen;
  const emptyPercent = s.range(20, 50);
  const large = s.chance(1, 3) && widen;
  const largeChunks = s.pick([20, 32]);
  const hot = s.chance(1, 2) && widen;
  const hotPercent = s.range(70, 95);
  const hotClients = s.range(5, 8);
  const hotThinkMs = s.range(2, 25);
  // Half the large artifacts come in chunks smaller than a character (1..5 bytes): most chunks then hold part of one.
  const tinyChunks = s.chance(1, 2);
  const tinyChunkBytes = s.pick([1, 2, 3, 5]);
  const hb = overrides.heartbeatIntervalMs ?? drawn.heartbeatIntervalMs;
  const hotNamePercent = overrides.hotNamePercent ?? (hot ? hotPercent : 0);
  const classic = classicSpace(hb);
  const contentChunksMax = overrides.contentChunksMax ?? (large ? largeChunks : classic.contentChunksMax);
  return {
    chunkSizeBytes: contentChunksMax > classic.contentChunksMax && tinyChunks ? tinyChunkBytes : drawn.chunkSizeBytes,
    replicationFactor: rOne ? 1 : drawn.replicationFactor,
    blockReportIntervalMs: reportApart ? reportMs : classic.blockReportIntervalMs,
    alphabet: unicode ? 'unicode' : classic.alphabet,
    emptyContentPercent: empty ? emptyPercent : classic.emptyContentPercent,
    contentChunksMax,
    hotNamePercent,
    clients: hotNamePercent > 0 ? Math.max(drawn.clients, hotClients) : drawn.clients,
    thinkTimeMsMax: hotNamePercent > 0 ? hotThinkMs : classic.thinkTimeMsMax,
  };
}

export function checkSwarmOptions(o: SwarmOptions): SwarmOptions {
  const int = (key: keyof SwarmOptions, lo: number, hi: number) => {
    const v = o[key];
    if (!Number.isInteger(v) || (v as number) < lo || (v as number) > hi) throw new InvalidArgumentError(`swarm options: ${key} must be an integer in ${lo}..${hi}, got ${show(v)}`);
  };
  int('storageNodes', 1, 64);
  int('replicationFactor', 1, o.storageNodes);
  int('chunkSizeBytes', 1, 1 << 20);
  int('heartbeatIntervalMs', 1, 60_000);
  int('deadTimeoutMs', o.heartbeatIntervalMs + 1, 600_000);
  int('clients', 1, 64);
  int('operations', 0, 100_000);
  int('names', 1, 10_000);
  int('faultPhaseMs', 1, 3_600_000);
  int('latencyMsMean', 0, 10_000);
  int('blockReportIntervalMs', 1, 3_600_000);
  int('emptyContentPercent', 0, 100);
  int('contentChunksMax', 1, 10_000);
  int('hotNamePercent', 0, 100);
  int('thinkTimeMsMax', 1, 60_000);
  if (!ALPHABETS.includes(o.alphabet)) throw new InvalidArgumentError(`swarm options: alphabet must be ${ALPHABETS.join(' or ')}, got ${show(o.alphabet)}`);
  if (!isStrategyName(o.strategy)) throw new InvalidArgumentError(`swarm options: strategy must be one of ${STRATEGIES.join(', ')}, got ${show(o.strategy)}`);
  if (o.buggify !== undefined && typeof o.buggify !== 'boolean') throw new InvalidArgumentError(`swarm options: buggify must be true or false, got ${show(o.buggify)}`);
  if (!MODES.includes(o.mode)) throw new InvalidArgumentError(`swarm options: mode must be recoverable or unlimited, got ${show(o.mode)}`);
  for (const [k, v] of Object.entries(o.faults)) {
    if (!isFaultKind(k)) throw new InvalidArgumentError(`swarm options: unknown fault kind ${show(k)} (known: ${FAULT_KINDS.join(', ')})`);
    if (!Number.isInteger(v) || v < 0) throw new InvalidArgumentError(`swarm options: faults.${k} must be an integer >= 0, got ${show(v)}`);
  }
  return o;
}

/** Lines that say what the seed meant, printed before a run. */
export function describeSwarmOptions(seed: Seed, o: SwarmOptions): string[] {
  const on = FAULT_KINDS.filter((k) => o.faults[k] > 0).map((k) => `${k}×${o.faults[k]}`);
  return [
    `seed ${seed}: ${o.storageNodes} storage nodes, R=${o.replicationFactor}, chunks of ${o.chunkSizeBytes} B, heartbeat ${o.heartbeatIntervalMs} ms, dead after ${o.deadTimeoutMs} ms, latency 1+exp(${o.latencyMsMean}) ms`,
    `  block reports every ${o.blockReportIntervalMs} ms${o.blockReportIntervalMs > o.deadTimeoutMs ? ' (past the dead timeout)' : ''}`,
    `  workload: ${o.clients} clients, ${o.operations} operations over ${o.names} names, mix upload ${o.mix.upload} update ${o.mix.update} get ${o.mix.get} delete ${o.mix.delete} status ${o.mix.status}`,
    `  contents: ${o.alphabet} characters, up to ${o.contentChunksMax} chunks, ${o.emptyContentPercent}% empty; ${o.hotNamePercent}% of named ops on one hot name, think time under ${o.thinkTimeMsMax} ms`,
    `  strategy ${o.strategy}, mode ${o.mode}, fault phase ${o.faultPhaseMs} ms, faults: ${on.length ? on.join(' ') : 'none'}${o.buggify ? ', buggify on' : ''}`,
  ];
}
