import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Actor, ActorSystem, Simulation, StoreClient, startStore } from '../../index';
import { main } from '../../cli/main';
import { memoryIo } from '../../cli/io';
import { isRunning, signal, type PidRecord } from '../../real/processes';

// The package as a user gets it: `npm pack` of this repository (its `prepare`
// builds dist/ when stale), the tarball installed into a fresh project in the
// system's temporary folder, and there: TypeScript importing 'actorsim'
// type-checks (and a wrong type is refused), a JavaScript script requiring it
// gives what the sources give in this process, and `npx actorsim` runs.
//
// Offline and bounded: the machine reaches only the npm registry, so the
// project gets a lockfile made of the tarball and this repository's lockfile
// entries for its runtime dependencies (dev-only ones left out, so a runtime
// dependency missing from "dependencies" fails here), and `npm ci --offline`
// installs from npm's cache, which `npm ci` here filled.

const ROOT = join(__dirname, '..', '..');
const NPM_TIMEOUT_MS = 300_000;

function sh(cmd: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: NPM_TIMEOUT_MS, env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' } });
}

function output(r: SpawnSyncReturns<string>): string {
  return `exit ${r.status}${r.signal ? ` (${r.signal})` : ''}${r.error ? ` (${r.error.message})` : ''}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  assert.is(r.status, 0, `${what}: ${output(r)}`);
  return r.stdout;
}

const npmVersion = spawnSync('npm', ['--version'], { encoding: 'utf8' });
const npmMissing = npmVersion.status === 0 ? null : `npm is not runnable here (${npmVersion.error?.message ?? `exit ${npmVersion.status}`})`;

const dir = mkdtempSync(join(tmpdir(), 'actorsim-pack-'));
const project = join(dir, 'project');

/** Every file under `root`, relative to it. */
function filesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(root, full));
    }
  };
  walk(root);
  return out;
}

let tarball = '';
test.before(() => {
  if (npmMissing) return;
  ok(sh('npm', ['pack', '--pack-destination', dir], ROOT), 'npm pack');
  const packed = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
  assert.equal(packed.length, 1, `npm pack wrote one tarball: ${packed.join(', ')}`);
  tarball = packed[0]!;

  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const spec = `file:../${tarball}`;
  const integrity = 'sha512-' + createHash('sha512').update(readFileSync(join(dir, tarball))).digest('base64');
  const packages: Record<string, unknown> = {
    '': { name: 'user-project', version: '1.0.0', dependencies: { actorsim: spec } },
    'node_modules/actorsim': { version: pkg.version, resolved: spec, integrity, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines },
  };
  for (const [key, entry] of Object.entries(lock.packages)) if (key.startsWith('node_modules/') && !entry.dev) packages[key] = entry;
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', version: '1.0.0', private: true, dependencies: { actorsim: spec } }, null, 2));
  writeFileSync(join(project, 'package-lock.json'), JSON.stringify({ name: 'user-project', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2));
  ok(sh('npm', ['ci', '--offline', '--no-audit', '--no-fund'], project), 'npm ci --offline in a fresh project (is the npm cache filled? `npm ci` in the repository fills it)');
});

test.after(() => {
  rmSync(dir, { recursive: true, force: true });
});

const t = npmMissing ? test.skip : test;
if (npmMissing) console.log(`note: test/package/pack.test.ts skipped: ${npmMissing}`);

t('the tarball holds the compiled library, its .d.ts, the CLI and the README; no tests, no TypeScript sources, no build state', () => {
  const files = filesUnder(join(project, 'node_modules', 'actorsim'));
  for (const f of ['package.json', 'README.md', 'bin/actorsim.js', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/scenarios/swarm-worker.js', 'dist/real/node-main.js', 'dist/sim/index.d.ts']) {
    assert.ok(files.includes(f), `missing ${f}`);
  }
  const unwanted = files.filter((f) => /(^|\/)test\//.test(f) || /^dist\/bench\//.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts')) || /tsbuildinfo|build-stamp|tsconfig/.test(f));
  assert.equal(unwanted, [], 'unwanted files in the package');
});

const GOOD_TS = `import { Actor, ActorSystem, Simulation, StoreClient, startStore, checkLinearizability, registerModel, renderTerminalReport, scenarioReportInput, type Ref, type History, type ReportInput, type ScenarioResult } from 'actorsim';

class Counter extends Actor {
  private n = 0;
  inc(by: number): number { this.n += by; return this.n; }
}

export async function run(): Promise<string> {
  const sim = new Simulation({ seed: 42 });
  for (const node of ['n1', 'nn', 's1', 's2', 's3', 'c1']) sim.addNode(node);
  const system = new ActorSystem(sim);
  const ref: Ref<number> = system.spawn(Counter, [], { node: 'n1' }).call.inc(5);
  const n: number = await system.get(ref);
  startStore(system, { nameNodeNode: 'nn', storageNodes: ['s1', 's2', 's3'], store: { replicationFactor: 2 } });
  const client = new StoreClient(system.clientAt('c1'));
  await system.settle(client.upload('a', 'x'));
  const history: History = [];
  const verdict: 'ok' | 'violation' | 'unknown' = checkLinearizability(history, registerModel).verdict;
  const render: (r: ReportInput) => string = renderTerminalReport;
  const convert: (r: ScenarioResult<object>) => ReportInput = scenarioReportInput;
  return \`\${n} \${verdict} \${typeof render} \${typeof convert}\`;
}
`;

// Proves the types are real (not `any`): this assignment must be refused.
const BAD_TS = `import { ActorSystem, Simulation } from 'actorsim';
const system = new ActorSystem(new Simulation({ seed: 1 }));
export const wrong: string = system.put(1);
`;

t("TypeScript importing 'actorsim' type-checks (node16 and node10 resolution, the package's .d.ts checked), and a wrong type is refused", () => {
  writeFileSync(join(project, 'good.ts'), GOOD_TS);
  writeFileSync(join(project, 'bad.ts'), BAD_TS);
  const tsc = join(project, 'node_modules', 'typescript', 'bin', 'tsc');
  for (const resolution of ['node16', 'node10']) {
    const module = resolution === 'node16' ? 'node16' : 'commonjs';
    const config = `tsconfig.${resolution}.json`;
    writeFileSync(
      join(project, config),
      // The package's own .d.ts are checked (only TypeScript's default lib is skipped, to keep it fast) once.
      JSON.stringify({ compilerOptions: { target: 'ES2022', module, moduleResolution: resolution, strict: true, noEmit: true, types: [], skipDefaultLibCheck: true, skipLibCheck: resolution !== 'node16' }, files: ['good.ts', 'bad.ts'] }),
    );
    const r = sh(process.execPath, [tsc, '-p', config], project);
    const errors = r.stdout.split('\n').filter((l) => /error TS\d+/.test(l));
    assert.equal(errors.filter((l) => !l.startsWith('bad.ts')), [], `${resolution}: only bad.ts may fail: ${output(r)}`);
    assert.is(errors.length, 1, `${resolution}: exactly one error: ${output(r)}`);
    assert.match(errors[0]!, /^bad\.ts\(3,14\): error TS2322: Type 'Ref<number>' is not assignable to type 'string'/, resolution);
  }
});

// The same program in plain JavaScript against the installed package and in
// TypeScript against the sources here: same output, same trace hash.
const SCRIPT_JS = `const { Actor, ActorSystem, Simulation, StoreClient, startStore } = require('actorsim');

class Counter extends Actor {
  n = 0;
  inc(by) { this.n += by; return this.n; }
}

async function main() {
  const sim = new Simulation({ seed: 7, network: { lossRate: 0.01 }, strategy: 'pct' });
  for (const node of ['n1', 'nn', 's1', 's2', 's3', 's4', 'c1']) sim.addNode(node);
  const system = new ActorSystem(sim);
  const counter = system.spawn(Counter, [], { node: 'n1', name: 'counter' });
  console.log(await system.get(counter.call.inc(5)));
  startStore(system, { nameNodeNode: 'nn', storageNodes: ['s1', 's2', 's3', 's4'], store: { replicationFactor: 3 } });
  const client = new StoreClient(system.clientAt('c1'));
  console.log(JSON.stringify(await system.settle(client.upload('notes', 'hello, world'))));
  sim.crash('s1');
  console.log(await system.settle(client.get('notes')));
  console.log(sim.traceHash());
  try {
    require('actorsim/dist/sim');
    console.log('deep import allowed');
  } catch (err) {
    console.log(err.code);
  }
}

main().catch((err) => { console.error(err); process.exitCode = 1; });
`;

class Counter extends Actor {
  n = 0;
  inc(by: number): number {
    this.n += by;
    return this.n;
  }
}

async function sameInSources(): Promise<string[]> {
  const sim = new Simulation({ seed: 7, network: { lossRate: 0.01 }, strategy: 'pct' });
  for (const node of ['n1', 'nn', 's1', 's2', 's3', 's4', 'c1']) sim.addNode(node);
  const system = new ActorSystem(sim);
  const counter = system.spawn(Counter, [], { node: 'n1', name: 'counter' });
  const lines = [String(await system.get(counter.call.inc(5)))];
  startStore(system, { nameNodeNode: 'nn', storageNodes: ['s1', 's2', 's3', 's4'], store: { replicationFactor: 3 } });
  const client = new StoreClient(system.clientAt('c1'));
  lines.push(JSON.stringify(await system.settle(client.upload('notes', 'hello, world'))));
  sim.crash('s1');
  lines.push(await system.settle(client.get('notes')));
  lines.push(sim.traceHash());
  return lines;
}

t('a JavaScript script requiring the package prints what the sources give, and deep imports are closed by the exports map', async () => {
  writeFileSync(join(project, 'script.js'), SCRIPT_JS);
  const printed = ok(sh(process.execPath, ['script.js'], project), 'node script.js').trimEnd().split('\n');
  const expected = await sameInSources();
  assert.equal(printed.slice(0, 3), ['5', '{"version":1}', 'hello, world']);
  assert.equal(printed, [...expected, 'ERR_PACKAGE_PATH_NOT_EXPORTED']);
});

function npx(...args: string[]): SpawnSyncReturns<string> {
  return sh('npx', ['--no', '--', 'actorsim', ...args], project);
}

t('npx actorsim --help and --version run in the project', () => {
  const help = ok(npx('--help'), 'npx actorsim --help');
  assert.match(help, /^actorsim: /);
  for (const verb of ['run', 'swarm', 'replay', 'shrink', 'hunt', 'check-history']) assert.match(help, new RegExp(`\\b${verb}\\b`));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.is(ok(npx('--version'), 'npx actorsim --version'), `actorsim ${pkg.version}\n`);
});

t('npx actorsim run verify --seed 1 in the project gives the run the sources give here', async () => {
  const installed = JSON.parse(ok(npx('run', 'verify', '--seed', '1', '--json'), 'npx actorsim run verify --seed 1 --json')) as { ok: boolean; traceHash: string; events: number };
  const io = memoryIo();
  assert.is(await main(['run', 'verify', '--seed', '1', '--json'], io), 0);
  const here = JSON.parse(io.stdout) as typeof installed;
  assert.is(installed.ok, true);
  assert.is(installed.traceHash, here.traceHash);
  assert.is(installed.events, here.events);
  const text = ok(npx('run', 'verify', '--seed', '1'), 'npx actorsim run verify --seed 1');
  assert.match(text, /model\.bin/);
});

t('npx actorsim swarm on two worker threads runs the compiled worker of the installed package', () => {
  const r = JSON.parse(ok(npx('swarm', '--seeds', '4', '--workers', '2', '--json'), 'npx actorsim swarm')) as { seedsRun: number; passed: number; workers: number };
  assert.is(r.seedsRun, 4);
  assert.is(r.passed, 4);
  assert.is(r.workers, 2);
  assert.ok(!existsSync(join(project, 'failures')), 'a passing sweep writes no repro files');
});

/** SIGKILLs, by pid and start time, any process of the cluster still running (only when `cluster stop` did not stop them). */
function killCluster(run: string): void {
  if (!existsSync(run)) return;
  for (const f of readdirSync(run).filter((n) => n.endsWith('.pid'))) {
    const rec = JSON.parse(readFileSync(join(run, f), 'utf8')) as PidRecord;
    if (isRunning(rec)) signal(rec, 'SIGKILL');
  }
}

t('npx actorsim cluster start runs the store on real processes from the installed package (compiled node processes)', () => {
  const c = join(project, 'c');
  try {
    ok(npx('cluster', 'start', '--nodes', '3', '--dir', c), 'npx actorsim cluster start');
    const run = join(c, 'run');
    for (const f of existsSync('/proc/self') ? readdirSync(run).filter((n) => n.endsWith('.pid')) : []) {
      const { pid } = JSON.parse(readFileSync(join(run, f), 'utf8')) as PidRecord;
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      assert.ok(cmdline.includes(join(project, 'node_modules', 'actorsim', 'dist', 'real', 'node-main.js')), `${f}: ${cmdline.join(' ')}`);
    }
    assert.match(ok(npx('store', 'upload', 'a', '--content', 'hello', '--dir', c), 'npx actorsim store upload'), /uploaded "a": version 1/);
    assert.is(ok(npx('store', 'get', 'a', '--dir', c), 'npx actorsim store get'), 'hello');
    ok(npx('cluster', 'stop', '--dir', c), 'npx actorsim cluster stop');
  } finally {
    killCluster(join(c, 'run'));
  }
});

// A user's own system in their own project: a TypeScript scenario module
// written against `import { ... } from 'actorsim'`, run by the installed CLI.
const MY_TS = `import { Actor, defineScenario, linearizable, registerModel, type SeededStream } from 'actorsim';

class Register extends Actor {
  async write(v: string): Promise<void> { this.ctx.disk.put('v', v); await this.ctx.disk.sync(); }
  read(): unknown { return this.ctx.disk.get('v') ?? null; }
}
class ForgetfulRegister extends Actor {
  private v: string | null = null;
  async write(v: string): Promise<void> { this.v = v; }
  read(): unknown { return this.v; }
}

export const scenario = defineScenario({
  name: 'my-register',
  summary: 'one register actor on one node',
  options: { draw: (s: SeededStream) => ({ clients: s.range(1, 3), operations: s.range(5, 15), crashes: s.range(0, 2) }) },
  topology: () => ({ server: ['s1'] }),
  impl: { Register },
  bugs: [{ name: 'forgetful', summary: 'keeps the value in memory only', swap: { Register: ForgetfulRegister } }],
  setup: ({ system, impl }) => void system.spawn(impl.Register, [], { name: 'reg', node: 's1', maxRestarts: -1 }),
  workload: {
    clients: (o) => o.clients,
    count: (o) => o.operations,
    draw: (s, _o, i) => (s.chance(1, 2) ? { op: 'write', args: ['v' + i] } : { op: 'read', args: [] }),
  },
  perform: (_sys, op, c) => {
    const reg = c.getActor<Register>('reg');
    return op.op === 'write' ? c.get(reg.call.write(String(op.args[0]))) : c.get(reg.call.read());
  },
  checkers: [linearizable(registerModel)],
  nemesis: { plan: (o) => [{ kind: 'crash', count: o.crashes, role: 'server', durationMs: [50, 300] }] },
});
`;

t('npx actorsim swarm and hunt --scenario ./my.ts run a user scenario written against the installed package', () => {
  writeFileSync(join(project, 'my.ts'), MY_TS);
  const sweep = sh('npx', ['--no', '--', 'actorsim', 'swarm', '--scenario', './my.ts', '--seeds', '20'], project);
  assert.is(sweep.status, 0, sweep.stdout + sweep.stderr);
  assert.match(sweep.stdout, /seeds 20 from 1: 20 passed, 0 failed/);
  const hunt = sh('npx', ['--no', '--', 'actorsim', 'hunt', '--scenario', './my.ts', '--bug', 'forgetful', '--seeds', '100', '--failures', join(project, 'failures')], project);
  assert.is(hunt.status, 0, hunt.stdout + hunt.stderr);
  assert.match(hunt.stdout, /my-register forgetful: found at seed \d+/);
  const file = /repro: npx actorsim replay (\S+)/.exec(hunt.stdout)?.[1];
  assert.ok(file, hunt.stdout);
  const replay = sh('npx', ['--no', '--', 'actorsim', 'replay', file!], project);
  assert.is(replay.status, 1, replay.stdout + replay.stderr);
  assert.match(replay.stdout, /reproduced/);
});

test.run();
