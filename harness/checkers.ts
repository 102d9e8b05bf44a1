import { InvalidArgumentError, show } from '../core/errors';
import type { ActorSystem } from '../core/actors';
import type { History } from '../properties/history';
import { checkLinearizability, type LinearizabilityOptions } from '../properties/linearizability';
import type { Model } from '../properties/model';
import type { CheckViolation } from '../properties/violation';
import type { Simulation } from '../sim';
import type { Topology } from './topology';

/* eslint-disable @typescript-eslint/no-explicit-any -- a checker fits any scenario unless it names its types */
// Checkers are values, composed by listing them: `safety` runs while faults
// rage (sampled on virtual time), `liveness` after every fault healed (retried
// until it passes or its bound runs out), `final` once over the finished run
// (the history, e.g. linearizability against a model).

export interface CheckContext<O, Sys> {
  readonly sim: Simulation;
  readonly system: ActorSystem;
  /** What the scenario's setup returned. */
  readonly sys: Sys;
  readonly options: O;
  readonly topology: Topology;
  /** The client history so far (complete for final checks). */
  readonly history: History;
  now(): number;
}

export type CheckerPhase = 'safety' | 'liveness' | 'final';

export interface Checker<O, Sys> {
  readonly phase: CheckerPhase;
  readonly name: string;
  check(ctx: CheckContext<O, Sys>): CheckViolation[] | Promise<CheckViolation[]>;
}

type CheckFn<O, Sys> = Checker<O, Sys>['check'];

function make<O, Sys>(phase: CheckerPhase, name: string, check: CheckFn<O, Sys>): Checker<O, Sys> {
  if (typeof name !== 'string' || name.length === 0) throw new InvalidArgumentError(`${phase}: a checker needs a name, got ${show(name)}`);
  if (typeof check !== 'function') throw new InvalidArgumentError(`${phase} ${show(name)}: check must be a function, got ${show(check)}`);
  return { phase, name, check };
}

/** An invariant sampled while faults run (every `sampleEveryMs` of the scenario's timing). */
export function safety<O = any, Sys = any>(name: string, check: CheckFn<O, Sys>): Checker<O, Sys> {
  return make('safety', name, check);
}

/** A property that must hold within the liveness bound once every fault has healed; an empty list means it holds. */
export function liveness<O = any, Sys = any>(name: string, check: CheckFn<O, Sys>): Checker<O, Sys> {
  return make('liveness', name, check);
}

/** A check over the finished run. */
export function final<O = any, Sys = any>(name: string, check: CheckFn<O, Sys>): Checker<O, Sys> {
  return make('final', name, check);
}

/** The history must be linearizable against `model` (a budget overrun is not a violation, it is noted as `unknown`). */
export function linearizable<State, Input, Output, O = any, Sys = any>(model: Model<State, Input, Output>, options: LinearizabilityOptions = {}): Checker<O, Sys> {
  return final(`linearizable(${model.name})`, (ctx) => {
    const r = checkLinearizability(ctx.history, model, { maxSteps: 500_000, minimizeMaxSteps: 200_000, ...options });
    if (r.verdict !== 'violation' || !r.violation) return [];
    const first = r.violation.operations[0];
    return [
      {
        kind: 'linearizability',
        message: `${r.violation.summary}\n${r.violation.timeline}`,
        timeMs: ctx.now(),
        ...(first ? { causeMs: first.call } : {}),
        name: r.violation.partition,
      },
    ];
  });
}
