// The commands of the model-based suite: client operations and fault actions,
// as plain data that fast-check generates and shrinks and that a person can
// read (one line each). Interpreted against a StoreWorld by run-commands.ts.

export type ClientOpKind = 'upload' | 'update' | 'get' | 'delete';

/** Where a fault lands: a storage node by index (modulo the cluster size) or the name node. */
export type NodeRef = number | 'nn';

export type Command =
  /** Client `client` issues an operation; `sync` waits for every outstanding op first and runs this one to completion. */
  | { kind: 'op'; client: number; op: ClientOpKind; name: string; chunks: number; sync: boolean }
  /** Lets virtual time pass. */
  | { kind: 'wait'; ms: number }
  | { kind: 'crash'; node: NodeRef }
  | { kind: 'restart'; node: NodeRef }
  /** Cuts one node off from every other node (clients included) until the next heal. */
  | { kind: 'isolate'; node: NodeRef }
  /** Ends every partition and network fault (crashed nodes stay down). */
  | { kind: 'heal' }
  /** 30% message loss until the next heal. */
  | { kind: 'lossy' }
  /** Bit rot in one chunk replica of a storage node; skipped unless another intact copy exists. */
  | { kind: 'corrupt'; node: number; pick: number }
  /** A storage node loses its disk (and goes down); skipped unless every chunk on it has another intact copy. */
  | { kind: 'wipe'; node: number }
  /** One chunk replica's file is gone (its key still listed); skipped unless another intact durable copy exists. */
  | { kind: 'lose'; node: number; pick: number }
  /** Bit rot in one durable edit-log record of the name node; skipped unless the other copy of the record is intact. */
  | { kind: 'logrot'; pick: number };

export const FAULT_COMMANDS: ReadonlySet<Command['kind']> = new Set(['crash', 'restart', 'isolate', 'heal', 'lossy', 'corrupt', 'wipe', 'lose', 'logrot']);

export function isFault(c: Command): boolean {
  return FAULT_COMMANDS.has(c.kind);
}

/** The cluster and simulator the commands run against. */
export interface ModelConfig {
  /** Simulator seed: message latencies, scheduling, tie-breaks. */
  simSeed: number;
  storageNodes: number;
  replicationFactor: number;
  clients: number;
}

export const storageNodeName = (i: number, storageNodes: number): string => `s${(i % storageNodes) + 1}`;

export function nodeName(node: NodeRef, storageNodes: number): string {
  return node === 'nn' ? 'nn' : storageNodeName(node, storageNodes);
}

/** Client index the interpreter uses: modulo the clients of the cluster. */
export const clientIndex = (client: number, clients: number): number => client % clients;

/** One readable line per command, e.g. `c2 update b (2 chunks) async`, `crash s3`, `wait 200ms`. */
export function describeCommand(c: Command, config: Pick<ModelConfig, 'storageNodes' | 'clients'>): string {
  const storageNodes = config.storageNodes;
  switch (c.kind) {
    case 'op': {
      const size = c.op === 'upload' || c.op === 'update' ? ` (${c.chunks} chunk${c.chunks === 1 ? '' : 's'})` : '';
      return `c${clientIndex(c.client, config.clients) + 1} ${c.op} ${c.name}${size} ${c.sync ? 'sync' : 'async'}`;
    }
    case 'wait':
      return `wait ${c.ms}ms`;
    case 'crash':
    case 'restart':
    case 'isolate':
      return `${c.kind} ${nodeName(c.node, storageNodes)}`;
    case 'heal':
    case 'lossy':
      return c.kind;
    case 'corrupt':
      return `corrupt ${storageNodeName(c.node, storageNodes)} replica #${c.pick}`;
    case 'wipe':
      return `wipe ${storageNodeName(c.node, storageNodes)}`;
    case 'lose':
      return `lose the file of ${storageNodeName(c.node, storageNodes)} replica #${c.pick}`;
    case 'logrot':
      return `rot edit-log record #${c.pick}`;
  }
}

export function describeConfig(c: ModelConfig): string {
  return `${c.storageNodes} storage nodes, R=${c.replicationFactor}, ${c.clients} clients, sim seed ${c.simSeed}`;
}
