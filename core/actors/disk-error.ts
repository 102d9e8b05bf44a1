import { ActorsimError } from '../errors';

// What a disk throws when the hardware fails (a read error, a full disk), on
// either host: an ordinary failure that actor code must handle, never a bug.

export type DiskErrorCode = 'DISK_READ_ERROR' | 'DISK_FULL';

export class DiskError extends ActorsimError {
  constructor(
    readonly diskCode: DiskErrorCode,
    message: string,
  ) {
    super(diskCode, message);
  }
}
