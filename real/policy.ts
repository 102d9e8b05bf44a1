import { show } from '../core/errors';
import { ActorHandle } from '../core/actors/handle';
import { storageActorName } from '../core/store/protocol';

// Who may ask what of an actor across processes. The runtime invokes any
// method a message names, so a real process checks every message from the
// wire against this allow-list first (default: refused):
//
//   clients       the client API: NameNode upload, update, delete, locate,
//                 status; StorageNode readChunk
//   storage node  NameNode heartbeat, blockReport, reportCorrupt, each for
//                 its own id (stamp.node and its handle); StorageNode
//                 readChunk (copying a replica from a peer)
//   name node     StorageNode writeChunk, readChunk, deleteChunk, copyChunk,
//                 requestReport
//
// Nothing else is callable from outside: not the name node's internal
// methods (write, commit, apply, ...), not any method of another class.
// A node's driver (`@nn`, `@s1`) counts as a client. Replies are checked by
// the host (a reply must answer a call this process sent to that node).

export type Role = 'client' | 'name node' | 'storage node';

export interface Caller {
  role: Role;
  node: string;
}

/** Why a message is refused, or null if allowed. */
export type Rule = (caller: Caller, args: readonly unknown[]) => string | null;

/** Class name -> method -> how it is sent and who may send it. Absent: refused. */
export type Policy = Record<string, Record<string, { kind: 'call' | 'tell'; rule: Rule }>>;

const CLIENTS: Role[] = ['client'];

export function by(roles: readonly Role[], kind: 'call' | 'tell', extra?: Rule): { kind: 'call' | 'tell'; rule: Rule } {
  return {
    kind,
    rule: (caller, args) => {
      if (!roles.includes(caller.role)) return `only ${roles.join(' or ')} may call it (the caller is a ${caller.role})`;
      return extra ? extra(caller, args) : null;
    },
  };
}

/** A storage node speaks only for itself: the stamp's node and the handle it hands over must be its own. */
function ownStamp(handleArg: number | null): Rule {
  return (caller, args) => {
    const stamp = args[0] as { node?: unknown } | null;
    if (stamp === null || typeof stamp !== 'object' || stamp.node !== caller.node) return `a storage node may report only for itself (${caller.node}), the stamp says ${show(stamp && typeof stamp === 'object' ? stamp.node : stamp)}`;
    if (handleArg !== null) {
      const h = args[handleArg];
      if (!(h instanceof ActorHandle) || h.name !== storageActorName(caller.node)) return `the handle must be ${caller.node}'s own storage actor`;
    }
    return null;
  };
}

/** The store's allow-list (the default of a RealHost). */
export const STORE_POLICY: Policy = {
  NameNode: {
    upload: by(CLIENTS, 'call'),
    update: by(CLIENTS, 'call'),
    delete: by(CLIENTS, 'call'),
    locate: by(CLIENTS, 'call'),
    status: by(CLIENTS, 'call'),
    heartbeat: by(['storage node'], 'tell', ownStamp(1)),
    blockReport: by(['storage node'], 'tell', ownStamp(2)),
    reportCorrupt: by(['storage node'], 'tell', ownStamp(null)),
  },
  StorageNode: {
    readChunk: by(['client', 'storage node', 'name node'], 'call'),
    writeChunk: by(['name node'], 'call'),
    deleteChunk: by(['name node'], 'call'),
    copyChunk: by(['name node'], 'call'),
    requestReport: by(['name node'], 'tell'),
  },
};

/**
 * Checks one call or tell from the wire: the target's class (from the actor
 * table, never from the message), the method the label names, the caller's
 * role and the arguments. Returns why it is refused, or null.
 */
export function refusal(policy: Policy, caller: Caller, kind: 'call' | 'tell', className: string | undefined, label: string, args: unknown): string | null {
  if (className === undefined) return `no such actor here`;
  const dot = label.indexOf('.');
  if (dot < 0 || label.slice(0, dot) !== className) return `label ${show(label)} does not name a method of ${className}`;
  const method = label.slice(dot + 1);
  const methods = Object.prototype.hasOwnProperty.call(policy, className) ? policy[className]! : undefined;
  const entry = methods && Object.prototype.hasOwnProperty.call(methods, method) ? methods[method] : undefined;
  if (!entry) return `${className}.${method} is not callable from another process`;
  if (entry.kind !== kind) return `${className}.${method} is sent as a ${entry.kind}, not a ${kind}`;
  if (!Array.isArray(args)) return 'its arguments are not a list';
  return entry.rule(caller, args);
}

/** The role of a node id in a cluster whose name node is `nameNode`. */
export function roleOf(node: string, nameNode: string, storageNodes: readonly string[]): Role {
  if (node === nameNode) return 'name node';
  if (storageNodes.includes(node)) return 'storage node';
  return 'client';
}
