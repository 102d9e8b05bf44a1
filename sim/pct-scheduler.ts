import type { SeededStream } from './random';
import type { Scheduler } from './scheduler';

// PCT over timed events (see scheduler.ts), and Coyote's fair variant: with a
// `fairAfterSteps`, the run switches to random ties once that many events
// have run, so that no owner is starved for the rest of the run.

export function makePctScheduler(name: 'pct' | 'fair-pct', depth: number, changeSteps: number, fairAfterSteps: number | null, stream: SeededStream): Scheduler {
  const priorities = new Map<string, number>();
  const changeAt = new Map<number, number>();
  for (let i = 1; i < depth; i++) changeAt.set(stream.int(changeSteps), depth - i);
  const priority = (owner: string): number => {
    let p = priorities.get(owner);
    if (p === undefined) {
      p = depth + stream.int(1_000_000_000);
      priorities.set(owner, p);
    }
    return p;
  };
  let fair = false;
  return {
    name,
    // Events enqueued under PCT keep their (negative) ties after the switch:
    // they run before later random ones at their millisecond, a finite set.
    tie: (owner) => (fair ? stream.int(0x7fffffff) : -priority(owner)),
    onStep: (step, owner) => {
      if (fairAfterSteps !== null && step > fairAfterSteps) {
        fair = true;
        return;
      }
      const lowered = changeAt.get(step);
      if (lowered !== undefined) priorities.set(owner, lowered);
    },
  };
}
