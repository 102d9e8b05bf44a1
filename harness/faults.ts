import { InvalidArgumentError, show } from '../core/errors';
import type { SeededStream } from '../sim';
import { CLIENT_ROLE, topologyNodes, type Topology } from './topology';

// The nemesis's plan and schedule. A plan says how many faults of each kind,
// on which role (or which target, resolved when the fault fires: "the current
// primary"), and how long; it is drawn into an explicit schedule so that every
// fault can be printed, saved, replayed and cut down.

export const BUILTIN_FAULT_KINDS = [
  'crash',
  'pause',
  'wipe',
  'isolate',
  'split',
  'one-way',
  'loss',
  'duplicate',
  'delay',
  // The simulator's world kinds (sim/world-faults.ts).
  'reorder',
  'duplicate-call',
  'swizzle-clog',
  'clock-jump',
  'clock-strobe',
] as const;
export type BuiltinFaultKind = (typeof BUILTIN_FAULT_KINDS)[number];

/** Kinds that act on one node (drawn from a role, or resolved from a target). */
const NODE_KINDS: readonly string[] = ['crash', 'pause', 'wipe', 'isolate', 'clock-jump', 'clock-strobe'];
/** Kinds that act on a group of nodes (split, one-way: the group and everyone else; swizzle-clog: the group it clogs). */
const GROUP_KINDS: readonly string[] = ['split', 'one-way', 'swizzle-clog'];

/** Kinds that step a node's wall clock by `amount` ms. */
const CLOCK_KINDS: readonly string[] = ['clock-jump', 'clock-strobe'];

export interface FaultPlanItem {
  /** A built-in kind or one the scenario adds (NemesisSpec.kinds). */
  kind: string;
  /** How many to draw over the fault phase (an intensity, usually an option). */
  count: number;
  /** The role whose members it may hit (default: every role but clients). */
  role?: string;
  /** Instead of a node drawn now: a target the scenario resolves when the fault fires (NemesisSpec.targets). */
  target?: string;
  /** Duration range in ms, inclusive (default 100..1500). */
  durationMs?: readonly [number, number];
  /**
   * loss and duplicate: the rate, in parts per million (default 300000); delay: added mean latency in ms (default 50);
   * reorder: none (per-link FIFO is off while it lasts, network-wide);
   * duplicate-call: the rate of calls delivered twice, in parts per million (default 300000, network-wide);
   * swizzle-clog: the pick that orders the unclogging of its group (drawn like split's; default drawn);
   * clock-jump: the step of the node's wall clock in ms, negative = back (default drawn: ±500..5000), undone when it ends;
   * clock-strobe: the step in ms its clock flips to and back every 10 ms (default drawn: 50..400);
   * a scenario's kind: a number it chooses with (default drawn).
   */
  amount?: number;
}

export interface ScheduledFault {
  atMs: number;
  kind: string;
  durationMs: number;
  node?: string;
  /** Resolved when it fires; the node it hit is in the run's `applied` list. */
  target?: string;
  /** split / one-way: group A (the senders of a one-way cut); group B is every other node. */
  group?: string[];
  amount?: number;
  /** A scenario's own kind: further numbers it drew (a clock jump's size, a slow disk's sync time). */
  params?: Record<string, number>;
}

/** Draws one fault of a plan item at `atMs` (exported for model-based properties). */
export function drawFault(stream: SeededStream, item: FaultPlanItem, topology: Topology, atMs: number): ScheduledFault {
  const [lo, hi] = item.durationMs ?? [100, 1500];
  const f: ScheduledFault = { atMs, kind: item.kind, durationMs: stream.range(lo, hi) };
  if (item.target !== undefined) f.target = item.target;
  else if (NODE_KINDS.includes(item.kind) || !isBuiltin(item.kind)) {
    const members = roleMembers(topology, item.role);
    if (members.length > 0) f.node = stream.pick(members);
  } else if (GROUP_KINDS.includes(item.kind)) {
    const all = item.role ? [...roleMembers(topology, item.role), ...(topology[CLIENT_ROLE] ?? [])] : topologyNodes(topology);
    const group = all.filter(() => stream.chance(1, 2));
    if (group.length === 0 || group.length === all.length) group.splice(0, group.length, stream.pick(all));
    f.group = group;
  }
  if (item.kind === 'loss' || item.kind === 'duplicate') f.amount = item.amount ?? 300_000;
  if (item.kind === 'delay') f.amount = item.amount ?? 50;
  if (item.kind === 'duplicate-call') f.amount = item.amount ?? 300_000;
  if (item.kind === 'swizzle-clog') f.amount = item.amount ?? stream.int(1 << 30);
  // Jepsen's bump: seconds either way; its strobe: a smaller step flipped fast.
  if (item.kind === 'clock-jump') f.amount = item.amount ?? (stream.chance(1, 2) ? 1 : -1) * stream.range(500, 5000);
  if (item.kind === 'clock-strobe') f.amount = item.amount ?? stream.range(50, 400);
  // A scenario's own kind gets a number to choose with (which backup, which key).
  if (!isBuiltin(item.kind)) f.amount = item.amount ?? stream.int(1_000_000);
  return f;
}

export function isBuiltin(kind: string): kind is BuiltinFaultKind {
  return (BUILTIN_FAULT_KINDS as readonly string[]).includes(kind);
}

function roleMembers(topology: Topology, role: string | undefined): string[] {
  if (role !== undefined) return [...(topology[role] ?? [])];
  return topologyNodes(Object.fromEntries(Object.entries(topology).filter(([r]) => r !== CLIENT_ROLE)));
}

/** Checks a plan against the topology and the kinds and targets the scenario knows. */
export function checkPlan(scenario: string, plan: readonly FaultPlanItem[], topology: Topology, kinds: readonly string[], targets: readonly string[]): void {
  plan.forEach((item, i) => {
    const where = `${scenario}: fault plan[${i}] (${show(item.kind)})`;
    if (!isBuiltin(item.kind) && !kinds.includes(item.kind)) throw new InvalidArgumentError(`${where}: unknown fault kind ${show(item.kind)} (known: ${[...BUILTIN_FAULT_KINDS, ...kinds].join(', ')})`);
    if (!Number.isInteger(item.count) || item.count < 0) throw new InvalidArgumentError(`${where}: count must be an integer >= 0, got ${show(item.count)}`);
    if (item.role !== undefined && !(item.role in topology)) throw new InvalidArgumentError(`${where}: unknown role ${show(item.role)} (roles: ${Object.keys(topology).join(', ')})`);
    if (item.target !== undefined && !targets.includes(item.target)) throw new InvalidArgumentError(`${where}: unknown target ${show(item.target)} (targets: ${targets.join(', ') || 'none'})`);
    // The world steps a clock by whole ms only.
    if (CLOCK_KINDS.includes(item.kind) && item.amount !== undefined && !Number.isInteger(item.amount)) throw new InvalidArgumentError(`${where}: amount (the clock step in ms) must be an integer, got ${show(item.amount)}`);
    if (item.durationMs !== undefined && !(item.durationMs[0] >= 0 && item.durationMs[1] >= item.durationMs[0])) throw new InvalidArgumentError(`${where}: durationMs must be [lo, hi] with 0 <= lo <= hi, got ${show(item.durationMs)}`);
  });
}

/** Draws every plan item's faults uniformly over [startMs, endMs), in a stable time order. */
export function drawSchedule(stream: SeededStream, plan: readonly FaultPlanItem[], topology: Topology, startMs: number, endMs: number): ScheduledFault[] {
  if (!(endMs > startMs)) throw new InvalidArgumentError(`drawSchedule: endMs must exceed startMs, got ${startMs}..${endMs}`);
  const events: ScheduledFault[] = [];
  for (const item of plan) for (let i = 0; i < item.count; i++) events.push(drawFault(stream, item, topology, startMs + stream.int(endMs - startMs)));
  // Stable by time; ties keep plan order, never object identity.
  return events.map((e, i) => ({ e, i })).sort((a, b) => a.e.atMs - b.e.atMs || a.i - b.i).map(({ e }) => e);
}

/** What is wrong with one (hand-edited or corrupt) scheduled fault, or null. */
export function faultProblem(f: unknown, kinds: readonly string[]): string | null {
  if (!f || typeof f !== 'object' || Array.isArray(f)) return 'is not an object';
  const e = f as Partial<ScheduledFault>;
  if (typeof e.kind !== 'string' || (!isBuiltin(e.kind) && !kinds.includes(e.kind))) return `has kind ${show(e.kind)}, expected one of ${[...BUILTIN_FAULT_KINDS, ...kinds].join(', ')}`;
  if (typeof e.atMs !== 'number' || !(e.atMs >= 0) || typeof e.durationMs !== 'number' || !(e.durationMs >= 0)) return 'needs atMs and durationMs, numbers >= 0';
  if (NODE_KINDS.includes(e.kind) && typeof e.node !== 'string' && typeof e.target !== 'string') return `(${e.kind}) needs a node or a target`;
  if (GROUP_KINDS.includes(e.kind) && !(Array.isArray(e.group) && e.group.every((g) => typeof g === 'string'))) return `(${e.kind}) needs a group of node ids`;
  if (e.amount !== undefined && !(typeof e.amount === 'number' && Number.isFinite(e.amount))) return `has amount ${show(e.amount)}, expected a number`;
  if (CLOCK_KINDS.includes(e.kind) && e.amount !== undefined && !Number.isInteger(e.amount)) return `(${e.kind}) has amount ${show(e.amount)}, expected an integer number of ms`;
  if (e.params !== undefined && !(e.params && typeof e.params === 'object' && !Array.isArray(e.params) && Object.values(e.params).every((v) => typeof v === 'number' && Number.isFinite(v)))) return `has params ${show(e.params)}, expected an object of numbers`;
  return null;
}
