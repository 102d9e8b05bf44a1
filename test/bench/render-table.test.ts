import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renderBenchTable } from '../../bench/render-table';

test('a block per section: heading with wall time, keys aligned, integers grouped and right-aligned', () => {
  const text = renderBenchTable([
    { name: 'machine', title: 'where it ran', figures: { cpus: 8, node: 'v20.0.0' } },
    { name: 'kernel', title: 'throughput', figures: { messages: 1_000_000, ratio: 0.25 }, wallMs: 2500 },
  ]);
  assert.is(
    text,
    ['machine: where it ran', '  cpus  8', '  node  v20.0.0', '', 'kernel: throughput (2.5 s)', '  messages  1,000,000', '  ratio          0.25', ''].join('\n'),
  );
});

test.run();
