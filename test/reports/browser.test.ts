import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test as uvuTest } from 'uvu';
import * as assert from 'uvu/assert';
import { renderHtmlReport } from '../../reports/html';
import { getScenario } from '../../scenarios/index';
import { runReportInput } from '../../scenarios/report-input';

// The HTML report of a real run (verify, seed 1), opened in headless Chromium:
// asserts on the DOM after the page's script ran. Needs Debian's chromium
// (.ci/run installs it). Outside CI, a machine without it skips these tests
// with a printed reason; in CI (CI set) a missing browser is a failure.

const CHROMIUM = '/usr/bin/chromium';
const installed = existsSync(CHROMIUM) && spawnSync('which', ['chromium']).status === 0;
const inCi = process.env['CI'] !== undefined && process.env['CI'] !== '' && process.env['CI'] !== 'false';
const test = installed || inCi ? uvuTest : uvuTest.skip;
if (!installed && !inCi) {
  console.log(`note: browser tests skipped: ${CHROMIUM} is not installed and CI is not set (install it with \`apt-get update && apt-get install -y --no-install-recommends chromium\`)`);
}
const dir = mkdtempSync(join(tmpdir(), 'actorsim-browser-'));
uvuTest.after(() => rmSync(dir, { recursive: true, force: true }));

function dumpDom(file: string): string {
  assert.ok(installed, `chromium is not installed: install it with \`apt-get update && apt-get install -y --no-install-recommends chromium\` (expected ${CHROMIUM})`);
  const profile = mkdtempSync(join(dir, 'profile-'));
  const r = spawnSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      '--window-size=1400,2000',
      '--dump-dom',
      pathToFileURL(file).href,
    ],
    { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
  );
  assert.is(r.error, undefined, `chromium did not run: ${String(r.error)}`);
  assert.is(r.status, 0, `chromium exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

test('the verify report renders in Chromium: actors, placement, charts', async () => {
  const result = await getScenario('verify').run({ seed: 1 });
  const file = join(dir, 'verify.html');
  writeFileSync(file, renderHtmlReport(runReportInput(result)));
  const dom = dumpDom(file);

  const actors = /<table id="actors">([\s\S]*?)<\/table>/.exec(dom)?.[1] ?? '';
  assert.ok(actors !== '', 'the actors table is in the DOM');
  const rows = actors.match(/<tr data-class="[^"]*"/g) ?? [];
  assert.is(rows.filter((r) => r.includes('"NameNode"')).length, 1, 'one NameNode row');
  assert.is(rows.filter((r) => r.includes('"StorageNode"')).length, 5, 'a StorageNode row per storage node');

  const placement = /<table id="placement" class="grid">([\s\S]*?)<\/table>/.exec(dom)?.[1] ?? '';
  assert.ok(placement !== '', 'the placement map is in the DOM');
  for (const node of ['s1', 's2', 's3', 's4', 's5']) {
    assert.ok(placement.includes(`<th class="column" data-column="${node}">${node}<br><span class="small">ALIVE</span></th>`), `a header cell for ${node}`);
  }

  const charts = /<section id="charts">([\s\S]*?)<\/section>/.exec(dom)?.[1] ?? '';
  const svgs = charts.match(/<svg [^>]*>/g) ?? [];
  assert.is(svgs.length, 2, 'two charts');
  for (const svg of svgs) {
    // The page's script records each SVG's laid-out size: a rendered chart is not 0 wide or high.
    const size = /data-rendered="(\d+)x(\d+)"/.exec(svg);
    assert.ok(size, `the page script ran and measured ${svg}`);
    assert.ok(Number(size[1]) > 100, `chart width ${size[1]}`);
    assert.ok(Number(size[2]) > 50, `chart height ${size[2]}`);
  }
  assert.ok(charts.includes('<path class="line"'));
});

uvuTest.run();
