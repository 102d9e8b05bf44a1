import { DEFAULT_STORE_OPTIONS, joinChunks, NAME_NODE, StoreClient, StoreError } from '../../core/store';
import type { Caller, NameNodeApi, StoreClientOptions } from '../../core/store';
import type { BugVariant } from './bug-variant';

// A client that gives up early (HDFS's DFSInputStream instead moves on to the
// next datanode of a block, remembering dead ones): it reads each chunk from
// the first replica the name node lists, and fails the get when that one does
// not answer, although other listed replicas hold the chunk.
class ImpatientClient extends StoreClient {
  private readonly at: Caller;
  private readonly deadlineMs: number;

  constructor(caller: Caller, options: StoreClientOptions = {}) {
    super(caller, options);
    this.at = caller;
    this.deadlineMs = options.timeoutMs ?? DEFAULT_STORE_OPTIONS.clientTimeoutMs;
  }

  override async get(name: string): Promise<string> {
    const deadline = this.at.now() + this.deadlineMs;
    const loc = await this.read('get', deadline, () => this.at.getActor<NameNodeApi>(NAME_NODE).call.locate(name));
    const parts = await Promise.all(loc.chunks.map((c) => this.readChunk({ ...c, nodes: c.nodes.slice(0, 1) }, deadline)));
    if (parts.every((p): p is string => p !== null)) return joinChunks(parts);
    throw new StoreError('DATA_UNAVAILABLE', `get ${JSON.stringify(name)}: the first replica of a chunk did not answer`);
  }
}

/**
 * Not in the catalogue (BUGS): the default swarm rarely has a get meet a
 * listed replica that does not answer while the name node and network are
 * calm (seeds 52 and 75 of 1..100). test/scenarios/swarm.test.ts
 * hunts it with a get-heavy swarm of crashes and pauses, where it shows within
 * a few seeds.
 */
export const impatientClient: BugVariant = {
  name: 'impatient-client',
  description: 'a get reads each chunk from the first listed replica only and fails when it does not answer, never trying the others',
  source: "HDFS DFSInputStream's fallback to the next datanode of a block (chooseDataNode, deadNodes)",
  needs: 'samples while faults rage (the availability, locatability and status-truth checkers)',
  caughtBy: 'unavailable',
  classes: { clientClass: ImpatientClient },
};
