// Loads a user's Model from a TypeScript or JavaScript module (check-history's
// `--model ./my-model.ts`). TypeScript is compiled on load with ts-node
// (transpile only), registered here when the process has not done it already.

import { createRequire } from 'node:module';
import { extname, resolve } from 'node:path';
import { ActorsimError, loadFailure, show } from '../core/errors';
import { singlePartition, type Model } from './model';

/** The module cannot be loaded, or exports nothing that is a Model; the message says which. */
export class ModelModuleError extends ActorsimError {
  constructor(message: string) {
    super('MODEL_MODULE', message);
  }
}

const REQUIRED = ['init', 'step', 'key', 'decode'] as const;

function isModelLike(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { step?: unknown }).step === 'function';
}

/** The export to use: `default`, then `model`, then the only export with a step function. */
function pickExport(exported: unknown, file: string): Record<string, unknown> {
  if (isModelLike(exported)) return exported;
  if (typeof exported !== 'object' || exported === null) throw new ModelModuleError(`${file} exports ${show(exported)}, not a Model`);
  const all = exported as Record<string, unknown>;
  for (const name of ['default', 'model']) if (isModelLike(all[name])) return all[name];
  const candidates = Object.keys(all).filter((name) => isModelLike(all[name]));
  if (candidates.length === 1) return all[candidates[0]!] as Record<string, unknown>;
  if (candidates.length === 0) {
    throw new ModelModuleError(`${file} exports no Model (an object with init, step, key and decode; exports: ${Object.keys(all).join(', ') || 'none'})`);
  }
  throw new ModelModuleError(`${file} exports several Models (${candidates.join(', ')}): export the one to use as default or as "model"`);
}

/** Checks the shape and fills the optional parts: partition (one object), descriptions (JSON). */
export function asModel(value: unknown, where: string): Model<unknown, unknown, unknown> {
  if (!isModelLike(value)) throw new ModelModuleError(`${where}: not a Model (no step function): ${show(value)}`);
  const missing = REQUIRED.filter((name) => typeof value[name] !== 'function');
  if (missing.length > 0) throw new ModelModuleError(`${where}: the Model lacks ${missing.join(', ')} (functions)`);
  for (const name of ['partition', 'describeOperation', 'describeState', 'inputKey', 'readOnly', 'observeFailure']) {
    if (value[name] !== undefined && typeof value[name] !== 'function') throw new ModelModuleError(`${where}: the Model's ${name} must be a function, got ${show(value[name])}`);
  }
  const model = value as unknown as Partial<Model<unknown, unknown, unknown>> & Pick<Model<unknown, unknown, unknown>, 'init' | 'step' | 'key' | 'decode'>;
  const name = typeof model.name === 'string' && model.name !== '' ? model.name : 'custom';
  // A user's model that throws is the user's bug, not actorsim's: say whose.
  const guarded = <A extends unknown[], R>(method: string, f: (...args: A) => R): ((...args: A) => R) => (...args: A): R => {
    try {
      return f(...args);
    } catch (err) {
      if (err instanceof ActorsimError) throw err;
      throw new ModelModuleError(`${where}: the model's ${method} threw: ${err instanceof Error ? err.message : show(err)}`);
    }
  };
  const partition = model.partition?.bind(model);
  const full: Model<unknown, unknown, unknown> = {
    name,
    init: guarded('init', model.init.bind(model)),
    step: guarded('step', model.step.bind(model)),
    key: guarded('key', model.key.bind(model)),
    decode: model.decode.bind(model), // its errors name the history event (from-history.ts)
    partition: partition === undefined ? singlePartition : guarded('partition', partition),
    describeOperation: model.describeOperation?.bind(model) ?? ((input, output) => `${show(input)} -> ${output === undefined ? '?' : show(output)}`),
    describeState: model.describeState?.bind(model) ?? ((state) => show(state)),
  };
  if (model.inputKey !== undefined) full.inputKey = guarded('inputKey', model.inputKey.bind(model));
  if (model.readOnly !== undefined) full.readOnly = guarded('readOnly', model.readOnly.bind(model));
  if (model.observeFailure !== undefined) full.observeFailure = model.observeFailure.bind(model);
  return full;
}

const TYPESCRIPT = new Set(['.ts', '.cts', '.mts', '.tsx']);
const LOADABLE = new Set([...TYPESCRIPT, '.js', '.cjs']);

function ensureTypeScript(): void {
  // bin/actorsim.js (development) registers ts-node already; the compiled CLI does not.
  if (require.extensions['.ts'] !== undefined) return;
  const tsNode = require('ts-node') as typeof import('ts-node');
  tsNode.register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
}

/** Loads the Model a module at `path` (relative to `cwd`) exports. */
export function loadModelModule(path: string, cwd: string = process.cwd()): Model<unknown, unknown, unknown> {
  const file = resolve(cwd, path);
  const ext = extname(file);
  if (!LOADABLE.has(ext)) throw new ModelModuleError(`${path}: expected a .ts or .js module, got ${show(ext || 'no extension')}`);
  if (TYPESCRIPT.has(ext)) ensureTypeScript();
  let exported: unknown;
  try {
    exported = createRequire(file)(file);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'MODULE_NOT_FOUND' && String(e.message).includes(file) ? 'no such file' : `it failed to load: ${loadFailure(e)}`;
    throw new ModelModuleError(`${path}: ${why}`);
  }
  return asModel(pickExport(exported, path), path);
}
