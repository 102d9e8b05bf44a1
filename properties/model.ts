// A sequential specification that the linearizability checker replays operations
// against, in the manner of Porcupine's Model: an initial state, a step function,
// a state key for memoisation, P-compositional partitioning and descriptions.

/** How an operation ended: `fail` definitely had no effect; `unknown` may or may not have. */
export type Outcome = 'ok' | 'fail' | 'unknown';

/** One invoke/completion pair of a history, decoded for a model. */
export interface Operation<Input, Output> {
  /** Index of the operation among all operations of the history, in invoke order. */
  id: number;
  process: number;
  /** Invoke time. */
  call: number;
  /** Completion time; +Infinity when the outcome is unknown (it may take effect at any time after `call`, or never). */
  ret: number;
  input: Input;
  /** The observed output; undefined unless the outcome is `ok` (then any output is accepted). */
  output: Output | undefined;
  outcome: Outcome;
}

export interface StepResult<State> {
  /** False when the operation could not have produced its output in this state. */
  ok: boolean;
  state: State;
}

/** A set of operations that can be checked independently of all others (P-compositionality). */
export interface Partition<Input, Output> {
  /** Names the partition in reports, e.g. the artifact name. */
  key: string;
  operations: Operation<Input, Output>[];
}

/** What a model needs of a history event to decode it. */
export interface EventToDecode {
  op: string;
  args: readonly unknown[];
  result: unknown;
  outcome: 'ok' | 'unknown';
}

/** A failed operation, for a model to say what its failure observed. */
export interface FailureToDecode {
  op: string;
  args: readonly unknown[];
  /** The failure's reason as recorded (an error code such as `NOT_FOUND`), or undefined. */
  reason: unknown;
}

export interface DecodedOperation<Input, Output> {
  input: Input;
  /** Undefined for an unknown outcome. */
  output: Output | undefined;
}

export interface Model<State, Input, Output> {
  /** Short name for reports: `store`, `register`. */
  readonly name: string;
  init(): State;
  /**
   * Applies one operation to `state` without mutating it. `output` is undefined
   * when the outcome is unknown: the step must then accept any output.
   */
  step(state: State, input: Input, output: Output | undefined): StepResult<State>;
  /** A canonical string of the state: equal states must give equal keys (memoisation). */
  key(state: State): string;
  /**
   * Optional: a canonical string of an input; equal keys must mean equal inputs.
   * Lets the checker treat unknown operations with equal inputs as one.
   */
  inputKey?(input: Input): string;
  /**
   * Optional: true when the operation never changes the state, whatever the
   * state (a read). The search then linearizes such an operation as soon as
   * it can, without trying other orders: much faster on read-heavy histories.
   * Saying true for an operation that can change the state gives wrong verdicts.
   */
  readOnly?(input: Input): boolean;
  /** Splits operations into independent parts; each keeps its operations' order. */
  partition(operations: readonly Operation<Input, Output>[]): Partition<Input, Output>[];
  /**
   * Decodes a history event; returns null when the model does not check it (a
   * store `status`, or a read with an unknown outcome, which constrains nothing).
   * Throws an Error whose message says what is malformed.
   */
  decode(event: EventToDecode): DecodedOperation<Input, Output> | null;
  /**
   * Optional: what a failed operation observed. A failure never takes effect,
   * but some observe the state: a get that fails NOT_FOUND saw the name
   * absent. Return an operation whose step accepts exactly the states the
   * failure is consistent with and leaves the state unchanged (a read); it is
   * then checked like a completed read within the failure's interval. Return
   * null when the failure observed nothing (it is dropped, as Knossos does).
   * Without this method every failure is dropped.
   */
  observeFailure?(event: FailureToDecode): DecodedOperation<Input, Output> | null;
  describeOperation(input: Input, output: Output | undefined): string;
  describeState(state: State): string;
}

/** The partition function of a model whose operations all touch one object. */
export function singlePartition<Input, Output>(operations: readonly Operation<Input, Output>[]): Partition<Input, Output>[] {
  return operations.length === 0 ? [] : [{ key: 'all', operations: [...operations] }];
}
