import * as fs from 'node:fs';
import * as path from 'node:path';
import { version } from '../package.json';
import { ActorsimError } from '../core/errors';
import type { CheckViolation } from '../properties/violation';
import { isStrategyName, type StrategyName } from '../sim';
import type { ScheduledFault } from './faults';
import type { Operation } from './operation';
import type { ScenarioResult } from './run';
import { checkReproFields, isDigestText, readReproJson, writeJsonAtomically } from './repro-json';

// A scenario's repro file: the module that defines the scenario (so `replay
// FILE` needs nothing else), the seed, every option, the explicit workload and
// fault schedule, the trace hash and checkpoints, and the violations.

export const SCENARIO_REPRO_FORMAT = 'actorsim-scenario-repro/1';

export interface ScenarioRepro {
  format: typeof SCENARIO_REPRO_FORMAT;
  actorsim: string;
  scenario: string;
  /** The scenario's module: relative to the repro file's folder, or absolute. */
  module: string;
  seed: number | string;
  bug: string | null;
  strategy: StrategyName;
  options: Record<string, unknown>;
  workload: Operation[];
  schedule: ScheduledFault[];
  traceHash: string;
  checkpoints: string[];
  /** The running trace hash after every event (absent in older files): replay names the first event that differs. */
  eventDigests?: string;
  events: number;
  violations: CheckViolation[];
}

/** A repro file that cannot be used: unreadable, corrupt, or from another version. */
export class ScenarioReproError extends ActorsimError {
  constructor(message: string) {
    super('BAD_REPRO', message);
  }
}

export function reproOf(r: ScenarioResult<object>, modulePath: string): ScenarioRepro {
  return {
    format: SCENARIO_REPRO_FORMAT,
    actorsim: version,
    scenario: r.scenario,
    module: modulePath,
    seed: r.seed,
    bug: r.bug,
    strategy: r.strategy,
    options: r.options as Record<string, unknown>,
    workload: r.workload,
    schedule: r.schedule,
    traceHash: r.traceHash,
    checkpoints: r.checkpoints,
    ...(r.eventDigests !== undefined ? { eventDigests: r.eventDigests } : {}),
    events: r.events,
    violations: r.violations,
  };
}

export function scenarioReproPath(dir: string, r: Pick<ScenarioRepro, 'scenario' | 'seed' | 'bug'>, suffix = ''): string {
  return path.join(dir, `${r.scenario}${r.bug ? `-${r.bug}` : ''}-${String(r.seed).replace(/[^\w.-]/g, '_')}${suffix}.json`);
}

/**
 * Writes atomically. The module path is stored relative to the file's folder
 * (the pair can move together, to another checkout or machine) and absolute
 * (the file alone can move on this machine); reading tries them in that order.
 */
export function writeScenarioRepro(file: string, repro: ScenarioRepro): void {
  const dir = path.dirname(path.resolve(file));
  const moduleRel = path.relative(dir, path.resolve(repro.module)).split(path.sep).join('/');
  writeJsonAtomically(file, { ...repro, module: moduleRel, moduleAbsolute: path.resolve(repro.module) });
}

/** True when the text is a scenario repro file (as opposed to the store's). */
export function isScenarioReproText(text: string): boolean {
  try {
    return (JSON.parse(text) as { format?: unknown } | null)?.format === SCENARIO_REPRO_FORMAT;
  } catch {
    return false;
  }
}

/** Reads and checks a repro file; `module` comes back resolved to an absolute path. */
export function readScenarioRepro(file: string): ScenarioRepro {
  const r = readReproJson(file, SCENARIO_REPRO_FORMAT, (m) => new ScenarioReproError(m)) as Partial<ScenarioRepro>;
  checkReproFields<ScenarioRepro>(file, r, [
    ['scenario', (v) => typeof v === 'string'],
    ['module', (v) => typeof v === 'string' && v.length > 0],
    ['seed', (v) => typeof v === 'number' || typeof v === 'string'],
    ['bug', (v) => v === null || typeof v === 'string'],
    ['strategy', isStrategyName],
    ['options', (v) => !!v && typeof v === 'object' && !Array.isArray(v)],
    ['workload', Array.isArray],
    ['schedule', Array.isArray],
    ['traceHash', (v) => typeof v === 'string'],
    ['checkpoints', Array.isArray],
    ['events', (v) => typeof v === 'number'],
    ['violations', Array.isArray],
    ['eventDigests', isDigestText],
  ], (m) => new ScenarioReproError(m));
  const { moduleAbsolute, ...rest } = r as ScenarioRepro & { moduleAbsolute?: unknown };
  const beside = path.resolve(path.dirname(path.resolve(file)), r.module!);
  const module = !fs.existsSync(beside) && typeof moduleAbsolute === 'string' && fs.existsSync(moduleAbsolute) ? moduleAbsolute : beside;
  return { ...rest, module };
}
