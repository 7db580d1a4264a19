import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineFile } from './line-file';

describe('LineFile', () => {
  it('reads the line at a byte offset, however long, with or without CRLF, last line included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'line-file-spec-'));
    try {
      const long = 'é'.repeat(9000);
      const path = join(dir, 'lines');
      writeFileSync(path, `a\r\n${long}\nlast`);
      const lines = new LineFile(path);
      expect(lines.lineAt(0)).toBe('a');
      expect(lines.lineAt(3)).toBe(long);
      expect(lines.lineAt(3 + Buffer.byteLength(long) + 1)).toBe('last');
      expect(lines.lineAt(1)).toBe('');
      lines.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
