import { InvalidArgumentError, show } from '../errors';
import { faultPointsOn } from './fault-points';
import type { ActorContext } from './actor';
import type { ActorRecord } from './actor-record';
import { checkDelay } from './arg-checks';
import { ActorHandle, type Origin } from './handle';
import { LOG_LEVELS, type TimerId } from './host';
import type { Lifecycle } from './lifecycle';
import { runGuarded } from './outcome';
import { putAt } from './put';
import type { RuntimeState } from './runtime-state';
import { getFrom, waitFrom } from './waits';

// What an actor's incarnation sees of the world (ActorContext): its node's
// clocks, disk and timers, a random stream per incarnation, and spawn, get and
// wait acting from it. Timers die with the incarnation.

/** The context of `rec`'s current incarnation, whose calls come from `origin`. */
export function actorContext(s: RuntimeState, life: Lifecycle, rec: ActorRecord, origin: Origin): ActorContext {
  const host = s.host;
  const inc = rec.incarnation;
  const alive = () => rec.state === 'ALIVE' && rec.incarnation === inc;
  const setTimer = (ms: number, fn: () => unknown, repeat: boolean): TimerId => {
    checkDelay('ctx.setTimer', ms);
    const local = s.nextLocalTimer++;
    const arm = () => {
      const hostId = host.setTimer(rec.node, ms, () => {
        if (!alive()) return;
        if (repeat) arm();
        else rec.timers.delete(local);
        runGuarded(host, rec.id, `${rec.id} timer`, fn);
      }, rec.id, `${rec.className} timer`);
      rec.timers.set(local, hostId);
    };
    arm();
    return local;
  };
  return {
    id: rec.id,
    name: rec.name,
    node: rec.node,
    incarnation: inc,
    random: host.random(`actor:${rec.id}:${inc}`),
    disk: host.disk(rec.node),
    now: host.nodeNow !== undefined ? () => host.nodeNow!(rec.node) : () => host.now(),
    monotonicNow: host.monotonicNow !== undefined ? () => host.monotonicNow!(rec.node) : () => host.now(),
    sleep: (ms: number) => new Promise<void>((resolve) => void setTimer(ms, resolve, false)),
    setTimer: (ms, fn) => setTimer(ms, fn, false),
    setInterval: (ms, fn) => { // determinism-ok: re-arms a Host timer, not the global setInterval
      if (!(ms > 0)) throw new InvalidArgumentError(`ctx.setInterval: interval must be > 0 ms, got ${show(ms)}`); // determinism-ok: message text
      return setTimer(ms, fn, true);
    },
    clearTimer: (id) => {
      const hostId = rec.timers.get(id);
      if (hostId !== undefined) {
        host.clearTimer(hostId);
        rec.timers.delete(id);
      }
    },
    spawn: (cls, args, options) => life.spawnFrom(origin, cls, args, options ?? {}),
    getActor: <T extends object>(name: string) => life.lookup<T>(origin, name, 'ctx.getActor'),
    self: <T extends object>() => new ActorHandle<T>(s.handles, rec.id, rec.name, origin),
    put: (value) => putAt(rec.node, value),
    get: (ref, options) => getFrom(host, origin, ref, options ?? {}),
    wait: (refs, options) => waitFrom(host, origin, refs, options ?? {}, 'ctx.wait'),
    alive,
    log: (level, message) => {
      if (!LOG_LEVELS.includes(level)) throw new InvalidArgumentError(`ctx.log: level must be one of ${LOG_LEVELS.join(', ')}, got ${show(level)}`);
      host.log?.(rec.node, rec.id, level, String(message));
    },
    ...faultPointsOn(host, rec.node),
  };
}
