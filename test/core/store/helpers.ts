import * as assert from 'uvu/assert';
import { checksum, CHUNK_PREFIX, StoredChunk, StoreStatus } from '../../../core/store';
import type { HistoryEvent } from '../../../properties/history';
import { StoreWorld, StoreWorldOptions } from '../../../scenarios/store-world';

// Shared by the store's scripted tests: a world, content whose chunks all
// differ, and checks of the status against what the disks hold.

export const CHUNK = 64;

/** A world with R=3 on 4 storage nodes unless told otherwise, given time to register its storage nodes. */
export async function world(o: Partial<StoreWorldOptions> = {}): Promise<StoreWorld> {
  const w = new StoreWorld({ seed: 1, storageNodes: 4, clients: 2, ...o, store: { replicationFactor: 3, ...(o.store ?? {}) } });
  await w.settle(300);
  return w;
}

/** `chunks` chunks of 64 bytes (the last one shorter), each one distinct and tagged with `tag`. */
export function content(tag: string, chunks = 4): string {
  let s = '';
  for (let i = 0; i < chunks; i++) {
    const head = `<${tag}:${i}>`;
    const fill = String.fromCharCode(97 + ((tag.length * 7 + i * 3) % 26));
    const size = i === chunks - 1 ? CHUNK / 2 : CHUNK;
    s += head + fill.repeat(size - head.length);
  }
  return s;
}

/** Asserts an operation completed ok and returns its result. */
export function ok(e: HistoryEvent, what: string): unknown {
  assert.is(e.type, 'ok', `${what}: expected ok, got ${e.type} ${JSON.stringify(e.result ?? null)}`);
  return e.result;
}

export function fail(e: HistoryEvent, code: string, what: string): void {
  assert.is(e.type, 'fail', `${what}: expected fail ${code}, got ${e.type}`);
  assert.is(e.result, code, `${what}: error code`);
}

/** The chunk keys on every storage node's disk, up or down. */
export function diskChunks(w: StoreWorld): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const n of w.storageNodes) out.set(n, w.sim.disk(n).keys(CHUNK_PREFIX).sort());
  return out;
}

export function allDiskChunkIds(w: StoreWorld): Set<string> {
  const ids = new Set<string>();
  for (const keys of diskChunks(w).values()) for (const k of keys) ids.add(k.slice(CHUNK_PREFIX.length));
  return ids;
}

export function chunkIds(s: StoreStatus, name?: string): string[] {
  return s.artifacts.filter((a) => name === undefined || a.name === name).flatMap((a) => a.chunks.map((c) => c.id));
}

/**
 * Fully replicated and in agreement with the disks: every chunk of every
 * artifact has exactly R replicas on distinct ALIVE nodes, each one on that
 * node's disk with the committed checksum and sound bytes, and no up storage
 * node holds a chunk the name node does not list for it.
 */
export function assertHealthy(w: StoreWorld, s: StoreStatus, where: string): void {
  const R = w.storeOptions.replicationFactor;
  const state = new Map(s.nodes.map((n) => [n.id, n.state]));
  assert.is(s.summary.safeMode, false, `${where}: safe mode`);
  const expected = new Map<string, Set<string>>(w.storageNodes.map((n) => [n, new Set()]));
  for (const a of s.artifacts) {
    for (const c of a.chunks) {
      assert.is(c.state, 'OK', `${where}: ${a.name} chunk ${c.id} is ${c.state} on [${c.replicas}]`);
      assert.is(new Set(c.replicas).size, R, `${where}: ${a.name} chunk ${c.id} has ${c.replicas.length} replicas [${c.replicas}], not R=${R} distinct`);
      assert.equal(c.corruptReplicas, [], `${where}: ${a.name} chunk ${c.id} corrupt replicas`);
      for (const n of c.replicas) {
        assert.is(state.get(n), 'ALIVE', `${where}: chunk ${c.id} counted on ${n}, which is ${state.get(n)}`);
        const stored = w.sim.disk(n).peek(CHUNK_PREFIX + c.id) as StoredChunk | undefined;
        assert.ok(stored, `${where}: status lists chunk ${c.id} on ${n} but its disk does not hold it`);
        assert.is(stored.checksum, c.checksum, `${where}: chunk ${c.id} on ${n}: checksum`);
        assert.is(checksum(stored.data), c.checksum, `${where}: chunk ${c.id} on ${n}: bytes do not match the checksum`);
        expected.get(n)!.add(CHUNK_PREFIX + c.id);
      }
    }
  }
  for (const n of w.storageNodes) {
    if (!w.sim.isUp(n)) continue;
    assert.equal(w.sim.disk(n).keys(CHUNK_PREFIX).sort(), [...expected.get(n)!].sort(), `${where}: chunks on ${n}'s disk vs the name node's map`);
  }
  assert.is(s.summary.verdict, 'HEALTHY', `${where}: verdict`);
}

export function assertNoViolations(w: StoreWorld): void {
  assert.equal(w.sim.violations, [], 'assertion violations inside actors');
}
