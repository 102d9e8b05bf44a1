import { ActorSystem, type ClientContext } from '../core/actors';
import { ScenarioCodeError } from './scenario-code-error';
import { encodeDigests } from './event-digests';
import { InvalidArgumentError, show } from '../core/errors';
import type { History, HistoryEvent } from '../properties/history';
import type { CheckViolation } from '../properties/violation';
import { Simulation, Streams, checkSeed, type Seed, type StrategyName, type TraceEvent } from '../sim';
import { drawStrategy, isStrategyName, STRATEGIES } from '../sim';
import type { CheckContext, Checker } from './checkers';
import { checkPlan, drawSchedule, faultProblem, type ScheduledFault } from './faults';
import { RoleNemesis, type FaultKindSpec } from './nemesis';
import { drawWorkload, operationProblem, type Operation } from './operation';
import { drawOptions } from './options';
import type { ScenarioReport } from './report';
import { findBug, timingOf, type Scenario, type ScenarioWorld } from './scenario';
import { buildTopology, clientNode, topologyNodes } from './topology';

// One run of any scenario, VOPR style: the seed draws the options, the
// workload and the fault schedule; clients run while the nemesis injects
// faults and safety checkers are sampled; then every fault heals and the
// liveness checkers must pass within their bound; finally the checkers read
// the history. Explicit workload and schedule (replay, shrink) replace the draws.

export interface ScenarioRunOptions<O> {
  seed: Seed;
  overrides?: Partial<O>;
  /** A bug variant the scenario declares; null or absent: the correct version. */
  bug?: string | null;
  workload?: Operation[];
  schedule?: ScheduledFault[];
  /** The simulator's scheduling strategy; drawn from the seed when absent. */
  strategy?: StrategyName;
  keepTrace?: boolean;
  /** Carry the running trace hash after every event in the result even when it passes (replay's first differing event); failing runs always do. */
  keepDigests?: boolean;
  /** BUGGIFY on (the system's ctx.buggify sites may fire); drawn per seed from its own stream when absent. */
  buggify?: boolean;
}

export interface ScenarioResult<O = Record<string, unknown>> {
  scenario: string;
  seed: Seed;
  bug: string | null;
  strategy: StrategyName;
  ok: boolean;
  traceHash: string;
  events: number;
  virtualTimeMs: number;
  /** Trace hash every CHECKPOINT_EVERY events, for divergence reports. */
  checkpoints: string[];
  /** The running trace hash after every event (base64 of int32s): in failing runs and when asked, for replay's first differing event. */
  eventDigests?: string;
  violations: CheckViolation[];
  history: History;
  workload: Operation[];
  schedule: ScheduledFault[];
  options: O;
  faults: { injected: Record<string, number>; vetoed: Record<string, number> };
  report: ScenarioReport;
  /** Lines that say what the seed meant. */
  output: string[];
  trace?: TraceEvent[];
  /** Whether the run had BUGGIFY on. */
  buggify: boolean;
  /** Coverage marks the system reached (ctx.mark): hits per name, sorted by name. */
  marks: Record<string, number>;
}

export async function runScenario<O extends object, Impl extends object, Sys>(scenario: Scenario<O, Impl, Sys>, run: ScenarioRunOptions<O>): Promise<ScenarioResult<O>> {
  const name = scenario.name;
  const seed = checkSeed(`runScenario(${name})`, run.seed);
  if (run.strategy !== undefined && !isStrategyName(run.strategy)) throw new InvalidArgumentError(`runScenario(${name}): strategy must be one of ${STRATEGIES.join(', ')}, got ${show(run.strategy)}`);
  const options = drawOptions(name, scenario.options, seed, run.overrides ?? {});
  const timing = timingOf(scenario, options);
  const clients = scenario.workload.clients(options);
  // Final operations (WorkloadSpec.final) run as one more client process.
  const finalClient = scenario.workload.final ? clients : null;
  const topology = buildTopology(name, scenario.topology(options), clients + (finalClient === null ? 0 : 1));
  const streams = new Streams(seed);
  const settings = scenario.simulation?.(options) ?? {};
  if (settings.strategy !== undefined && !isStrategyName(settings.strategy)) throw new InvalidArgumentError(`${name}: simulation().strategy must be one of ${STRATEGIES.join(', ')}, got ${show(settings.strategy)}`);
  // Drawn from the portfolio (the seed's own `strategy` stream) when neither the run nor the scenario names one.
  const strategy: StrategyName = run.strategy ?? settings.strategy ?? drawStrategy(seed);
  const network = scenario.network?.(options);
  if (run.buggify !== undefined && typeof run.buggify !== 'boolean') throw new InvalidArgumentError(`runScenario(${name}): buggify must be true or false, got ${show(run.buggify)}`);
  if (settings.buggify !== undefined && typeof settings.buggify !== 'boolean') throw new InvalidArgumentError(`${name}: simulation().buggify must be true or false, got ${show(settings.buggify)}`);
  const buggify = run.buggify ?? settings.buggify ?? streams.get('harness-buggify').chance(1, 2);
  const sim = new Simulation({
    seed,
    strategy,
    keepTrace: run.keepTrace ?? false,
    keepDigests: true,
    buggify,
    ...(network ? { network } : {}),
    ...(settings.clocks !== undefined ? { clocks: settings.clocks } : {}),
    ...(settings.stallMs !== undefined ? { stallMs: settings.stallMs } : {}),
  });
  for (const node of topologyNodes(topology)) sim.addNode(node);
  const system = new ActorSystem(sim);
  const bug = findBug(scenario, run.bug);
  const impl = { ...scenario.impl, ...(bug?.swap ?? {}) } as Impl;
  const history: History = [];
  const violations: CheckViolation[] = [];

  const faultStart = timing.startMs;
  const faultEnd = faultStart + timing.faultPhaseMs;
  const workload = run.workload ?? drawWorkload(scenario.workload, streams.get('workload'), options, { startMs: faultStart, endMs: faultEnd });
  workload.forEach((w, i) => {
    const problem = operationProblem(w, clients);
    if (problem) throw new InvalidArgumentError(`runScenario(${name}): workload[${i}] ${problem} (got ${show(w)})`);
  });
  const nem = scenario.nemesis;
  const kinds = new Map<string, FaultKindSpec<CheckContext<O, Sys>>>((nem?.kinds ?? []).map((k) => [k.name, k]));
  const targets = nem?.targets ?? {};
  const plan = nem?.plan(options) ?? [];
  checkPlan(name, plan, topology, [...kinds.keys()], Object.keys(targets));
  const window = { startMs: faultStart, endMs: faultEnd };
  const schedule = run.schedule ?? (nem?.draw ? nem.draw(streams.get('faults'), options, topology, window) : plan.length > 0 ? drawSchedule(streams.get('faults'), plan, topology, faultStart, faultEnd) : []);
  schedule.forEach((f, i) => {
    const problem = faultProblem(f, [...kinds.keys()]);
    if (problem) throw new InvalidArgumentError(`runScenario(${name}): schedule[${i}] ${problem} (got ${show(f)})`);
    if (f.target !== undefined && !(f.target in targets)) throw new InvalidArgumentError(`runScenario(${name}): schedule[${i}] names target ${show(f.target)}, which the scenario does not resolve`);
  });

  const world: ScenarioWorld<O, Impl> = { seed, options, topology, sim, system, impl, bug: bug?.name ?? null, workload, schedule };
  let sys: Sys;
  try {
    sys = await scenario.setup(world);
  } catch (err) {
    throw new ScenarioCodeError(`runScenario(${name}): setup threw at seed ${seed}: ${(err as Error)?.stack ?? show(err)}`);
  }
  const ctx: CheckContext<O, Sys> = { sim, system, sys, options, topology, history, now: () => sim.now() };
  const resolve = (target: string): string | null => {
    const node = targets[target]!(ctx);
    return typeof node === 'string' ? node : null;
  };
  const allow = nem?.allow;
  const heal = nem?.heal;
  const nemesis = new RoleNemesis(sim, schedule, topology, ctx, kinds, resolve, allow ? (f, node) => allow(ctx, f, node) : () => true, heal ? () => heal(ctx) : () => undefined);
  nemesis.install();

  const report: ScenarioReport = {
    series: (scenario.report?.series ?? []).map((s) => ({ name: s.name, description: s.description ?? '', points: [] })),
    panels: [],
    faults: [],
    messages: 0,
    actors: [],
  };
  const byPhase = (phase: Checker<O, Sys>['phase']) => scenario.checkers.filter((c) => c.phase === phase);
  const safetyCheckers = byPhase('safety');
  const sample = (): void => {
    (scenario.report?.series ?? []).forEach((s, i) => report.series[i]!.points.push({ timeMs: sim.now(), value: s.sample(ctx) }));
    for (const c of safetyCheckers) {
      let found: ReturnType<typeof c.check>;
      try {
        found = c.check(ctx);
      } catch (err) {
        violations.push(checkerError('safety', c.name, err, sim.now()));
        continue;
      }
      void Promise.resolve(found).then(
        (v) => violations.push(...v),
        (err: unknown) => violations.push(checkerError('safety', c.name, err, sim.now())),
      );
    }
  };
  for (let t = faultStart; t < faultEnd; t += timing.sampleEveryMs) sim.at(t, sample, 'sample');

  // Drives the world until `work` settles (or the bound), so checks may call actors.
  const drive = async <T>(work: () => T | Promise<T>, boundMs: number): Promise<{ done: boolean; value?: T; error?: unknown }> => {
    const out: { done: boolean; value?: T; error?: unknown } = { done: false };
    Promise.resolve()
      .then(work)
      .then(
        (value) => Object.assign(out, { done: true, value }),
        (error: unknown) => Object.assign(out, { done: true, error }),
      );
    await sim.runUntil(() => out.done, { untilMs: sim.now() + boundMs });
    return out;
  };

  await sim.run({ untilMs: faultStart });
  let clientsDone = 0;
  const perform = (w: Operation, c: ClientContext): Promise<HistoryEvent> =>
    new Promise<HistoryEvent>((resolveOp) => {
      const base = { process: w.client, op: w.op, args: w.args };
      history.push({ ...base, type: 'invoke', timeMs: sim.now() });
      let settled = false;
      const done = (e: Omit<HistoryEvent, 'timeMs' | 'process' | 'op' | 'args'>) => {
        if (settled) return;
        settled = true;
        const event: HistoryEvent = { ...base, ...e, timeMs: sim.now() };
        history.push(event);
        resolveOp(event);
      };
      void c.sleep(timing.clientDeadlineMs).then(() => done({ type: 'unknown' }));
      Promise.resolve()
        .then(() => scenario.perform(sys, w, c, world))
        .then(
          (value) => done({ type: 'ok', ...(value !== undefined ? { result: value } : {}) }),
          (err: unknown) => {
            const code = (err as { code?: unknown } | null)?.code;
            if (code === 'OPERATION_FAILED') return done({ type: 'fail', result: (err as { reason?: unknown }).reason ?? null });
            if (!(err instanceof Error && typeof code === 'string')) {
              // Not the world's doing (a timeout, a dead actor): the scenario's own code broke.
              violations.push({ kind: 'client-error', message: `${name}.perform(${w.op}) threw: ${(err as Error)?.stack ?? show(err)}`, timeMs: sim.now(), causeMs: sim.now() });
            }
            done({ type: 'unknown' });
          },
        );
    });
  for (let k = 0; k < clients; k++) {
    const c = system.clientAt(clientNode(k));
    const mine = workload.filter((w) => w.client === k);
    void (async () => {
      for (const w of mine) {
        if (w.atMs > sim.now()) await c.sleep(w.atMs - sim.now());
        if (w.delayMs !== undefined && w.delayMs > 0) await c.sleep(w.delayMs);
        await perform(w, c);
      }
      clientsDone += 1;
    })();
  }
  await sim.run({ untilMs: faultEnd });
  nemesis.healAll();
  // Healing cannot cut a pause short (the node's events wait for its end): what follows healing starts
  // when the last one ends, or a frozen node would look like a system that failed to recover.
  const pausedUntilMs = Math.max(0, ...topologyNodes(topology).map((n) => sim.nodeInfo(n).pausedUntilMs));
  if (pausedUntilMs > sim.now()) await sim.run({ untilMs: pausedUntilMs });
  const lastAtMs = workload.reduce((m, w) => Math.max(m, w.atMs), faultEnd);
  const opsBound = lastAtMs + Math.max(1, workload.length) * timing.clientDeadlineMs + 1000;
  await sim.runUntil(() => clientsDone === clients, { untilMs: opsBound });
  if (clientsDone !== clients) {
    violations.push({ kind: 'stuck-client', message: `${clients - clientsDone} clients still had operations pending at ${sim.now()}ms (every operation has a ${timing.clientDeadlineMs}ms deadline)`, timeMs: sim.now() });
  }

  // Liveness: healed, every liveness checker must pass within the bound.
  const live = byPhase('liveness');
  if (live.length > 0) {
    const healedAt = sim.now();
    let last: CheckViolation[] = [];
    let passed = false;
    const broken = new Set<Checker<O, Sys>>();
    while (sim.now() - healedAt <= timing.livenessBoundMs) {
      await sim.run({ untilMs: sim.now() + timing.livenessEveryMs });
      last = [];
      for (const c of live) {
        if (broken.has(c)) continue;
        const r = await drive(() => c.check(ctx), timing.livenessEveryMs * 5);
        if (!r.done) last.push({ kind: 'liveness', message: `liveness checker ${c.name} did not answer within ${timing.livenessEveryMs * 5}ms`, timeMs: sim.now() });
        else if (r.error !== undefined) {
          // The checker's own bug: reported once, with its stack; the others go on.
          broken.add(c);
          violations.push(checkerError('liveness', c.name, r.error, sim.now()));
        } else last.push(...(r.value ?? []));
      }
      if (last.length === 0) {
        passed = true;
        break;
      }
    }
    if (!passed) for (const v of last) violations.push({ ...v, message: `not within ${timing.livenessBoundMs}ms after healing: ${v.message}` });
  }

  // Final operations (Jepsen's final reads), by their own client, before the final checkers read the history.
  if (finalClient !== null) {
    const ops: Operation[] = scenario.workload.final!(options, workload).map((o) => ({ client: finalClient, atMs: 0, op: o.op, args: o.args }));
    ops.forEach((w, i) => {
      const problem = operationProblem(w, clients + 1);
      if (problem) throw new InvalidArgumentError(`runScenario(${name}): workload.final()[${i}] ${problem} (got ${show(w)})`);
    });
    const c = system.clientAt(clientNode(finalClient));
    const r = await drive(async () => {
      for (const w of ops) await perform(w, c);
    }, (ops.length + 1) * timing.clientDeadlineMs);
    if (!r.done) violations.push({ kind: 'stuck-client', message: `the final operations were still pending at ${sim.now()}ms`, timeMs: sim.now() });
  }

  for (const c of byPhase('final')) {
    const r = await drive(() => c.check(ctx), timing.livenessBoundMs);
    if (!r.done) violations.push({ kind: 'checker-error', message: `final checker ${c.name} did not answer within ${timing.livenessBoundMs}ms`, timeMs: sim.now() });
    else if (r.error !== undefined) violations.push(checkerError('final', c.name, r.error, sim.now()));
    else violations.push(...(r.value ?? []));
  }
  // An error actor code threw that nobody received keeps its own kind and stack.
  for (const v of sim.violations) {
    if (v.kind === 'actor-error') violations.push({ kind: 'actor-error', message: `${v.message}${v.stack ? `\n${v.stack.split('\n').slice(1, 9).map((l) => `    ${l.trim()}`).join('\n')}` : ''}`, timeMs: v.timeMs, causeMs: v.timeMs });
    else violations.push({ kind: 'assertion', message: `${v.where}: ${v.message}`, timeMs: v.timeMs, causeMs: v.timeMs });
  }

  report.panels = scenario.report?.panels?.(ctx) ?? [];
  report.faults = nemesis.applied.map((a) => {
    const f = schedule[a.index];
    return { atMs: a.atMs, kind: a.kind, node: a.node, applied: a.applied, ...(a.target !== undefined ? { target: a.target } : {}), durationMs: f?.durationMs ?? 0, ...(f?.group ? { group: [...f.group] } : {}) };
  });
  report.messages = sim.delivered;
  report.actors = system.actorsTable();
  const on = Object.entries(schedule.reduce<Record<string, number>>((acc, f) => ({ ...acc, [f.kind]: (acc[f.kind] ?? 0) + 1 }), {}));
  const output = [
    `seed ${seed}: ${name}${bug ? ` (bug ${bug.name})` : ''}, strategy ${strategy}, ${clients} clients, ${workload.length} operations, faults: ${on.length ? on.map(([k, n]) => `${k}×${n}`).join(' ') : 'none'}`,
    `  options: ${JSON.stringify(options)}`,
  ];
  return {
    scenario: name,
    seed,
    bug: bug?.name ?? null,
    strategy,
    ok: violations.length === 0,
    traceHash: sim.traceHash(),
    events: sim.eventCount,
    virtualTimeMs: sim.now(),
    checkpoints: [...sim.trace.checkpoints],
    ...(violations.length > 0 || run.keepDigests ? { eventDigests: encodeDigests(sim.trace.eventDigests()) } : {}),
    violations,
    history,
    workload,
    schedule,
    options,
    faults: { injected: { ...nemesis.injected }, vetoed: { ...nemesis.vetoed } },
    report,
    output,
    ...(run.keepTrace ? { trace: [...sim.traceEvents()] } : {}),
    buggify,
    marks: sim.marks(),
  };
}

/** A checker that threw: the scenario's own bug, a violation naming it (never an internal error of actorsim). */
function checkerError(phase: string, name: string, err: unknown, timeMs: number): CheckViolation {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : `threw a non-error ${show(err)}`;
  const stack = err instanceof Error && typeof err.stack === 'string' ? `\n${err.stack}` : '';
  return { kind: 'checker-error', message: `${phase} checker ${name} threw: ${text}${stack}`, timeMs };
}
