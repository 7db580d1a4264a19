// Settling (memory flat in the number of events) must never change a figure: a settled run that stays exact gives
// the document of an unsettled run, and a run overtaken by a late event reports itself inexact (the CLI redoes it).
import { createReadStream, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { parseRateCardText } from '@contact-cost/costing';
import { RawEvent } from '../../costing/src/testing/cost-day.builder';
import { propertyRates, randomDayArb } from '../../costing/src/testing/random-day.generator';
import { SettlingOptions, replayJson, replayStream, runReplayCommand } from './replay.runner';

const SCENARIOS = resolve(__dirname, '../../../../shared/scenarios');
const EAGER: SettlingOptions = { everyLines: 1, latenessAttos: 0n, asOf: null };
const rates = propertyRates();

function byTime(events: RawEvent[]): RawEvent[] {
  return [...events].sort((a, b) => Date.parse(String(a.time)) - Date.parse(String(b.time)));
}

async function run(events: RawEvent[], settling?: SettlingOptions) {
  const text = events.map((e) => JSON.stringify(e)).join('\n') + '\n';
  const result = await replayStream(Readable.from([Buffer.from(text)]), rates, settling);
  // exactness is known once the figures have been derived
  const doc = JSON.parse(JSON.stringify(replayJson(result, rates, null)));
  return { exact: result.engine.exact, doc };
}

describe('replay settling', () => {
  it.each(readdirSync(SCENARIOS).filter((d) => !d.includes('.')))(
    '%s: settling after every line (10 min lateness) gives the unsettled document',
    async (name) => {
      const dir = join(SCENARIOS, name);
      const cards = parseRateCardText(readFileSync(join(dir, 'rates.json'), 'utf8'));
      const plain = await replayStream(createReadStream(join(dir, 'events.jsonl')), cards);
      // ten minutes of lateness: scenario 03's work_logged reaches 5 minutes back
      const settled = await replayStream(createReadStream(join(dir, 'events.jsonl')), cards, {
        ...EAGER,
        latenessAttos: 600n * 10n ** 18n,
      });
      const doc = replayJson(settled, cards, null);
      expect(settled.engine.exact).toBe(true);
      expect(doc).toEqual(replayJson(plain, cards, null));
    },
  );

  it('time-ordered random days settled after every line stay exact and equal the unsettled document', async () => {
    let exactRuns = 0;
    await fc.assert(
      fc.asyncProperty(randomDayArb, async (events) => {
        const ordered = byTime(events);
        const [plain, settled] = [await run(ordered), await run(ordered, EAGER)];
        if (settled.exact) {
          exactRuns++;
          expect(settled.doc).toEqual(plain.doc);
        }
      }),
      { numRuns: 40 },
    );
    // work_logged reaches back in time, so a few ordered days may still need the recompute; most must not
    expect(exactRuns).toBeGreaterThan(20);
  });

  it('shuffled random days: either exact and equal, or reported inexact', async () => {
    let inexactRuns = 0;
    await fc.assert(
      fc.asyncProperty(
        randomDayArb.chain((events) =>
          fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
        ),
        async (events) => {
          const [plain, settled] = [await run(events), await run(events, EAGER)];
          if (settled.exact) expect(settled.doc).toEqual(plain.doc);
          else inexactRuns++;
        },
      ),
      { numRuns: 40 },
    );
    expect(inexactRuns).toBeGreaterThan(0);
  });

  it('the command redoes an inexact settled run, so a late event still counts exactly', async () => {
    // 30k lines: past the first settling point; the last line is a classification from long before.
    const events: RawEvent[] = [
      {
        id: 's-0',
        type: 'agent.state',
        tenant: 'acme',
        time: '2026-11-02T08:00:00Z',
        agent: 'a-1',
        state: 'available',
      },
    ];
    for (let i = 1; i < 30_000; i++)
      events.push({
        id: `u-${i}`,
        type: 'usage.recorded',
        tenant: 'acme',
        time: new Date(Date.UTC(2026, 10, 2, 9) + i * 1000).toISOString(),
        contact: `sms-${i}`,
        resource: 'sms',
        quantity: 1,
      });
    events.push({
      id: 'late',
      type: 'agent.state',
      tenant: 'acme',
      time: '2026-11-02T08:30:00Z',
      agent: 'a-1',
      state: 'break',
    });
    const text = events.map((e) => JSON.stringify(e)).join('\n') + '\n';
    const out: string[] = [];
    const err: string[] = [];
    const sink = (into: string[]) => ({
      write: (chunk: string, cb?: (e?: Error) => void) => (into.push(chunk), cb?.(), true),
    });
    const code = await runReplayCommand(['--events', '-', '--rates', join(SCENARIOS, '01-single-call', 'rates.json')], {
      stdin: Readable.from([Buffer.from(text)]),
      stdout: sink(out) as never,
      stderr: sink(err) as never,
    });
    expect({ code, err }).toEqual({ code: 0, err: [] });
    const doc = JSON.parse(out.join(''));
    // available 08:00–08:30, break 08:30 to the as-of (the last sms at 09:00 + 29,999 s)
    expect(doc.tenants.acme.agents['a-1'].shrinkageSeconds).toEqual({ break: 29_999 + 1800 });
    expect(doc.tenants.acme.agents['a-1'].idleSeconds).toBe(1800);
  }, 60_000);
});
