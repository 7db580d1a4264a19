import { Readable } from 'node:stream';

/**
 * Yields the physical lines of a stream (1-based numbers, `\n` or `\r\n` endings) without holding more than one
 * chunk plus one partial line in memory.
 */
export async function* readLines(input: Readable): AsyncGenerator<{ line: number; text: string }> {
  let carry = '';
  let line = 0;
  input.setEncoding('utf8');
  for await (const chunk of input as AsyncIterable<string>) {
    let data = carry + chunk;
    let start = 0;
    let newline = data.indexOf('\n', start);
    while (newline !== -1) {
      const end = newline > start && data.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      yield { line: ++line, text: data.slice(start, end) };
      start = newline + 1;
      newline = data.indexOf('\n', start);
    }
    carry = data.slice(start);
    data = '';
  }
  if (carry.length > 0) yield { line: ++line, text: carry.endsWith('\r') ? carry.slice(0, -1) : carry };
}
