import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { SpoolFile } from './spool-file';

async function copied(spool: SpoolFile, skip?: Map<number, number>, dropFirst?: number): Promise<string> {
  const out: string[] = [];
  const sink = { write: (chunk: string, cb: (e?: Error) => void) => (out.push(chunk), cb(), true) };
  await spool.copyTo(sink as never, skip, dropFirst);
  return out.join('');
}

describe('SpoolFile', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'spool-spec-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back any bytes appended whole, from its buffer or its file, among texts, past its buffer too', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.constant(new Uint8Array(70_000).fill(7)), fc.string()),
          { maxLength: 30 },
        ),
        (pieces) => {
          const spool = new SpoolFile(join(dir, 'b'));
          const appended = pieces.map((piece) => {
            const offset = spool.length;
            if (typeof piece === 'string') spool.append(piece);
            else spool.appendBytes(piece);
            const bytes = Buffer.from(piece);
            expect(spool.readBytes(offset, bytes.length).equals(bytes)).toBe(true);
            return { offset, bytes };
          });
          expect(spool.length).toBe(appended.reduce((sum, { bytes }) => sum + bytes.length, 0));
          for (const { offset, bytes } of appended)
            expect(spool.readBytes(offset, bytes.length).equals(bytes)).toBe(true);
          // past the end: only what is there
          expect(spool.readBytes(spool.length, 10).length).toBe(0);
          spool.close();
        },
      ),
      { numRuns: 50 },
    );
  });

  it('copies what was appended without the skipped pieces and the first bytes dropped', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.string({ minLength: 1 }), fc.boolean()), { maxLength: 30 }),
        fc.integer({ min: 0, max: 3 }),
        async (pieces, dropFirst) => {
          const spool = new SpoolFile(join(dir, 'p'));
          const skip = new Map<number, number>();
          let kept = '';
          for (const [text, skipped] of pieces) {
            if (skipped) skip.set(spool.length, Buffer.byteLength(text));
            else kept += text;
            spool.append(text);
          }
          // printable ASCII pieces: a byte is a character
          expect(await copied(spool, skip, dropFirst)).toBe(kept.slice(dropFirst));
          spool.close();
        },
      ),
      { numRuns: 100 },
    );
  });

  it('keeps byte offsets right for any text, small or larger than its buffer', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.oneof(fc.string({ unit: 'binary' }), fc.constant('é€'.repeat(30_000))), fc.boolean()), {
          maxLength: 20,
        }),
        async (pieces) => {
          const spool = new SpoolFile(join(dir, 'u'));
          const skip = new Map<number, number>();
          let kept = '';
          for (const [text, skipped] of pieces) {
            const offset = spool.length;
            if (skipped) skip.set(offset, Buffer.byteLength(text));
            else kept += text;
            spool.append(text);
            expect(spool.length - offset).toBe(Buffer.byteLength(text));
            expect(spool.readBytes(offset, Buffer.byteLength(text)).toString('utf8')).toBe(text);
          }
          // Read back once more, now that most pieces were written out of the buffer.
          let at = 0;
          for (const [text] of pieces) {
            expect(spool.readBytes(at, Buffer.byteLength(text)).toString('utf8')).toBe(text);
            at += Buffer.byteLength(text);
          }
          expect(await copied(spool, skip)).toBe(kept);
          spool.close();
        },
      ),
      { numRuns: 50 },
    );
  });
});
