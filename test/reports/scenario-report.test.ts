import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { scenarioReportInput } from '../../harness/report-input';
import type { ScenarioResult } from '../../harness/run';
import { renderHtmlReport } from '../../reports/html';
import { renderTerminalReport } from '../../reports/terminal';

// A harness scenario's result (hand-made: a two-replica register) through the
// same renderers as the store's runs: its own series and panels are the
// charts and tables, titled as it named them; nothing says "storage" or "chunk".

function registerResult(): ScenarioResult<object> {
  return {
    scenario: 'toy-register',
    seed: 5,
    bug: 'stale-read',
    strategy: 'pct',
    buggify: false,
    marks: {},
    ok: false,
    traceHash: 'abcdabcdabcdabcd',
    events: 40,
    virtualTimeMs: 900,
    checkpoints: [],
    violations: [{ kind: 'linearizability', message: 'read 1 after write 2 completed', timeMs: 850, causeMs: 410 }],
    history: [
      { process: 0, type: 'invoke', op: 'write', args: [2], timeMs: 100 },
      { process: 0, type: 'ok', op: 'write', args: [2], timeMs: 130 },
      { process: 1, type: 'invoke', op: 'read', args: [], timeMs: 400 },
      { process: 1, type: 'ok', op: 'read', args: [], result: 1, timeMs: 420 },
    ],
    workload: [],
    schedule: [],
    options: { replicas: 2 },
    faults: { injected: { crash: 1 }, vetoed: { mute: 1 } },
    report: {
      series: [
        { name: 'replicas up', description: 'of 2', points: [{ timeMs: 0, value: 2 }, { timeMs: 300, value: 1 }, { timeMs: 600, value: 2 }] },
        { name: 'queue depth', description: '', points: [{ timeMs: 0, value: 0 }, { timeMs: 300, value: 7 }] },
      ],
      panels: [{ title: 'register at the end', columns: ['replica', 'value', 'writes'], rows: [['x1', 'v2', 3], ['x2', 'v1', 2]] }],
      faults: [
        { atMs: 250, kind: 'crash', node: 'x2', applied: true, durationMs: 300 },
        { atMs: 500, kind: 'mute', node: null, applied: false, target: 'leader', durationMs: 100 },
      ],
      messages: 30,
      actors: [{ id: 'Replica:1', className: 'Replica', name: 'replica:x1', node: 'x1', state: 'ALIVE', restarts: 0, startedAtMs: 0, diedAtMs: null, deathCause: null }],
    },
    output: ['seed 5: toy-register'],
    trace: [
      { i: 0, timeMs: 100, kind: 'deliver', node: 'x1', from: 'c0', label: 'Replica.write', message: 'call' },
      { i: 1, timeMs: 405, kind: 'deliver', node: 'x2', from: 'c1', label: 'Replica.read', message: 'call' },
      { i: 2, timeMs: 415, kind: 'deliver', node: 'c1', from: 'x2', label: 'Replica.read', message: 'reply' },
    ],
  };
}

const input = scenarioReportInput(registerResult(), { repro: 'npx actorsim replay failures/toy.json' });
const text = renderTerminalReport(input);
const html = renderHtmlReport(input);

test('each declared series is a chart titled by its name; panels are tables under their own titles', () => {
  assert.equal(input.charts.map((c) => c.title), ['replicas up (of 2)', 'queue depth']);
  assert.ok(text.includes('  replicas up (of 2)\n'), text);
  assert.ok(text.includes('  queue depth\n'));
  assert.match(text, /-- register at the end\n  replica  value  writes\n  x1       v2          3\n/);
  assert.ok(html.includes('>replicas up (of 2)</text>'), 'the chart title');
  assert.ok(html.includes('>replicas up</text>'), 'the legend');
  assert.ok(html.includes('<h2>register at the end</h2><table class="panel">'));
  assert.ok(html.includes('<td class="num">3</td>'), 'a numeric column is right-aligned');
});

test('nothing in either report is titled for the store', () => {
  for (const page of [text, html]) assert.not.ok(/storage|chunk|artifact/i.test(page), page.slice(0, 200));
});

test('faults as they fired, a vetoed one marked; the repro line, actors and the sequence around the cause', () => {
  assert.match(text, /250\.\.550ms\s+crash\s+x2/);
  assert.match(text, /500\.\.600ms\s+mute \(vetoed\)\s+leader/);
  assert.ok(html.includes('npx actorsim replay failures/toy.json'));
  assert.ok(html.includes('<td class="mono">Replica:1</td>'));
  assert.equal(input.trace?.events.map((e) => e.i), [0, 1, 2]);
  assert.ok(html.includes('id="sequence"'));
  assert.ok(html.includes('class="msg msg-deliver"'));
  assert.ok(text.includes('30 delivered, 2 client operations, 15.00 messages per operation'));
});

test('a result without samples or faults renders, saying so', () => {
  const r = registerResult();
  r.report.series = [];
  r.report.faults = [];
  const out = renderTerminalReport(scenarioReportInput(r));
  assert.ok(out.includes('(no samples'));
  assert.ok(out.includes('(no faults injected)'));
  assert.ok(renderHtmlReport(scenarioReportInput(r)).includes('does not record the cluster over time'));
});

test.run();
