// One measured replay in its own process, so its peak RSS is its own: prints {ms, maxRssKb, events, contacts}.
import { createReadStream, readFileSync } from 'node:fs';
import { parseRateCardText } from '@contact-cost/costing';
import { replayJson, replayStream } from '@contact-cost/replay';

async function main(): Promise<void> {
  const [eventsFile, ratesFile, mode] = process.argv.slice(2);
  const started = process.hrtime.bigint();
  let events = 0;
  let contacts = 0;
  if (mode === 'parse-only') {
    // Baseline: the same line reading and JSON.parse, nothing else.
    const { readLines } = await import('@contact-cost/replay');
    for await (const { text } of readLines(createReadStream(eventsFile))) {
      if (text.length === 0) continue;
      try {
        JSON.parse(text);
      } catch {
        // invalid lines are part of the input
      }
      events++;
    }
  } else {
    const rates = parseRateCardText(readFileSync(ratesFile, 'utf8'));
    const result = await replayStream(createReadStream(eventsFile), rates);
    const json = JSON.stringify(replayJson(result, rates, null));
    events = result.stats.events;
    contacts = (json.match(/"channel":/g) ?? []).length;
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS, events, contacts }) + '\n');
}

void main();
