import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Actor } from '../../../core/actors';
import { assert as invariant } from '../../../core/assert';
import { AssertionFailedError } from '../../../core/errors';
import { world } from './helpers';

// Store assertions always surface (issue 15): an assertion that fails inside
// a try whose catch maps every error to an ordinary answer ("UNAVAILABLE") is
// still a violation, recorded once, at the time it failed; one that
// propagates is recorded once too (the runtime does not report it again).

class Careless extends Actor {
  private replicas = 0;
  /** The bug pattern the issue found: a catch-all around code that asserts. */
  swallowing(): string {
    try {
      invariant(this.replicas > 0, 'chunk c1 has 0 replicas after placement');
      return 'ok';
    } catch {
      return 'UNAVAILABLE';
    }
  }
  async swallowingLater(): Promise<string> {
    await this.ctx.sleep(10);
    try {
      invariant(false, 'a later assertion');
      return 'ok';
    } catch {
      return 'UNAVAILABLE';
    }
  }
  propagating(): void {
    invariant(false, 'this one propagates');
  }
  fine(): string {
    invariant(true, 'never fails');
    return 'ok';
  }
}

test('an assertion swallowed by a catch-all is a violation, once, at the time it failed', async () => {
  const { sim, system } = world();
  const a = system.spawn(Careless, [], { node: 'n1' });
  assert.is(await system.get(a.call.swallowing()), 'UNAVAILABLE');
  assert.is(await system.get(a.call.swallowingLater()), 'UNAVAILABLE');
  assert.equal(sim.violations.map((v) => v.message), ['chunk c1 has 0 replicas after placement', 'a later assertion']);
  assert.ok(sim.violations[1]!.timeMs >= 10, `at ${sim.violations[1]!.timeMs}`);
  assert.is(sim.violations[0]!.where, 'assertion');
});

test('an assertion that propagates to the runtime is recorded once; a passing one not at all', async () => {
  const { sim, system } = world();
  const a = system.spawn(Careless, [], { node: 'n1' });
  assert.is(await system.get(a.call.fine()), 'ok');
  assert.is(sim.violations.length, 0);
  const err = await system.get(a.call.propagating()).then(() => null, (e: unknown) => e);
  assert.instance(err, AssertionFailedError);
  assert.equal(sim.violations.map((v) => v.message), ['this one propagates']);
});

test('outside a running world an assertion only throws (no sink, nothing recorded)', () => {
  const { sim } = world();
  assert.throws(() => invariant(false, 'plain'), (e: unknown) => e instanceof AssertionFailedError);
  assert.is(sim.violations.length, 0);
});

test.run();
