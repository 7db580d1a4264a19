// One measured run in its own process, so its peak RSS is its own: prints {ms, maxRssKb, events, contacts}.
import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { readLines, runReplayCommand } from '@contact-cost/replay';

async function parseOnly(eventsFile: string): Promise<number> {
  // Baseline: the same line reading and JSON.parse, nothing else.
  let events = 0;
  for await (const { text } of readLines(createReadStream(eventsFile))) {
    if (text.length === 0) continue;
    try {
      JSON.parse(text);
    } catch {
      // invalid lines are part of the input
    }
    events++;
  }
  return events;
}

async function replay(eventsFile: string, ratesFile: string): Promise<{ events: number; contacts: number }> {
  // The replay command itself (settling, and the exact redo when needed), writing to a counting sink.
  let head = '';
  let contacts = 0;
  let tail = '';
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      // The document comes in pieces: a key split across two is found in the carried 9 characters (one short of
      // the 10 of `"channel":`, so no key is counted twice).
      const text = tail + chunk.toString();
      if (head.length < 200) head += text.slice(0, 200);
      contacts += (text.match(/"channel":/g) ?? []).length;
      tail = text.slice(-9);
      done();
    },
  });
  const code = await runReplayCommand(['--events', eventsFile, '--rates', ratesFile], {
    stdin: process.stdin,
    stdout: sink,
    stderr: process.stderr,
  });
  if (code !== 0) throw new Error(`replay exited ${code}`);
  return { events: Number(/"events":(\d+)/.exec(head)?.[1] ?? 0), contacts };
}

async function main(): Promise<void> {
  const [eventsFile, ratesFile, mode] = process.argv.slice(2);
  const started = process.hrtime.bigint();
  const result =
    mode === 'parse-only' ? { events: await parseOnly(eventsFile), contacts: 0 } : await replay(eventsFile, ratesFile);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS, ...result }) + '\n');
}

void main();
