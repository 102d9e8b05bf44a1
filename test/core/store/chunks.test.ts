import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checksum, joinChunks, splitContent } from '../../../core/store';
import { utf8Length } from '../../../core/store/validate';
import { fcRun } from '../../properties/fc-seed';

// Chunks are byte ranges of the content's UTF-8 encoding, in the space the
// swarm now reaches: characters of every UTF-8 length (astral ones are two
// UTF-16 code units), empty content, chunks smaller than one character.

const run = fcRun('chunks');

test('any content of any characters splits into chunks of at most chunkSizeBytes that rejoin to it', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.integer({ min: 1, max: 9 }), (content, size) => {
      const { meta, data } = splitContent(content, size, 7);
      assert.is(joinChunks(data), content);
      assert.is(data.reduce((n, d) => n + d.length, 0), utf8Length(content));
      assert.is(meta.length, Math.max(1, Math.ceil(utf8Length(content) / size)));
      meta.forEach((m, i) => {
        assert.ok(m.size <= size && m.size === data[i]!.length);
        assert.is(m.checksum, checksum(data[i]!));
        assert.is(m.id, `b7_${i}`);
      });
    }),
    run.params('chunks:round-trip'),
  );
});

test('empty content is one empty chunk; a 4-byte character in 1-byte chunks is four chunks that rejoin', () => {
  const empty = splitContent('', 16, 1);
  assert.equal(empty.data, ['']);
  assert.is(empty.meta[0]!.size, 0);
  assert.is(joinChunks(empty.data), '');
  const astral = splitContent('😀', 1, 1);
  assert.equal(astral.data.map((d) => d.charCodeAt(0)), [0xf0, 0x9f, 0x98, 0x80]);
  assert.is(joinChunks(astral.data), '😀');
  // Cut by UTF-16 code units instead, the pair's halves would each encode as U+FFFD (the surrogate-split variant).
  assert.is(joinChunks(splitContent('😀'.slice(0, 1), 4, 1).data), '\ufffd');
});

test.run();
