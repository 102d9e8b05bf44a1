import { ActorsimError } from '../errors';

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

/** A method or task threw: carries the original error's name, code and message. Ray's RayTaskError. */
export class TaskError extends ActorsimError {
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
