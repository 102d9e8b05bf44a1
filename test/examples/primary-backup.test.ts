import { join } from 'node:path';
import { test } from 'uvu';
import { checkExample } from './sweep';

// examples/primary-backup through the harness's public API (see sweep.ts).

test('primary-backup: the correct version passes 100 seeds; its bug variants are found and shrunk; replay reproduces; seeds are deterministic', async () => {
  await checkExample(join(__dirname, '..', '..', 'examples', 'primary-backup', 'scenario.ts'), 100);
});

test.run();
