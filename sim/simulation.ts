import type { ActorErrorDetail } from '../core/actors/report-actor-error';
import { InvalidArgumentError, show } from '../core/errors';
import { assert, installAssertionSink, markReported, wasReported } from '../core/assert';
import type { AssertionFailedError } from '../core/errors';
import type { Envelope, Host, HostHandlers, LogLevel, RandomStream, TimerId } from '../core/actors/host';
import { SimDisk } from './disk';
import { digestBody } from './digest';
import { LinkClogs } from './clog';
import { checkClockOptions, ClockOptions, NodeClock } from './clock';
import { tracedDisk } from './traced-disk';
import { EventQueue } from './event-queue';
import { checkNetworkOptions, drawLatencyMs, NetworkOptions, toPpm } from './network';
import { checkSeed, Seed, Streams } from './random';
import { checkSchedulerOptions, makeScheduler, Scheduler, StrategyName } from './scheduler';
import { Trace, TraceEvent } from './trace';
import { SimFaultPoints } from './fault-points';

// The world: a virtual clock that jumps to the next event, one seed driving
// every decision through named streams, nodes that crash, restart, pause and
// lose their disks, and a network that delays, loses, duplicates and
// partitions messages at delivery time. Implements the Host of core/actors.

export interface SimulationOptions {
  seed: Seed;
  network?: Partial<NetworkOptions>;
  strategy?: StrategyName;
  pctDepth?: number;
  pctSteps?: number;
  /** Fair PCT's PCT prefix in events (default 500). */
  fairPctPrefixSteps?: number;
  /** Delay-bounded scheduling's delays (default 3) and the enqueued events they spread over (default 1,000). */
  delayBound?: number;
  delaySteps?: number;
  /** Keep every trace event (for replay and reports); the hash is always kept. */
  keepTrace?: boolean;
  /** Keep every ctx.log line in `sim.logs` (default: keepTrace). */
  keepLogs?: boolean;
  /**
   * Fold value digests (payloads, senders, receiving actors, replies, disk
   * writes) into the trace hash (default true). Off only to measure what they cost.
   */
  traceValues?: boolean;
  /** Keep the running hash after every event (for replay's first differing event); implied by keepTrace. */
  keepDigests?: boolean;
  /** Per-node clock offset and drift bounds (default perfect clocks); see sim/clock.ts. */
  clocks?: Partial<ClockOptions>;
  /** How far `drive` (system.get / wait from driver code) may advance virtual time at most (default 10 minutes). */
  maxDriveMs?: number;
  /**
   * A run with calls pending of which none was delivered or answered for
   * this much virtual time ends `stalled` (timers may still be running):
   * default 2 virtual minutes; 0 turns it off.
   */
  stallMs?: number;
  /**
   * BUGGIFY on for this run (default false): each ctx.buggify site is then
   * enabled or not once per run and fires on some asks (sim/fault-points.ts).
   */
  buggify?: boolean;
}

export interface RunOptions {
  /** Stop before the first event later than this virtual time; the clock ends at it, also when the queue drains first. */
  untilMs?: number;
  /** Stop after this many events. */
  maxEvents?: number;
}

export type StopReason = 'idle' | 'until' | 'max-events' | 'predicate' | 'deadlock' | 'stalled';

export interface RunOutcome {
  reason: StopReason;
  events: number;
  timeMs: number;
  /** Set when reason is 'deadlock' or 'stalled': what is pending, naming the oldest call. */
  deadlock?: string;
}

export interface NodeInfo {
  id: string;
  up: boolean;
  pausedUntilMs: number;
  crashes: number;
  restarts: number;
  wipes: number;
}

export interface Violation {
  timeMs: number;
  where: string;
  message: string;
  /** Absent: an assertion. */
  kind?: 'actor-error';
  actor?: string;
  method?: string;
  stack?: string;
}

interface SimNode {
  readonly id: string;
  up: boolean;
  epoch: number;
  pausedUntilMs: number;
  crashes: number;
  restarts: number;
  wipes: number;
  readonly disk: SimDisk;
  /** The disk as actor code sees it: writes folded into the trace. */
  tracedDisk: SimDisk | null;
  /** The trace's hash of the id. */
  readonly hash: number;
  /** Per outgoing link: the last arrival scheduled on it (FIFO). */
  readonly links: Map<string, LinkState>;
  readonly clock: NodeClock;
}

class LinkState {
  t = Number.NEGATIVE_INFINITY;
  tie = 0;
  /** Per-link latency (setLinkLatency); null: the network's. */
  latency: NetworkOptions | null = null;
}

/** Events of one virtual millisecond dispatched before continuations run (see loop). */
const BATCH_MAX = 64;
const DELIVER = 0;
const TIMER = 1;
const ACTION = 2;

// A class, not an object literal: V8 may decide to allocate every object of a
// literal site in the old generation once a burst of them survives a young GC
// (allocation-site pretenuring), which for the one event per message made the
// kernel's speed depend on when a GC happened to run during a run's setup.
class SimEvent {
  // Declared, not defined: the constructor assigns each field once.
  declare t: number;
  declare tie: number;
  declare seq: number;
  /** Timer id (stable across deferrals); 0 for other events. */
  declare readonly tid: number;
  declare readonly type: number;
  declare readonly node: string;
  declare readonly epoch: number;
  declare readonly owner: string;
  declare readonly env: Envelope | null;
  declare readonly fn: (() => void) | null;
  declare readonly label: string;
  declare cancelled: boolean;

  constructor(t: number, tie: number, seq: number, tid: number, type: number, node: string, epoch: number, owner: string, env: Envelope | null, fn: (() => void) | null, label: string, cancelled: boolean) {
    this.t = t;
    this.tie = tie;
    this.seq = seq;
    this.tid = tid;
    this.type = type;
    this.node = node;
    this.epoch = epoch;
    this.owner = owner;
    this.env = env;
    this.fn = fn;
    this.label = label;
    this.cancelled = cancelled;
  }
}

export const DRIVER_NODE = '@driver';

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}
const SIM_NODE = '@sim';

/** One ctx.log line, at the virtual time it was told. */
export interface SimLogLine {
  timeMs: number;
  node: string;
  actor: string;
  level: LogLevel;
  message: string;
}

export class Simulation implements Host {
  readonly seed: Seed;
  readonly streams: Streams;
  readonly driverNode = DRIVER_NODE;
  readonly trace: Trace;
  readonly violations: Violation[] = [];
  /** What actors told their operator (ctx.log), kept when `keepTrace` or `keepLogs` is set; never hashed. */
  readonly logs: SimLogLine[] = [];
  /** Log lines told, kept or not. */
  logCount = 0;
  private readonly keepLogs: boolean;
  private readonly logListeners: Array<(line: SimLogLine) => void> = [];
  /** Messages handed to a live node (duplicates count twice): for messages-per-operation figures. */
  delivered = 0;
  private network: NetworkOptions;
  private lossPpm: number;
  private dupPpm: number;
  private dupCallPpm: number;
  private readonly scheduler: Scheduler;
  private readonly queue = new EventQueue<SimEvent>();
  private readonly nodeMap = new Map<string, SimNode>();
  private readonly timers = new Map<number, SimEvent>();
  private readonly blocked = new Map<string, Set<string>>();
  private blockedCount = 0;
  private readonly clogs = new LinkClogs<SimEvent>();
  /** Links from senders that are not nodes of this world (never in practice; kept apart for safety). */
  private readonly strayLinks = new Map<string, LinkState>();
  private handlers: HostHandlers | null = null;
  private clockMs = 0;
  private seq = 0;
  private deferrals = 0;
  private steps = 0;
  private running = false;
  private readonly maxDriveMs: number;
  private readonly clockOptions: ClockOptions;
  private readonly stallMs: number;
  private readonly traceValues: boolean;
  /** The runtime's progress count when last sampled, and when it last changed. */
  private progressSeen = -1;
  private progressAtMs = 0;
  private nextStallCheckMs = 0;
  /** Why the last drive stopped without its condition holding (for get's error). */
  private driveStop: string | null = null;
  private readonly netStream;
  private readonly violationListeners: Array<(v: Violation) => void> = [];
  /** Drivers waiting while another drives the loop (concurrent system.get / wait). */
  private readonly driveWaiters: Array<{ done: () => boolean; wake: () => void }> = [];
  /** BUGGIFY sites and coverage marks of this run (ctx.buggify, ctx.mark). */
  readonly faultPoints: SimFaultPoints;

  constructor(options: SimulationOptions) {
    if (options === null || typeof options !== 'object') throw new InvalidArgumentError(`Simulation: options must be an object with a seed, got ${show(options)}`);
    this.seed = checkSeed('Simulation', options.seed);
    this.streams = new Streams(this.seed);
    this.network = checkNetworkOptions('Simulation', options.network ?? {});
    this.lossPpm = toPpm(this.network.lossRate);
    this.dupPpm = toPpm(this.network.duplicateRate);
    this.dupCallPpm = toPpm(this.network.duplicateCallRate);
    const sched = checkSchedulerOptions({
      ...(options.strategy !== undefined ? { strategy: options.strategy } : {}),
      ...(options.pctDepth !== undefined ? { pctDepth: options.pctDepth } : {}),
      ...(options.pctSteps !== undefined ? { pctSteps: options.pctSteps } : {}),
      ...(options.fairPctPrefixSteps !== undefined ? { fairPctPrefixSteps: options.fairPctPrefixSteps } : {}),
      ...(options.delayBound !== undefined ? { delayBound: options.delayBound } : {}),
      ...(options.delaySteps !== undefined ? { delaySteps: options.delaySteps } : {}),
    });
    this.scheduler = makeScheduler(sched, this.streams.get('scheduler'));
    this.trace = new Trace(options.keepTrace ?? false, undefined, (options.keepTrace ?? false) || (options.keepDigests ?? false));
    this.keepLogs = options.keepLogs ?? options.keepTrace ?? false;
    this.maxDriveMs = options.maxDriveMs ?? 600_000;
    if (!(this.maxDriveMs > 0)) throw new InvalidArgumentError(`Simulation: maxDriveMs must be > 0, got ${show(options.maxDriveMs)}`);
    this.traceValues = options.traceValues ?? true;
    this.stallMs = options.stallMs ?? 120_000;
    if (!(Number.isFinite(this.stallMs) && this.stallMs >= 0)) throw new InvalidArgumentError(`Simulation: stallMs must be a finite number >= 0 (0 = off), got ${show(options.stallMs)}`);
    this.netStream = this.streams.get('network');
    this.clockOptions = checkClockOptions('Simulation', options.clocks ?? {});
    this.nodeMap.set(DRIVER_NODE, this.makeNode(DRIVER_NODE));
    this.faultPoints = new SimFaultPoints(this.streams, options.buggify ?? false);
  }

  private makeNode(id: string): SimNode {
    // The driver is the harness: its clock is virtual time. Each node's clock is drawn from its own stream.
    const clock = id === DRIVER_NODE ? new NodeClock(0, 0) : NodeClock.draw(this.streams.get(`clock:${id}`), this.clockOptions);
    // A slow sync waits on the node's own timers: paused with it, dropped when it crashes.
    const delay = (ms: number) => new Promise<void>((resolve) => void this.setTimer(id, ms, resolve, null, 'disk sync'));
    return {
      clock, id, up: true, epoch: 0, pausedUntilMs: 0, crashes: 0, restarts: 0, wipes: 0, disk: new SimDisk({ delay }), tracedDisk: null, hash: this.trace.str(id), links: new Map() };
  }

  // ------------------------------------------------------------------ Host

  now(): number {
    return this.clockMs;
  }

  /** `node`'s wall clock: virtual time with its offset, drift and any clock fault (what ctx.now() reads). */
  nodeNow(node: string): number {
    const n = this.nodeMap.get(node);
    return n === undefined ? this.clockMs : n.clock.wall(this.clockMs);
  }

  /** `node`'s monotonic clock: drift only, never offset or jumps (ctx.monotonicNow()). */
  monotonicNow(node: string): number {
    const n = this.nodeMap.get(node);
    return n === undefined ? this.clockMs : n.clock.monotonic(this.clockMs);
  }

  /** Steps `node`'s wall clock by `deltaMs` (forward or back), as an NTP step or Jepsen's clock nemesis does; timers are unaffected. */
  jumpClock(node: string, deltaMs: number): void {
    const n = this.faultable('jumpClock', node);
    if (!Number.isInteger(deltaMs)) throw new InvalidArgumentError(`jumpClock: delta must be an integer number of ms, got ${show(deltaMs)}`);
    n.clock.jumpMs += deltaMs;
    this.trace.record(this.clockMs, 'clock', node, 'jump', n.clock.jumpMs);
  }

  /** Undoes every jump of `node`'s wall clock (NTP steps it back to its drawn offset). */
  resetClock(node: string): void {
    const n = this.faultable('resetClock', node);
    n.clock.jumpMs = 0;
    this.trace.record(this.clockMs, 'clock', node, 'reset', 0);
  }

  /** Sets `node`'s drift rate (ppm, > -1e6): for showing what breaks beyond the documented bound. */
  setClockDrift(node: string, driftPpm: number): void {
    const n = this.faultable('setClockDrift', node);
    if (!Number.isInteger(driftPpm) || driftPpm <= -1_000_000) throw new InvalidArgumentError(`setClockDrift: drift must be an integer ppm > -1000000, got ${show(driftPpm)}`);
    n.clock.setDrift(this.clockMs, driftPpm);
    this.trace.record(this.clockMs, 'clock', node, 'drift', driftPpm);
  }

  clockInfo(node: string): { offsetMs: number; driftPpm: number; jumpMs: number } {
    const c = this.node('clockInfo', node).clock;
    return { offsetMs: c.offsetMs, driftPpm: c.driftPpm, jumpMs: c.jumpMs };
  }

  nodes(): string[] {
    return [...this.nodeMap.keys()];
  }

  isUp(node: string): boolean {
    return this.nodeMap.get(node)?.up ?? false;
  }

  attach(handlers: HostHandlers): void {
    if (this.handlers) throw new InvalidArgumentError('Simulation.attach: an actor system is already attached');
    this.handlers = handlers;
  }

  random(stream: string): RandomStream {
    return this.streams.get(stream);
  }

  /** ctx.buggify: seeded per site from its own stream; false in a run without buggify. */
  buggify(_node: string, site: string): boolean {
    return this.faultPoints.buggify(site);
  }

  /** ctx.mark: counted per run, never traced. */
  mark(_node: string, name: string): void {
    this.faultPoints.mark(name);
  }

  /** Coverage marks reached in this run: hits per name, sorted by name. */
  marks(): Record<string, number> {
    return this.faultPoints.marks();
  }

  disk(node: string): SimDisk {
    const n = this.node('disk', node);
    if (!this.traceValues) return n.disk;
    if (n.tracedDisk === null) {
      n.tracedDisk = tracedDisk(n.disk, (op, key, digest) => {
        this.trace.record(this.clockMs, 'write', node, `${op} ${key}`, 0, { digest: hex8(digest) });
      });
    }
    return n.tracedDisk;
  }

  /** A message's digest: payload, sender and receiving actor, kind (see sim/digest.ts). */
  private envelopeDigest(env: Envelope): number {
    let h = digestBody(env.body);
    h = Math.imul(h ^ this.trace.str(env.kind), 0x01000193);
    h = Math.imul(h ^ this.trace.str(env.fromNode), 0x01000193);
    h = Math.imul(h ^ (env.fromActor === null ? 0 : this.trace.str(env.fromActor)), 0x01000193);
    h = Math.imul(h ^ (env.toActor === null ? 0 : this.trace.str(env.toActor)), 0x01000193);
    return h >>> 0;
  }

  send(env: Envelope): void {
    const label = env.label;
    if (this.lossPpm > 0 && this.netStream.int(1_000_000) < this.lossPpm) {
      this.trace.record(this.clockMs, 'drop', env.toNode, label, env.id, { from: env.fromNode, message: env.kind, detail: 'loss' });
      return;
    }
    this.enqueueDelivery(env);
    const dupPpm = env.kind === 'call' ? this.dupCallPpm : this.dupPpm;
    if (dupPpm > 0 && this.netStream.int(1_000_000) < dupPpm) {
      this.trace.record(this.clockMs, 'dup', env.toNode, label, env.id, { from: env.fromNode, message: env.kind });
      this.enqueueDelivery(env);
    }
  }

  private enqueueDelivery(env: Envelope): void {
    const from = this.nodeMap.get(env.fromNode);
    const links = from !== undefined ? from.links : this.strayLinks;
    let last = links.get(env.toNode);
    if (last === undefined) links.set(env.toNode, (last = new LinkState()));
    let t = this.clockMs + drawLatencyMs(last.latency ?? this.network, this.netStream);
    const owner = env.toActor ?? env.toNode;
    let tie = this.scheduler.tie(owner);
    if (this.network.fifo) {
      // The link's last scheduled arrival: nothing sent later may overtake it.
      if (t < last.t || (t === last.t && tie <= last.tie)) {
        t = last.t;
        tie = last.tie + 1;
      }
      last.t = t;
      last.tie = tie;
    }
    this.push(new SimEvent(t, tie, this.seq++, 0, DELIVER, env.toNode, 0, owner, env, null, env.label, false));
  }

  setTimer(node: string, delayMs: number, fn: () => void, owner: string | null, label: string): TimerId {
    const n = this.node('setTimer', node);
    if (!(delayMs >= 0) || !Number.isFinite(delayMs)) throw new InvalidArgumentError(`setTimer: delay must be a finite number of ms >= 0, got ${show(delayMs)}`);
    const o = owner ?? node;
    const seq = this.seq++;
    const ev = new SimEvent(this.clockMs + n.clock.toVirtualMs(Math.ceil(delayMs)), this.scheduler.tie(o), seq, seq, TIMER, node, n.epoch, o, null, fn, label, false);
    this.timers.set(seq, ev);
    this.push(ev);
    return seq;
  }

  clearTimer(id: TimerId): void {
    const ev = this.timers.get(id);
    if (ev) {
      ev.cancelled = true;
      this.timers.delete(id);
    }
  }

  log(node: string, actorId: string, level: LogLevel, message: string): void {
    this.logCount += 1;
    if (!this.keepLogs && this.logListeners.length === 0) return;
    const line: SimLogLine = { timeMs: this.clockMs, node, actor: actorId, level, message };
    if (this.keepLogs) this.logs.push(line);
    for (const l of this.logListeners) l(line);
  }

  /** Calls `listener` with every ctx.log line as it is told (prints a run's decisions as they happen). */
  onLog(listener: (line: SimLogLine) => void): void {
    this.logListeners.push(listener);
  }

  reportViolation(where: string, message: string, detail?: ActorErrorDetail): void {
    // The stack stays out of the trace hash (file paths differ between machines).
    const v: Violation = { timeMs: this.clockMs, where, message, ...(detail ? { kind: detail.kind, actor: detail.actor, method: detail.method, stack: detail.stack } : {}) };
    this.violations.push(v);
    this.trace.record(this.clockMs, 'violation', where, message, 0);
    for (const l of this.violationListeners) l(v);
  }

  onViolation(listener: (v: Violation) => void): void {
    this.violationListeners.push(listener);
  }

  async drive(done: () => boolean): Promise<void> {
    const start = this.clockMs;
    const limit = start + this.maxDriveMs;
    this.driveStop = null;
    // Several gets may be pending at once (Promise.all, or actor code): one
    // drives the loop; the others wait for their condition or for the loop to
    // stop, then drive it themselves if still not done.
    while (!done()) {
      if (!this.running) {
        const out = await this.loop(done, { untilMs: limit });
        if (!done()) this.driveStop = this.describeStop(out, start);
        return;
      }
      await new Promise<void>((wake) => this.driveWaiters.push({ done, wake }));
    }
  }

  /** Why a run stopped before what it waited for happened, in words. */
  private describeStop(out: RunOutcome, startMs: number): string {
    const p = this.handlers!.pending();
    const pending = `${p.count} calls pending, oldest ${p.oldest ?? 'none'}`;
    switch (out.reason) {
      case 'until':
        return `drive limit: ran ${out.timeMs - startMs} virtual ms (maxDriveMs ${this.maxDriveMs}) without it settling; ${pending}`;
      case 'stalled':
      case 'deadlock':
        return out.deadlock ?? `${out.reason}: ${pending}`;
      default:
        return `${out.reason}: nothing left to run; ${pending}`;
    }
  }

  /** Why the last drive stopped without its condition holding, or null (Host.driveStopReason). */
  driveStopReason(): string | null {
    return this.driveStop;
  }

  private wakeDrivers(all: boolean): void {
    for (let i = 0; i < this.driveWaiters.length; ) {
      const w = this.driveWaiters[i]!;
      if (all || w.done()) {
        this.driveWaiters.splice(i, 1);
        w.wake();
      } else i++;
    }
  }

  // ----------------------------------------------------------------- world

  addNode(id: string): void {
    if (typeof id !== 'string' || id.length === 0 || id.startsWith('@')) {
      throw new InvalidArgumentError(`addNode: node id must be a non-empty string not starting with @, got ${show(id)}`);
    }
    if (this.nodeMap.has(id)) throw new InvalidArgumentError(`addNode: node ${show(id)} already exists`);
    this.nodeMap.set(id, this.makeNode(id));
  }

  nodeInfo(id: string): NodeInfo {
    const n = this.node('nodeInfo', id);
    return { id: n.id, up: n.up, pausedUntilMs: n.pausedUntilMs, crashes: n.crashes, restarts: n.restarts, wipes: n.wipes };
  }

  /** The node's process dies: its actors' memory is lost, its disk stays. */
  crash(id: string): void {
    const n = this.faultable('crash', id);
    if (!n.up) throw new InvalidArgumentError(`crash: node ${show(id)} is already down`);
    n.up = false;
    n.epoch += 1;
    n.pausedUntilMs = 0;
    n.crashes += 1;
    this.trace.record(this.clockMs, 'crash', id, 'crash', n.epoch);
    if (this.clogs.count > 0) {
      for (const ev of this.clogs.dropTo(id)) this.trace.record(this.clockMs, 'drop', id, ev.label, ev.env!.id, { from: ev.env!.fromNode, message: ev.env!.kind, detail: 'node-down' });
    }
    // Unsynced writes are lost; the seed decides whether the last one lands torn.
    const disk = this.streams.get('disk');
    const loss = n.disk.crash((k) => disk.int(k));
    if (loss.lost > 0) this.trace.record(this.clockMs, 'disk', id, `lost ${loss.lost} unsynced writes${loss.torn === 'none' ? '' : `, tore the last ${loss.torn} (${loss.key})`}`, loss.lost);
    this.handlers?.nodeDown(id, false);
  }

  /** The node's process starts again: restartable actors are re-created from their constructors. */
  restart(id: string): void {
    const n = this.faultable('restart', id);
    if (n.up) throw new InvalidArgumentError(`restart: node ${show(id)} is already up`);
    n.up = true;
    n.restarts += 1;
    this.trace.record(this.clockMs, 'restart', id, 'restart', n.epoch);
    this.handlers?.nodeUp(id);
  }

  /** The disk is lost as well: crashes the node if it is up; it stays down until restarted. */
  wipe(id: string): void {
    const n = this.faultable('wipe', id);
    if (n.up) this.crash(id);
    n.disk.clear();
    n.wipes += 1;
    this.trace.record(this.clockMs, 'wipe', id, 'wipe', n.epoch);
  }

  /** A long GC pause: the node's timers and incoming messages wait until it ends. */
  pause(id: string, ms: number): void {
    const n = this.faultable('pause', id);
    if (!(ms > 0) || !Number.isFinite(ms)) throw new InvalidArgumentError(`pause: duration must be a finite number of ms > 0, got ${show(ms)}`);
    if (!n.up) throw new InvalidArgumentError(`pause: node ${show(id)} is down`);
    n.pausedUntilMs = Math.max(n.pausedUntilMs, this.clockMs + Math.ceil(ms));
    this.trace.record(this.clockMs, 'pause', id, 'pause', n.pausedUntilMs);
  }

  /** Bit rot on a disk key (see SimDisk.corrupt). */
  corrupt(id: string, key: string): boolean {
    const n = this.node('corrupt', id);
    const stream = this.streams.get('faults');
    const ok = n.disk.corrupt(key, (len) => stream.int(len));
    if (ok) this.trace.record(this.clockMs, 'corrupt', id, key, 0);
    return ok;
  }

  /** Messages between the two groups are dropped at delivery, both ways, until heal. */
  partition(groupA: readonly string[], groupB: readonly string[]): void {
    this.checkGroup('partition', groupA);
    this.checkGroup('partition', groupB);
    for (const a of groupA) for (const b of groupB) {
      this.block(a, b);
      this.block(b, a);
    }
    this.trace.record(this.clockMs, 'partition', SIM_NODE, `${groupA.join(',')}|${groupB.join(',')}`, 0);
  }

  /** Messages from `from` to `to` are dropped; the other direction still flows. */
  partitionOneWay(from: readonly string[], to: readonly string[]): void {
    this.checkGroup('partitionOneWay', from);
    this.checkGroup('partitionOneWay', to);
    for (const a of from) for (const b of to) this.block(a, b);
    this.trace.record(this.clockMs, 'partition', SIM_NODE, `${from.join(',')}>${to.join(',')}`, 1);
  }

  /** Cuts one node off from every other node (the driver included). */
  isolate(id: string): void {
    this.node('isolate', id);
    const others = this.nodes().filter((n) => n !== id);
    this.partition([id], others);
  }

  heal(): void {
    this.blocked.clear();
    this.blockedCount = 0;
    this.trace.record(this.clockMs, 'heal', SIM_NODE, 'heal', 0);
  }

  /** Holds the messages that reach `to` from `from` (one direction) until unclog; nothing is lost by the clog. */
  clog(from: string, to: string): void {
    this.node('clog', from);
    this.node('clog', to);
    this.clogs.clog(from, to);
    this.trace.record(this.clockMs, 'clog', from, `clog ${from}>${to}`, 1);
  }

  /** Clogs every link to and from `id`. */
  clogNode(id: string): void {
    this.node('clogNode', id);
    for (const other of this.nodes()) if (other !== id) {
      this.clog(id, other);
      this.clog(other, id);
    }
  }

  /** Releases what the link held, in arrival order, now (partitions and crashes then apply as usual). */
  unclog(from: string, to: string): void {
    this.node('unclog', from);
    this.node('unclog', to);
    const held = this.clogs.unclog(from, to);
    this.trace.record(this.clockMs, 'clog', from, `unclog ${from}>${to}`, held.length);
    for (const ev of held) {
      ev.t = this.clockMs;
      ev.seq = this.seq++;
      ev.tie = Number.MIN_SAFE_INTEGER + this.deferrals++;
      this.queue.push(ev);
    }
  }

  unclogNode(id: string): void {
    this.node('unclogNode', id);
    for (const other of this.nodes()) if (other !== id) {
      this.unclog(id, other);
      this.unclog(other, id);
    }
  }

  unclogAll(): void {
    for (const [from, to] of this.clogs.links()) this.unclog(from, to);
  }

  isClogged(from: string, to: string): boolean {
    return this.clogs.isClogged(from, to);
  }

  /** Latency of one directed link from now on (overrides the network's for it); null restores the network's. */
  setLinkLatency(from: string, to: string, latency: { latencyMsMin: number; latencyMsMean: number } | null): void {
    const f = this.node('setLinkLatency', from);
    this.node('setLinkLatency', to);
    if (latency !== null) {
      for (const key of ['latencyMsMin', 'latencyMsMean'] as const) {
        const v = (latency as Record<string, unknown>)?.[key];
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new InvalidArgumentError(`setLinkLatency: ${key} must be a finite number >= 0, got ${show(v)}`);
      }
    }
    let link = f.links.get(to);
    if (link === undefined) f.links.set(to, (link = new LinkState()));
    link.latency = latency === null ? null : { ...this.network, latencyMsMin: latency.latencyMsMin, latencyMsMean: latency.latencyMsMean };
    this.trace.record(this.clockMs, 'network', from, latency === null ? `link ${to} default` : `link ${to} lat=${latency.latencyMsMin}+${latency.latencyMsMean}`, 0);
  }

  isBlocked(from: string, to: string): boolean {
    return this.blockedCount > 0 && (this.blocked.get(from)?.has(to) ?? false);
  }

  /** Changes network behaviour from now on (latency spikes, loss bursts). */
  setNetwork(options: Partial<NetworkOptions>): void {
    this.network = checkNetworkOptions('setNetwork', options, this.network);
    this.lossPpm = toPpm(this.network.lossRate);
    this.dupPpm = toPpm(this.network.duplicateRate);
    this.dupCallPpm = toPpm(this.network.duplicateCallRate);
    const n = this.network;
    this.trace.record(this.clockMs, 'network', SIM_NODE, `lat=${n.latencyMsMin}+${n.latencyMsMean} loss=${n.lossRate} dup=${n.duplicateRate} dupcall=${n.duplicateCallRate} fifo=${n.fifo}`, 0);
  }

  networkOptions(): NetworkOptions {
    return { ...this.network };
  }

  /** Runs `fn` at virtual time `timeMs` (now if earlier): fault schedules and scripted steps. */
  at(timeMs: number, fn: () => void, label = 'action'): void {
    if (!Number.isFinite(timeMs)) throw new InvalidArgumentError(`at: time must be a finite number of ms, got ${show(timeMs)}`);
    const t = Math.max(this.clockMs, Math.ceil(timeMs));
    this.push(new SimEvent(t, this.scheduler.tie(SIM_NODE), this.seq++, 0, ACTION, SIM_NODE, 0, SIM_NODE, null, fn, label, false));
  }

  after(delayMs: number, fn: () => void, label = 'action'): void {
    this.at(this.clockMs + delayMs, fn, label);
  }

  traceHash(): string {
    return this.trace.hash();
  }

  traceEvents(): readonly TraceEvent[] {
    return this.trace.events ?? [];
  }

  get eventCount(): number {
    return this.steps;
  }

  get pendingEvents(): number {
    return this.queue.size;
  }

  // ------------------------------------------------------------------ loop

  run(options: RunOptions = {}): Promise<RunOutcome> {
    if (options.untilMs !== undefined && !(Number.isFinite(options.untilMs) && options.untilMs >= 0)) {
      throw new InvalidArgumentError(`run: untilMs must be a finite number >= 0, got ${show(options.untilMs)}`);
    }
    if (options.maxEvents !== undefined && !(Number.isInteger(options.maxEvents) && options.maxEvents >= 0)) {
      throw new InvalidArgumentError(`run: maxEvents must be an integer >= 0, got ${show(options.maxEvents)}`);
    }
    const untilMs = options.untilMs;
    if (untilMs === undefined) return this.loop(null, options);
    return this.loop(null, options).then((out) => {
      // Running until T reaches T even when the queue drains first, so that
      // what the caller does next happens at T wherever the world went quiet.
      if ((out.reason === 'idle' || out.reason === 'deadlock') && this.clockMs < untilMs) {
        this.clockMs = untilMs;
        out.timeMs = untilMs;
      }
      return out;
    });
  }

  /** Runs until `predicate` holds (checked after each event settles), or the limits of `options`. */
  runUntil(predicate: () => boolean, options: RunOptions = {}): Promise<RunOutcome> {
    if (typeof predicate !== 'function') throw new InvalidArgumentError(`runUntil: predicate must be a function, got ${show(predicate)}`);
    return this.loop(predicate, options);
  }

  /**
   * One event per step; between steps every promise continuation the event
   * started runs to completion before the clock moves. The trick: a step
   * queues a microtask that queues a process.nextTick, and Node runs the
   * nextTick queue only once the microtask queue is empty.
   */
  private loop(predicate: (() => boolean) | null, options: RunOptions): Promise<RunOutcome> {
    if (this.running) throw new InvalidArgumentError('run: the simulation is already running (use await ref inside actors, not system.get)');
    if (!this.handlers) throw new InvalidArgumentError('run: no actor system attached (create one with new ActorSystem(sim))');
    const untilMs = options.untilMs ?? Number.POSITIVE_INFINITY;
    const maxEvents = options.maxEvents ?? Number.POSITIVE_INFINITY;
    const startSteps = this.steps;
    this.running = true;
    // An assertion that fails while the world runs is a violation whatever catch it then meets: one
    // that propagates is reported by the runtime with the method that threw; any the runtime has not
    // reported once the event's continuations have run (a catch took it) is reported here, at its time.
    const failed: AssertionFailedError[] = [];
    const removeSink = installAssertionSink((err) => void failed.push(err));
    const flushFailed = (): void => {
      if (failed.length === 0) return; // every step asks: the common case allocates nothing
      for (const err of failed.splice(0)) {
        if (wasReported(err)) continue;
        markReported(err);
        this.reportViolation('assertion', err.message);
      }
    };
    return new Promise<RunOutcome>((resolve, reject) => {
      const finish = (reason: StopReason, deadlock?: string) => {
        flushFailed();
        removeSink();
        this.running = false;
        this.wakeDrivers(true);
        const out: RunOutcome = { reason, events: this.steps - startSteps, timeMs: this.clockMs };
        if (deadlock !== undefined) out.deadlock = deadlock;
        resolve(out);
      };
      const step = (): void => {
        try {
          flushFailed();
          if (this.driveWaiters.length > 0) this.wakeDrivers(false);
          if (predicate && predicate()) return finish('predicate');
          if (this.steps - startSteps >= maxEvents) return finish('max-events');
          let ev = this.queue.pop();
          while (ev && ev.cancelled) ev = this.queue.pop();
          if (!ev) {
            const p = this.handlers!.pending();
            if (p.count > 0) return finish('deadlock', `deadlock: ${p.count} calls pending, oldest ${p.oldest}`);
            return finish('idle');
          }
          if (ev.t > untilMs) {
            this.queue.push(ev);
            this.clockMs = Math.max(this.clockMs, untilMs);
            return finish('until');
          }
          assert(ev.t >= this.clockMs, `time went backwards: event at ${ev.t}ms, clock at ${this.clockMs}ms`);
          if (this.stallMs > 0 && ev.t >= this.nextStallCheckMs) {
            const stalled = this.checkStall(ev.t);
            if (stalled !== null) {
              this.queue.push(ev);
              return finish('stalled', stalled);
            }
          }
          this.clockMs = ev.t;
          this.steps += 1;
          this.scheduler.onStep(this.steps, ev.owner);
          this.dispatch(ev);
          // Deliveries and timers due at this same millisecond run in one batch
          // (their continuations then run together, still at this time): a fault
          // or scripted action, a new millisecond or the limits end the batch.
          for (let k = 1; k < BATCH_MAX && this.steps - startSteps < maxEvents; k++) {
            const nx = this.queue.peek();
            if (!nx || nx.t !== this.clockMs || nx.type === ACTION) break;
            this.queue.pop();
            if (nx.cancelled) continue;
            this.steps += 1;
            this.scheduler.onStep(this.steps, nx.owner);
            this.dispatch(nx);
          }
        } catch (err) {
          flushFailed();
          removeSink();
          this.running = false;
          this.wakeDrivers(true);
          reject(err);
          return;
        }
        queueMicrotask(next);
      };
      const next = () => process.nextTick(step);
      queueMicrotask(next);
    });
  }

  /**
   * Samples the runtime's progress (calls delivered or answered) at most a
   * few times per stall window: a stall is calls pending and no progress
   * for stallMs, whatever timers keep firing. After reporting one it starts
   * a new window, so a caller that runs on gets there later, not never.
   */
  private checkStall(t: number): string | null {
    this.nextStallCheckMs = t + Math.max(1, Math.floor(this.stallMs / 8));
    const progress = this.handlers!.progress?.() ?? 0;
    if (progress !== this.progressSeen) {
      this.progressSeen = progress;
      this.progressAtMs = this.clockMs;
      return null;
    }
    if (t - this.progressAtMs < this.stallMs) return null;
    const p = this.handlers!.pending();
    const since = this.progressAtMs;
    this.progressAtMs = t;
    if (p.count === 0) return null;
    return `stalled: ${p.count} calls pending and none delivered or answered for ${t - since} virtual ms (stallMs ${this.stallMs}), oldest ${p.oldest}`;
  }

  private dispatch(ev: SimEvent): void {
    if (ev.type === ACTION) {
      this.trace.record(this.clockMs, 'action', SIM_NODE, ev.label, ev.seq);
      ev.fn!();
      return;
    }
    const n = this.nodeMap.get(ev.node)!;
    if (ev.type === TIMER) {
      if (n.up && n.epoch === ev.epoch && n.pausedUntilMs > this.clockMs) return this.defer(ev, n);
      this.timers.delete(ev.tid);
      if (!n.up || n.epoch !== ev.epoch) return; // the process that set it is gone
      this.trace.record(this.clockMs, 'timer', ev.node, ev.label, ev.tid);
      ev.fn!();
      return;
    }
    const env = ev.env!;
    if (!n.up) {
      this.trace.record(this.clockMs, 'drop', env.toNode, env.label, env.id, { from: env.fromNode, message: env.kind, detail: 'node-down' });
      return;
    }
    if (this.blockedCount > 0 && this.isBlocked(env.fromNode, env.toNode)) {
      this.trace.record(this.clockMs, 'drop', env.toNode, env.label, env.id, { from: env.fromNode, message: env.kind, detail: 'partition' });
      return;
    }
    if (n.pausedUntilMs > this.clockMs) return this.defer(ev, n);
    if (this.clogs.count > 0 && this.clogs.isClogged(env.fromNode, env.toNode)) {
      this.trace.record(this.clockMs, 'clog', env.toNode, env.label, env.id, { from: env.fromNode, message: env.kind, detail: 'hold' });
      this.clogs.hold(env.fromNode, env.toNode, ev);
      return;
    }
    const digest = this.traceValues ? this.envelopeDigest(env) : 0;
    if (this.trace.events) {
      this.trace.record(this.clockMs, 'deliver', env.toNode, env.label, env.id, { from: env.fromNode, fromActor: env.fromActor, toActor: env.toActor, message: env.kind, digest: hex8(digest) });
    } else {
      this.trace.deliver(this.clockMs, n.hash, env.label, env.id, digest);
    }
    this.delivered += 1;
    this.handlers!.deliver(env);
  }

  private defer(ev: SimEvent, n: SimNode): void {
    this.trace.record(this.clockMs, 'defer', n.id, ev.label, ev.seq);
    ev.t = n.pausedUntilMs;
    ev.seq = this.seq++;
    // Under FIFO, deferred deliveries keep their arrival order at the pause's
    // end (their random ties would reorder them) and precede later arrivals.
    if (this.network.fifo && ev.type === DELIVER) ev.tie = Number.MIN_SAFE_INTEGER + this.deferrals++;
    this.queue.push(ev);
  }

  private push(ev: SimEvent): void {
    this.queue.push(ev);
  }

  private block(from: string, to: string): void {
    if (from === to) return;
    let s = this.blocked.get(from);
    if (!s) this.blocked.set(from, (s = new Set()));
    if (!s.has(to)) {
      s.add(to);
      this.blockedCount += 1;
    }
  }

  private node(api: string, id: string): SimNode {
    const n = this.nodeMap.get(id);
    if (!n) throw new InvalidArgumentError(`${api}: unknown node ${show(id)}`);
    return n;
  }

  private faultable(api: string, id: string): SimNode {
    const n = this.node(api, id);
    if (id === DRIVER_NODE) throw new InvalidArgumentError(`${api}: the driver node cannot be faulted`);
    return n;
  }

  private checkGroup(api: string, group: readonly string[]): void {
    if (!Array.isArray(group) || group.length === 0) throw new InvalidArgumentError(`${api}: a group must be a non-empty array of node ids, got ${show(group)}`);
    for (const id of group) this.node(api, id);
  }
}
