import { join } from 'node:path';
import { test } from 'uvu';
import { checkExample } from './sweep';

// examples/quorum-register through the harness's public API (see sweep.ts).

test('quorum-register: the correct version passes 100 seeds; its bug variants are found and shrunk; replay reproduces; seeds are deterministic', async () => {
  await checkExample(join(__dirname, '..', '..', 'examples', 'quorum-register', 'scenario.ts'), 100);
});

test.run();
