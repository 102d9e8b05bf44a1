import { InvalidArgumentError, show } from '../core/errors';

// A scenario's topology: named roles, each a list of node ids. The harness
// adds the `clients` role (one node per client process). Faults name roles,
// never hard-wired node ids, so any system's nemesis is expressible.

export type Topology = Readonly<Record<string, readonly string[]>>;

export const CLIENT_ROLE = 'clients';

export const clientNode = (index: number): string => `c${index + 1}`;

/** Every node of the topology, in role order, each once. */
export function topologyNodes(topology: Topology): string[] {
  const out: string[] = [];
  for (const nodes of Object.values(topology)) for (const n of nodes) if (!out.includes(n)) out.push(n);
  return out;
}

/** The scenario's roles plus the clients role; checks every id. */
export function buildTopology(scenario: string, roles: Record<string, readonly string[]>, clients: number): Topology {
  if (roles === null || typeof roles !== 'object') throw new InvalidArgumentError(`${scenario}: topology must map role names to node ids, got ${show(roles)}`);
  if (CLIENT_ROLE in roles) throw new InvalidArgumentError(`${scenario}: the role ${show(CLIENT_ROLE)} is the harness's own (one node per client)`);
  for (const [role, nodes] of Object.entries(roles)) {
    if (!Array.isArray(nodes) || nodes.length === 0) throw new InvalidArgumentError(`${scenario}: role ${show(role)} must list at least one node id, got ${show(nodes)}`);
    for (const n of nodes) {
      if (typeof n !== 'string' || n.length === 0 || n.startsWith('@') || /^c\d+$/.test(n)) {
        throw new InvalidArgumentError(`${scenario}: role ${show(role)}: node id must be a non-empty string, not starting with @ and not a client id c<N>, got ${show(n)}`);
      }
    }
  }
  if (!Number.isInteger(clients) || clients < 1 || clients > 256) throw new InvalidArgumentError(`${scenario}: clients must be an integer in 1..256, got ${show(clients)}`);
  return { ...roles, [CLIENT_ROLE]: Array.from({ length: clients }, (_, i) => clientNode(i)) };
}
