import type { StoreClient } from '../core/store';
import { StoreError } from '../core/store';
import type { History, HistoryEvent } from '../properties/history';

// Wraps a StoreClient so that every operation lands in the history as an
// invoke and one completion: ok, fail (definitely did not happen, with the
// error code) or unknown (may have happened).

export class RecordingClient {
  constructor(
    readonly process: number,
    private readonly client: StoreClient,
    private readonly history: History,
    private readonly now: () => number,
  ) {}

  upload(name: string, content: string): Promise<HistoryEvent> {
    return this.record('upload', [name, content], () => this.client.upload(name, content));
  }

  update(name: string, content: string): Promise<HistoryEvent> {
    return this.record('update', [name, content], () => this.client.update(name, content));
  }

  get(name: string): Promise<HistoryEvent> {
    return this.record('get', [name], () => this.client.get(name));
  }

  delete(name: string): Promise<HistoryEvent> {
    return this.record('delete', [name], () => this.client.delete(name));
  }

  status(): Promise<HistoryEvent> {
    return this.record('status', [], () => this.client.status());
  }

  /** Never rejects: the outcome is in the history and in the returned completion event. */
  private async record(op: string, args: unknown[], run: () => Promise<unknown>): Promise<HistoryEvent> {
    this.history.push({ process: this.process, type: 'invoke', op, args, timeMs: this.now() });
    let done: HistoryEvent;
    try {
      const value = await run();
      const result = op === 'get' ? value : op === 'status' ? undefined : null;
      done = { process: this.process, type: 'ok', op, args, timeMs: this.now(), ...(result !== undefined ? { result } : {}) };
    } catch (err) {
      if (err instanceof StoreError && err.outcome === 'fail') {
        done = { process: this.process, type: 'fail', op, args, result: err.code, timeMs: this.now() };
      } else {
        done = { process: this.process, type: 'unknown', op, args, timeMs: this.now() };
      }
    }
    this.history.push(done);
    return done;
  }
}
