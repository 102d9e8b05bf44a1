import { ActorsimError, AssertionFailedError, InvalidArgumentError, TASK_ERROR_BRAND } from '../errors';

/** The actor is dead (crashed without restarts left, killed, or never created). Ray's ActorDiedError. */
export class ActorDiedError extends ActorsimError {
  readonly actorId: string;
  constructor(actorId: string, message: string) {
    super('ACTOR_DIED', message);
    this.actorId = actorId;
  }
}

/** A remote task's node died and it had no retries left. Ray's WorkerCrashedError. */
export class NodeDiedError extends ActorsimError {
  readonly node: string;
  constructor(node: string, message: string) {
    super('NODE_DIED', message);
    this.node = node;
  }
}

/** The actor crashed and will restart: the call may be retried later. Ray's ActorUnavailableError. */
export class ActorUnavailableError extends ActorsimError {
  readonly actorId: string;
  constructor(actorId: string, message: string) {
    super('ACTOR_UNAVAILABLE', message);
    this.actorId = actorId;
  }
}

/** The owner of a Ref died before the Ref's value reached this holder. Ray's OwnerDiedError. */
export class OwnerDiedError extends ActorsimError {
  readonly ownerNode: string;
  constructor(ownerNode: string, message: string) {
    super('OWNER_DIED', message);
    this.ownerNode = ownerNode;
  }
}

const taskProtos = new WeakMap<object, object>();

/**
 * Classes whose instances stay `instanceof` when thrown through a call: the
 * language's built-in errors and actorsim's own. A user's own error class is
 * not re-parented (its fields, such as `code`, would clash with TaskError's
 * stable ones); it arrives as a TaskError carrying originalName and
 * originalCode. (Ray makes those instanceof too: a deliberate difference.)
 */
const BUILTIN_ERROR_PROTOS = new Set<object>([RangeError.prototype, TypeError.prototype, SyntaxError.prototype, ReferenceError.prototype, EvalError.prototype, URIError.prototype]);

/** @internal Adds actorsim's own error classes to the ones that keep instanceof through a call. */
export function keepInstanceofThroughCalls(...classes: Array<{ prototype: object }>): void {
  for (const c of classes) BUILTIN_ERROR_PROTOS.add(c.prototype);
}

/** A method or task threw: carries the original error's name, code and message. Ray's RayTaskError. */
export class TaskError extends ActorsimError {
  /** @internal See ActorsimError[Symbol.hasInstance]. */
  static readonly isTaskErrorClass = true;

  /**
   * The TaskError for `original`, also `instanceof` the original's class when
   * that is a subclass of Error (RangeError, an ActorsimError subclass, the
   * user's own): Ray's RayTaskError(cls) does the same. Its own fields (code
   * TASK_ERROR, name TaskError, where, original*) are those of any TaskError.
   */
  static wrap(where: string, original: Error): TaskError {
    const err = new TaskError(where, original.name, original.message, (original as { code?: unknown }).code as string | undefined);
    const proto = Object.getPrototypeOf(original) as object | null;
    if (proto === null || !BUILTIN_ERROR_PROTOS.has(proto)) return err;
    let p = taskProtos.get(proto);
    if (p === undefined) {
      // The original class's prototype, with TaskError's own behaviour (none beyond Error's today) on top.
      p = Object.create(proto) as object;
      taskProtos.set(proto, p);
    }
    Object.setPrototypeOf(err, p);
    Object.defineProperty(err, TASK_ERROR_BRAND, { value: true, enumerable: false });
    return err;
  }

  readonly originalName: string;
  readonly originalCode: string | undefined;
  readonly originalMessage: string;
  readonly where: string;
  constructor(where: string, originalName: string, originalMessage: string, originalCode?: string) {
    super('TASK_ERROR', `${where} threw ${originalName}: ${originalMessage}`);
    this.where = where;
    this.originalName = originalName;
    this.originalMessage = originalMessage;
    this.originalCode = originalCode;
  }
}

/** No live actor has this name. */
export class ActorNotFoundError extends ActorsimError {
  constructor(message: string) {
    super('ACTOR_NOT_FOUND', message);
  }
}

/** A name is already taken by a live actor. */
export class DuplicateActorNameError extends ActorsimError {
  constructor(message: string) {
    super('DUPLICATE_ACTOR_NAME', message);
  }
}

/** `wait`/`get` gave up: a virtual-time timeout passed. */
export class GetTimeoutError extends ActorsimError {
  constructor(message: string) {
    super('GET_TIMEOUT', message);
  }
}

/** Nothing is left to run but a Ref that the caller waits for is unresolved. */
export class DeadlockError extends ActorsimError {
  constructor(message: string) {
    super('DEADLOCK', message);
  }
}

keepInstanceofThroughCalls(InvalidArgumentError, AssertionFailedError, ActorDiedError, ActorUnavailableError, OwnerDiedError, NodeDiedError, ActorNotFoundError, DuplicateActorNameError, GetTimeoutError, DeadlockError);
