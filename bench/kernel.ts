import { Actor, ActorHandle, ActorSystem } from '../core/actors';
import { Simulation } from '../sim';

// Kernel throughput: 16 actors calling each other (request and reply, async
// methods, random targets, 1,000 calls in flight) against a bare binary-heap
// event loop delivering the same number of messages to plain functions.

const ACTORS = 16;
const IN_FLIGHT = 1000;

class Peer extends Actor {
  private peers: ActorHandle<Peer>[] = [];
  setPeers(peers: ActorHandle<Peer>[]): void {
    this.peers = peers;
  }
  async ping(x: number): Promise<number> {
    return x + 1;
  }
  async loop(calls: number): Promise<number> {
    let sum = 0;
    for (let i = 0; i < calls; i++) {
      const target = this.peers[this.ctx.random.int(this.peers.length)]!;
      sum += await target.call.ping(i);
    }
    return sum;
  }
}

export interface KernelFigures {
  messages: number;
  messagesPerSec: number;
  baselineMessages: number;
  baselineMessagesPerSec: number;
  ratio: number;
}

export async function kernelMessages(messages: number, seed = 1): Promise<{ messages: number; wallMs: number; traceHash: string }> {
  const sim = new Simulation({ seed });
  const nodes: string[] = [];
  for (let i = 0; i < 4; i++) {
    sim.addNode(`n${i}`);
    nodes.push(`n${i}`);
  }
  const system = new ActorSystem(sim);
  const peers: ActorHandle<Peer>[] = [];
  for (let i = 0; i < ACTORS; i++) peers.push(system.spawn(Peer, [], { node: nodes[i % nodes.length]! }));
  // Every peer knows the others before the first loop starts (a tell could arrive after it).
  await system.wait(peers.map((p) => p.call.setPeers(peers)), { count: peers.length });
  const callsPerLoop = Math.ceil(messages / 2 / IN_FLIGHT);
  const refs = [];
  for (let i = 0; i < IN_FLIGHT; i++) refs.push(peers[i % ACTORS]!.call.loop(callsPerLoop));
  const before = sim.delivered;
  const started = process.hrtime.bigint(); // determinism-ok: benchmark wall time
  await system.wait(refs, { count: refs.length });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  for (const r of refs) {
    const s = r.peek();
    if (!s || !s.ok) throw new Error(`bench kernel: a loop failed: ${s ? String((s as { error: unknown }).error) : 'pending'}`);
  }
  // Counted, not computed: every request and reply the simulator delivered.
  return { messages: sim.delivered - before, wallMs, traceHash: sim.traceHash() };
}

/** The baseline: the same message count through a bare heap of (time, seq) to plain functions. */
export function baselineMessages(messages: number): { messages: number; wallMs: number } {
  type Ev = { t: number; seq: number; to: number; x: number };
  const heap: Ev[] = [];
  const less = (a: Ev, b: Ev) => a.t < b.t || (a.t === b.t && a.seq < b.seq);
  const push = (e: Ev) => {
    let i = heap.length;
    heap.push(e);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(e, heap[p]!)) break;
      heap[i] = heap[p]!;
      i = p;
    }
    heap[i] = e;
  };
  const pop = (): Ev | undefined => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length === 0) return top;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && less(heap[r]!, heap[l]!) ? r : l;
      if (!less(heap[c]!, last)) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = last;
    return top;
  };
  let seq = 0;
  let state = 12345;
  const rand = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
  const sums = new Float64Array(ACTORS);
  const handlers: Array<(x: number) => void> = [];
  for (let a = 0; a < ACTORS; a++) handlers.push((x) => (sums[a] = sums[a]! + x));
  let now = 0;
  for (let i = 0; i < IN_FLIGHT; i++) push({ t: 1 + Math.floor(-Math.log(1 - rand()) * 3), seq: seq++, to: i % ACTORS, x: i });
  const started = process.hrtime.bigint(); // determinism-ok: benchmark wall time
  let delivered = 0;
  while (delivered < messages) {
    const e = pop()!;
    now = e.t;
    handlers[e.to]!(e.x);
    delivered += 1;
    push({ t: now + 1 + Math.floor(-Math.log(1 - rand()) * 3), seq: seq++, to: Math.floor(rand() * ACTORS), x: e.x + 1 });
  }
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  return { messages: delivered, wallMs };
}

export async function benchKernel(messages = 1_000_000): Promise<KernelFigures> {
  await kernelMessages(50_000); // warm up the JIT
  baselineMessages(200_000);
  const k = await kernelMessages(messages);
  const b = baselineMessages(k.messages);
  const messagesPerSec = Math.round((k.messages / k.wallMs) * 1000);
  const baselineMessagesPerSec = Math.round((b.messages / b.wallMs) * 1000);
  return {
    messages: k.messages,
    messagesPerSec,
    baselineMessages: b.messages,
    baselineMessagesPerSec,
    ratio: Math.round((messagesPerSec / baselineMessagesPerSec) * 1000) / 1000,
  };
}
