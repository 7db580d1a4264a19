import { readFileSync } from 'fs';
import { join } from 'path';
import { EventTopicRole, messageKeyForEvent, topicRoleForEvent, EVENT_TYPES, EventType } from '@contact-cost/contracts';
import { SCENARIOS_DIR } from './test-environment';

export interface ExpectedContact {
  channel: string;
  reason: string;
  case: string | null;
  queue: string | null;
  day: string;
  open?: boolean;
  handleSeconds: number;
  agentSeconds: number;
  cost: Record<'labour' | 'overhead' | 'telephony' | 'fees' | 'usage' | 'compensation' | 'total', string>;
}

export interface Scenario {
  name: string;
  /** Non-blank lines of events.jsonl, in file order. */
  lines: string[];
  /** The 1-based file line number of each of `lines` (blank lines count, as in `rejected[].line`). */
  lineNumbers: number[];
  ratesFile: string;
  expected: {
    asOf: string;
    tenants: Record<
      string,
      {
        currency: string;
        contacts: Record<string, ExpectedContact>;
        channels: Record<string, { contacts: number; cost: string; costPerContact: string | null }>;
      }
    >;
    rejected: { line: number; id?: string; tenant?: string; reason: string }[];
  };
}

export function loadScenario(name: string): Scenario {
  const dir = join(SCENARIOS_DIR, name);
  const all = readFileSync(join(dir, 'events.jsonl'), 'utf8').split('\n');
  const kept = all.map((text, i) => ({ text, line: i + 1 })).filter((l) => l.text.trim() !== '');
  return {
    name,
    lines: kept.map((l) => l.text),
    lineNumbers: kept.map((l) => l.line),
    ratesFile: join(dir, 'rates.json'),
    expected: JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')),
  };
}

/** Where a producer following events.md publishes a line, and its key (anything unreadable goes to calls). */
export function routeLine(line: string): { role: EventTopicRole; key: string | null } {
  try {
    const event = JSON.parse(line);
    if (typeof event?.type === 'string' && (EVENT_TYPES as readonly string[]).includes(event.type)) {
      return { role: topicRoleForEvent(event.type as EventType), key: messageKeyForEvent(event) || null };
    }
  } catch {
    // not JSON: still published, to be dead-lettered
  }
  return { role: 'calls', key: null };
}

/** "4.462700" → 4462700n */
export function toMicros(money: string): bigint {
  const [units, fraction = ''] = money.split('.');
  return BigInt(units) * 1_000_000n + BigInt(fraction.padEnd(6, '0').slice(0, 6));
}
