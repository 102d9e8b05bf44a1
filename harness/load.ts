import * as fs from 'node:fs';
import * as path from 'node:path';
import { InvalidArgumentError, loadFailure, show } from '../core/errors';
import { isScenario, type Scenario } from './scenario';

// Loads a scenario from a module path (TypeScript through ts-node, or
// JavaScript): the module itself (module.exports = scenario), its default export, else an export named `scenario`, else its
// only export that is a scenario. Bad input names the flag and the value.

let tsRegistered = false;

function ensureTypeScript(): void {
  if (tsRegistered || require.extensions['.ts'] !== undefined) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('ts-node') as typeof import('ts-node')).register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
  tsRegistered = true;
}

export function loadScenario(modulePath: string, flag = '--scenario'): { scenario: Scenario; module: string } {
  if (typeof modulePath !== 'string' || modulePath.length === 0) throw new InvalidArgumentError(`${flag} must name a module file, got ${show(modulePath)}`);
  const file = path.resolve(modulePath);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new InvalidArgumentError(`${flag} ${show(modulePath)}: no such module file (${file})`);
  if (!/\.(ts|js|cjs|mts|cts)$/.test(file)) throw new InvalidArgumentError(`${flag} ${show(modulePath)}: expected a .ts or .js module`);
  if (/\.ts$/.test(file)) ensureTypeScript();
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(file) as Record<string, unknown>;
  } catch (err) {
    throw new InvalidArgumentError(`${flag} ${show(modulePath)}: the module failed to load: ${loadFailure(err)}`);
  }
  // `module.exports = scenario` (CommonJS) is the scenario itself.
  const candidates = [mod, mod.default, mod.scenario].filter(isScenario);
  const all = Object.values(mod).filter(isScenario);
  const scenario = candidates[0] ?? (all.length === 1 ? all[0] : undefined);
  if (!scenario) {
    const why = all.length > 1 ? `it exports ${all.length} scenarios; export one as default or as \`scenario\`` : 'it exports no scenario (made with defineScenario) as default or as `scenario`';
    throw new InvalidArgumentError(`${flag} ${show(modulePath)}: ${why}`);
  }
  return { scenario, module: file };
}
