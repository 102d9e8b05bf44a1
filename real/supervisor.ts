import type { ChildProcess } from 'node:child_process';
import type { ClusterFile } from './cluster-file';
import { launch, pollUntil, readyPath, removeFile, type PidRecord } from './processes';

// Keeps a cluster's node processes as its children (so their ends are seen,
// and reaped) and, with `restart`, starts a node again when its process dies
// by any signal, as Ray restarts actors. Used by the detached supervisor
// process (`cluster start --restart`) and by `cluster start --foreground`.

export interface SupervisorOptions {
  restart: boolean;
  /** Nodes in their own session (they outlive a terminal) or in ours (a foreground cluster). */
  detached: boolean;
  /** Pause before starting a dead node again. */
  restartDelayMs?: number;
  log(line: string): void;
}

interface Slot {
  child: ChildProcess | null;
  record: PidRecord | null;
  restarts: number;
  timer: NodeJS.Timeout | null;
}

export class Supervisor {
  private readonly slots = new Map<string, Slot>();
  private stopping = false;
  private readonly restartDelayMs: number;

  constructor(
    private readonly cluster: ClusterFile,
    private readonly clusterPath: string,
    private readonly o: SupervisorOptions,
  ) {
    this.restartDelayMs = o.restartDelayMs ?? 300;
  }

  /** Starts every node; returns their pid records. */
  start(): PidRecord[] {
    const out: PidRecord[] = [];
    for (const node of [this.cluster.nameNode, ...this.cluster.storageNodes]) {
      const slot: Slot = { child: null, record: null, restarts: 0, timer: null };
      this.slots.set(node, slot);
      out.push(this.startNode(node, slot));
    }
    return out;
  }

  /** Nodes whose processes are running (started by this supervisor). */
  running(): string[] {
    return [...this.slots].filter(([, s]) => s.child !== null).map(([n]) => n);
  }

  private startNode(node: string, slot: Slot): PidRecord {
    const { child, record } = launch(this.cluster, this.clusterPath, node, this.o.detached ? { detached: true } : { detached: false, parentPid: process.pid });
    slot.child = child;
    slot.record = record;
    child.on('exit', (code, sig) => {
      if (slot.child !== child) return;
      slot.child = null;
      if (this.cluster.runDir) removeFile(readyPath(this.cluster, node));
      const how = sig ? `killed by ${sig}` : `exited with code ${code}`;
      if (this.stopping) return;
      if (!this.o.restart) {
        this.o.log(`${node} (pid ${record.pid}) ${how}; not restarting (no --restart)`);
        return;
      }
      slot.restarts += 1;
      this.o.log(`${node} (pid ${record.pid}) ${how}; restarting it in ${this.restartDelayMs}ms (restart ${slot.restarts})`);
      slot.timer = setTimeout(() => { // determinism-ok: real host
        slot.timer = null;
        if (this.stopping) return;
        const rec = this.startNode(node, slot);
        this.o.log(`${node} restarted: pid ${rec.pid}`);
      }, this.restartDelayMs);
    });
    return record;
  }

  /** Stops restarting and ends every node: SIGTERM, SIGKILL after `graceMs`. */
  async stop(graceMs = 3000): Promise<void> {
    this.stopping = true;
    for (const s of this.slots.values()) if (s.timer) clearTimeout(s.timer);
    const live = () => [...this.slots.values()].filter((s) => s.child !== null);
    for (const s of live()) s.child!.kill('SIGTERM');
    if ((await pollUntil(graceMs, 20, () => (live().length === 0 ? true : undefined))) === undefined) {
      for (const s of live()) s.child!.kill('SIGKILL');
      await pollUntil(3000, 20, () => (live().length === 0 ? true : undefined));
    }
  }
}
