import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Actor, ActorSystem } from '../../../core/actors';
import { startStore, StoreClient } from '../../../core/store';
import { RealHost, logLevelFromEnv } from '../../../real/host';
import { Simulation } from '../../../sim';

// ctx.log: an actor tells its operator of a decision. The simulator keeps the
// lines beside the trace (never in the hash); the real host writes those at or
// above its level to the node's log.

class Talker extends Actor {
  say(level: 'warn' | 'info' | 'debug', text: string) {
    this.ctx.log(level, text);
    return this.ctx.now();
  }
}

async function talk(keepLogs: boolean) {
  const sim = new Simulation({ seed: 3, keepLogs });
  sim.addNode('n1');
  const system = new ActorSystem(sim);
  const h = system.spawn(Talker, [], { node: 'n1' });
  const at = await system.get(h.call.say('info', 'decided something'));
  await system.get(h.call.say('debug', 'a detail'));
  return { sim, system, h, at };
}

test('the simulator keeps ctx.log lines with time, node, actor and level; the trace hash does not see them', async () => {
  const kept = await talk(true);
  assert.equal(kept.sim.logs.map((l) => [l.timeMs, l.node, l.actor, l.level, l.message]), [
    [kept.at, 'n1', kept.h.actorId, 'info', 'decided something'],
    [kept.sim.logs[1]!.timeMs, 'n1', kept.h.actorId, 'debug', 'a detail'],
  ]);
  const dropped = await talk(false);
  assert.is(dropped.sim.logs.length, 0);
  assert.is(dropped.sim.logCount, 2);
  assert.is(dropped.sim.traceHash(), kept.sim.traceHash());
});

test('ctx.log with an unknown level is INVALID_ARGUMENT, reported to the caller', async () => {
  const { system, h } = await talk(true);
  try {
    await system.get(h.call.say('loud' as 'info', 'x'));
    assert.unreachable('should have failed');
  } catch (err) {
    assert.match(String((err as Error).message), /ctx\.log: level must be one of warn, info, debug, got "loud"/);
  }
});

test("the store logs its decisions: a node declared dead, re-replication, a restarted node's report", async () => {
  const sim = new Simulation({ seed: 11, keepLogs: true });
  for (const node of ['nn', 's1', 's2', 's3', 's4', 'c1']) sim.addNode(node);
  const system = new ActorSystem(sim);
  startStore(system, { nameNodeNode: 'nn', storageNodes: ['s1', 's2', 's3', 's4'], store: { replicationFactor: 3 } });
  const client = new StoreClient(system.clientAt('c1'));
  await system.settle(system.clientAt('c1').sleep(500)); // every storage node heard of
  await system.settle(client.upload('a', 'some content'));
  const holder = (await system.settle(client.status())).artifacts[0]!.chunks[0]!.replicas[0]!;
  sim.crash(holder);
  await system.settle(system.clientAt('c1').sleep(6000));
  sim.restart(holder);
  await system.settle(system.clientAt('c1').sleep(6000));
  const text = sim.logs.filter((l) => l.node === 'nn').map((l) => `${l.level} ${l.message}`);
  assert.ok(text.some((l) => new RegExp(`^warn ${holder} silent for over \\d+ms: DEAD; its 1 replicas no longer count$`).test(l)), text.join('\n'));
  assert.ok(text.some((l) => new RegExp(`^info re-replicating b\\d+_0 \\(2/3 live replicas\\) from s\\d to s\\d$`).test(l)), text.join('\n'));
  assert.ok(text.some((l) => new RegExp(`^info ${holder}: block report of incarnation 1-\\w+ replaces 0-\\w+$`).test(l)), text.join('\n'));
  assert.ok(text.some((l) => /^info b\d+_0 over-replicated \(4\/3\): kept copies on s\d, s\d, s\d read back sound; removing the rest$/.test(l)), text.join("\n"));
});

test('the real host writes lines at or above its level, and refuses a bad ACTORSIM_LOG_LEVEL', () => {
  const lines: string[] = [];
  const host = new RealHost({
    node: null, driverNode: 'client-1', clusterNodes: ['nn'], dataDir: null, clusterId: 'c', addresses: new Map(), listen: null, secret: null,
    maxFrameBytes: 1 << 20, layout: null, log: (l) => lines.push(l), logLevel: 'info',
  });
  host.log('nn', 'NameNode:1', 'debug', 'hidden');
  host.log('nn', 'NameNode:1', 'info', 'shown');
  host.log('nn', 'NameNode:1', 'warn', 'also shown');
  assert.equal(lines, ['INFO NameNode:1@nn: shown', 'WARN NameNode:1@nn: also shown']);
  assert.is(logLevelFromEnv({}), 'info');
  assert.is(logLevelFromEnv({ ACTORSIM_LOG_LEVEL: 'debug' }), 'debug');
  assert.throws(() => logLevelFromEnv({ ACTORSIM_LOG_LEVEL: 'verbose' }), /ACTORSIM_LOG_LEVEL must be one of warn, info, debug, got "verbose"/);
});

test.run();
