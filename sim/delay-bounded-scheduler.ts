import { assert } from '../core/assert';
import type { SeededStream } from './random';
import type { Scheduler } from './scheduler';

// Delay-bounded scheduling (Emmi, Qadeer, Rakamarić, POPL 2011) over timed
// events: the deterministic base order among events due at one millisecond
// is FIFO (equal ties, the queue's sequence number decides); a delay skips an
// event past every other event due at its millisecond. `bound` delays fall on
// enqueued events drawn uniformly among the first `steps`.

/** Above every FIFO tie and below the event queue's key range (2^31). */
const DELAYED_TIE = 1_000_000_000;

export function makeDelayBoundedScheduler(bound: number, steps: number, stream: SeededStream): Scheduler {
  const delayAt = new Set<number>();
  for (let i = 0; i < bound; i++) delayAt.add(1 + stream.int(steps));
  assert(delayAt.size <= bound, `delay-bounded: ${delayAt.size} delays drawn for a bound of ${bound}`);
  let enqueued = 0;
  return {
    name: 'delay-bounded',
    tie: () => {
      enqueued += 1;
      return delayAt.has(enqueued) ? DELAYED_TIE : 0;
    },
    onStep: () => {},
  };
}
