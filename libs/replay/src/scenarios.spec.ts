import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseRateCardText } from '@contact-cost/costing';
import { replayJson, replayStream } from './replay.runner';

const SCENARIOS = resolve(__dirname, '../../../../shared/scenarios');

/** expected.json is partial: every key it lists must match; keys it omits are not checked. */
function expectPartial(actual: unknown, expected: unknown, path: string): void {
  if (expected !== null && typeof expected === 'object') {
    if (Array.isArray(expected)) {
      expect({ path, length: (actual as unknown[])?.length }).toEqual({ path, length: expected.length });
      expected.forEach((item, i) => expectPartial((actual as unknown[])[i], item, `${path}[${i}]`));
      return;
    }
    expect({ path, isObject: actual !== null && typeof actual === 'object' }).toEqual({ path, isObject: true });
    for (const [key, value] of Object.entries(expected)) {
      expect({ path: `${path}.${key}`, present: key in (actual as object) }).toEqual({
        path: `${path}.${key}`,
        present: true,
      });
      expectPartial((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
    }
    return;
  }
  expect({ path, value: actual }).toEqual({ path, value: expected });
}

const scenarios = readdirSync(SCENARIOS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('public scenarios in ../shared/scenarios', () => {
  it('finds the scenarios folder', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(4);
  });

  it.each(scenarios)('%s: replay gives every expected figure', async (name) => {
    const dir = join(SCENARIOS, name);
    const rates = parseRateCardText(readFileSync(join(dir, 'rates.json'), 'utf8'));
    const result = await replayStream(createReadStream(join(dir, 'events.jsonl')), rates);
    const actual = JSON.parse(JSON.stringify(replayJson(result, rates, null)));
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
    expectPartial(actual, expected, '$');
  });
});
