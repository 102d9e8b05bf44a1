import { ActorsimError } from '../errors';

// Store errors carry a stable code and whether the operation definitely did
// not happen (`fail`) or may have happened (`unknown`, after a timeout or a
// name node crash mid-operation): the history records exactly that.

export type StoreErrorCode =
  | 'INVALID_NAME'
  | 'INVALID_CONTENT'
  | 'CONTENT_TOO_LARGE'
  | 'ALREADY_EXISTS'
  | 'NOT_FOUND'
  | 'UNAVAILABLE'
  | 'SAFE_MODE'
  | 'DATA_UNAVAILABLE'
  | 'TIMEOUT'
  | 'NAME_NODE_FAILED'
  | 'CORRUPT';

export type Outcome = 'fail' | 'unknown';

export class StoreError extends ActorsimError {
  readonly outcome: Outcome;
  constructor(code: StoreErrorCode, message: string, outcome: Outcome = 'fail') {
    super(code, message);
    this.outcome = outcome;
  }
}

/** The codes that mean "definitely did not take effect" when the name node sends them. */
export const DEFINITE_FAILURES: ReadonlySet<string> = new Set<StoreErrorCode>([
  'INVALID_NAME',
  'INVALID_CONTENT',
  'CONTENT_TOO_LARGE',
  'ALREADY_EXISTS',
  'NOT_FOUND',
  'UNAVAILABLE',
  'SAFE_MODE',
]);
