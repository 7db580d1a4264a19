// Property tests of the replay on random valid days (costing/src/testing/random-day.generator.ts): the document
// depends neither on the order of the lines nor on re-sent duplicates (events.md "Envelope", "Topics and keys").
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { RawEvent } from '../../costing/src/testing/cost-day.builder';
import { propertyRates, randomDayArb } from '../../costing/src/testing/random-day.generator';
import { replayJson, replayStream } from './replay.runner';

const rates = propertyRates();
const RUNS = { numRuns: 30 };

async function documentOf(lines: RawEvent[], asOf: bigint | null = null) {
  const text = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
  const result = await replayStream(Readable.from([Buffer.from(text)]), rates);
  return JSON.parse(JSON.stringify(replayJson(result, rates, asOf)));
}

const attosOf = (time: unknown) => BigInt(Date.parse(String(time))) * 10n ** 15n;

describe('replay properties on random valid days', () => {
  it('every generated event is accepted (the generator makes valid days)', async () => {
    await fc.assert(
      fc.asyncProperty(randomDayArb, async (events) => {
        const doc = await documentOf(events);
        expect(doc.rejected).toEqual([]);
        expect(doc.stats.accepted).toBe(events.length);
      }),
      { numRuns: 10 },
    );
  });

  it('shuffling the input lines changes no figure', async () => {
    const arb = randomDayArb.chain((events) =>
      fc.record({
        events: fc.constant(events),
        shuffled: fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(arb, async ({ events, shuffled }) => {
        const [a, b] = [await documentOf(events), await documentOf(shuffled)];
        expect(b).toEqual(a);
      }),
      RUNS,
    );
  });

  it('re-sending any subset of events (same id, same or other content, after the first) changes no figure', async () => {
    const arb = randomDayArb.chain((events) =>
      fc.record({
        events: fc.constant(events),
        resent: fc.array(
          fc.record({
            index: fc.nat({ max: events.length - 1 }),
            // where the copy goes, as a fraction of the way from the original to the end
            place: fc.double({ min: 0, max: 1, noNaN: true }),
            altered: fc.boolean(),
          }),
          { maxLength: 12 },
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(arb, async ({ events, resent }) => {
        const lines: RawEvent[] = [...events];
        for (const r of resent) {
          const original = events[r.index];
          const from = lines.indexOf(original) + 1;
          const at = from + Math.floor(r.place * (lines.length - from));
          // an altered copy: a time an hour earlier and another contact; first to arrive still wins
          const copy = r.altered
            ? {
                ...original,
                time: new Date(Date.parse(String(original.time)) - 3_600_000).toISOString(),
                contact: 'zz',
              }
            : { ...original };
          lines.splice(at, 0, copy);
        }
        const [a, b] = [await documentOf(events), await documentOf(lines)];
        expect(b.stats).toEqual({ ...a.stats, events: lines.length, duplicates: resent.length });
        expect(b.asOf).toBe(a.asOf);
        expect(b.tenants).toEqual(a.tenants);
      }),
      RUNS,
    );
  });

  it('events later than --as-of change no figure: the same as replaying only the events up to it', async () => {
    const arb = randomDayArb.chain((events) =>
      fc.record({ events: fc.constant(events), pick: fc.nat({ max: events.length - 1 }) }),
    );
    await fc.assert(
      fc.asyncProperty(arb, async ({ events, pick }) => {
        const asOf = attosOf(events[pick].time);
        const upTo = events.filter((e) => attosOf(e.time) <= asOf);
        const [all, some] = [await documentOf(events, asOf), await documentOf(upTo, asOf)];
        expect(all.asOf).toBe(some.asOf);
        for (const [tenant, figures] of Object.entries(some.tenants))
          expect({ tenant, figures: all.tenants[tenant] }).toEqual({ tenant, figures });
      }),
      RUNS,
    );
  });
});
