import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContactFigures, Rational } from '@contact-cost/costing';
import { rateCards } from '../../costing/src/testing/cost-day.builder';
import { ReplayReportWriter } from './replay-report.writer';
import { SpoolFile } from './spool-file';

function contact(id: string, reason: string): ContactFigures {
  const cost = Rational.parseDecimal('1.5');
  return {
    tenant: 'acme',
    contact: id,
    channel: 'voice',
    reason,
    case: null,
    queue: null,
    day: '2026-11-02',
    open: false,
    handleSeconds: Rational.fromInt(60),
    agentSeconds: Rational.fromInt(60),
    cost: {
      labour: cost,
      overhead: Rational.ZERO,
      telephony: Rational.ZERO,
      fees: Rational.ZERO,
      usage: Rational.ZERO,
      compensation: Rational.ZERO,
      total: cost,
    },
  };
}

async function printed(writer: ReplayReportWriter, dir: string): Promise<string> {
  const out: string[] = [];
  const sink = { write: (chunk: string, cb: (e?: Error) => void) => (out.push(chunk), cb(), true) };
  const rejected = new SpoolFile(join(dir, 'rejected'));
  await writer.writeTo(sink as never, { events: 0, accepted: 0, duplicates: 0, rejected: 0 }, rejected);
  rejected.close();
  return out.join('');
}

describe('ReplayReportWriter', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'report-writer-spec-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['csv', 'json'] as const)(
    'withdraws %s fragments still buffered or already written, newlines in their fields included',
    async (format) => {
      const writer = new ReplayReportWriter(dir, rateCards(), format);
      const early = contact('c-early', 'two\nlines, "quoted"');
      const earlyAt = writer.add(early);
      // Enough contacts to push the first fragments out of the spool's buffer into its file.
      for (let i = 0; i < 2000; i++) writer.add(contact(`c-${i}`, 'billing'));
      const late = contact('c-late', 'line\r\nbreak');
      const lateAt = writer.add(late);
      writer.withdraw(early, earlyAt);
      writer.withdraw(late, lateAt);
      expect(() => writer.withdraw(late, lateAt)).toThrow('c-late of acme was not reported');
      expect(() => writer.withdraw(contact('c-7', 'other'), earlyAt)).toThrow('was not reported');
      const text = await printed(writer, dir);
      writer.close();
      expect(text).not.toContain('c-early');
      expect(text).not.toContain('c-late');
      expect(text).toContain('c-1999');
      if (format === 'json') expect(Object.keys(JSON.parse(text).tenants.acme.contacts)).toHaveLength(2000);
      else expect(text.trim().split('\n')).toHaveLength(2001);
    },
  );
});
