// replay.md: the `cost replay` command (exit codes, one stderr line, JSON and CSV output) and the line-level rules of
// events.md (stats, blank lines, line numbers, duplicates, rejected events claiming no id, the default as-of).
import { closeSync, mkdtempSync, mkdirSync, openSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { parseRateCards } from '@contact-cost/costing';
import { RawEvent, eventWriter, rateCardJson, smsNotifications } from '../../costing/src/testing/cost-day.builder';
import { replayJson, replayStream, runReplayCommand } from './replay.runner';

// writeSync as it is, until a test makes the disk full
const actualFs = jest.requireActual<typeof import('node:fs')>('node:fs');
jest.mock('node:fs', () => {
  const actual = jest.requireActual<typeof import('node:fs')>('node:fs');
  return { ...actual, writeSync: jest.fn(actual.writeSync) };
});

const ratesJson = { ...rateCardJson(), ...rateCardJson({ tenant: 'globex', timezone: 'Europe/Paris' }) };
const rates = parseRateCards(ratesJson);

function jsonl(lines: (RawEvent | string)[]): string {
  return lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';
}

async function replay(lines: (RawEvent | string)[], asOf: bigint | null = null) {
  const result = await replayStream(Readable.from([Buffer.from(jsonl(lines))]), rates);
  return JSON.parse(JSON.stringify(replayJson(result, rates, asOf)));
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

describe('runReplayCommand', () => {
  let dir: string;
  let ratesPath: string;
  let eventsPath: string;
  const e = eventWriter();
  const day = [
    e('chat.started', '09:00', { contact: 'c-1', queue: 'web' }),
    e('chat.answered', '09:00', { contact: 'c-1', agent: 'a-1' }),
    e('chat.ended', '09:10', { contact: 'c-1' }),
    e('chat.wrapup_done', '09:10', { contact: 'c-1', agent: 'a-1' }),
  ];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'replay-runner-spec-'));
    ratesPath = join(dir, 'rates.json');
    eventsPath = join(dir, 'events.jsonl');
    writeFileSync(ratesPath, JSON.stringify(ratesJson));
    writeFileSync(eventsPath, jsonl(day));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function run(argv: string[], stdinText = '') {
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await runReplayCommand(argv, { stdin: Readable.from([Buffer.from(stdinText)]), stdout, stderr });
    return { code, stdout: stdout.text, stderr: stderr.text };
  }

  it('prints the JSON document and exits 0', async () => {
    const { code, stdout, stderr } = await run(['--events', eventsPath, '--rates', ratesPath]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const doc = JSON.parse(stdout);
    expect(doc.asOf).toBe('2026-11-02T09:10:00.000Z');
    expect(doc.stats).toEqual({ events: 4, accepted: 4, duplicates: 0, rejected: 0 });
    // 600 s: labour 5, overhead 1, fee 0.05
    expect(doc.tenants.acme.contacts['c-1'].cost.total).toBe('6.050000');
  });

  it('prints asOf null when no event was accepted, even with --as-of (replay.md)', async () => {
    const { code, stdout } = await run(
      ['--events', '-', '--rates', ratesPath, '--as-of', '2026-11-02T10:00:00Z'],
      'not json\n',
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ asOf: null, stats: { accepted: 0, rejected: 1 }, tenants: {} });
    const withEvents = await run(['--events', eventsPath, '--rates', ratesPath, '--as-of', '2026-11-02T10:00:00Z']);
    expect(JSON.parse(withEvents.stdout).asOf).toBe('2026-11-02T10:00:00.000Z');
  });

  it('stops quietly with 0 when the reader of its output has gone (EPIPE), leaving no temporary files', async () => {
    const closed = new Writable({
      write(_chunk, _encoding, done) {
        done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const stderr = new Capture();
    const work = mkdtempSync(join(tmpdir(), 'replay-epipe-'));
    try {
      const code = await runReplayCommand(['--events', '-', '--rates', ratesPath], {
        stdin: Readable.from([Buffer.from(jsonl(day))]),
        stdout: closed,
        stderr,
        tempDir: work,
      });
      expect({ code, stderr: stderr.text }).toEqual({ code: 0, stderr: '' });
      expect(readdirSync(work)).toEqual([]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  // Was a bug (fixed): a full disk while replaying was reported as "cannot read the events file …: ENOSPC" (exit 2).
  it.each([
    ['writing the document', () => jsonl(day)],
    ['settling and archiving contacts', () => jsonl(smsNotifications(30_000, '2026-11-02T09:00:00Z'))],
  ])('exits 1 with one line naming the temporary directory when no space is left (%s)', async (_, text) => {
    const work = mkdtempSync(join(tmpdir(), 'replay-enospc-'));
    const path = join(work, 'events.jsonl');
    writeFileSync(path, text());
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), {
      code: 'ENOSPC',
      syscall: 'write',
    });
    // A full disk stays full: closing the other files fails too, and must not hide the first failure.
    jest.mocked(writeSync).mockImplementation(() => {
      throw full;
    });
    try {
      const stderr = new Capture();
      const code = await runReplayCommand(['--events', path, '--rates', ratesPath], {
        stdin: Readable.from([]),
        stdout: new Capture(),
        stderr,
        tempDir: work,
      });
      expect({ code, stderr: stderr.text }).toEqual({
        code: 1,
        stderr:
          'cost replay: no space left to write (ENOSPC); its temporary files, about twice the events file when ' +
          `events are far out of time order, go under ${work} (TMPDIR)\n`,
      });
      expect(readdirSync(work)).toEqual(['events.jsonl']);
    } finally {
      jest.mocked(writeSync).mockReset().mockImplementation(actualFs.writeSync);
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('prints a CSV header and one row per contact', async () => {
    const { code, stdout } = await run(['--events', eventsPath, '--rates', ratesPath, '--format', 'csv']);
    expect(code).toBe(0);
    expect(stdout.split('\n')).toEqual([
      'tenant,contact,channel,reason,case,queue,day,open,handleSeconds,agentSeconds,labour,overhead,telephony,fees,usage,compensation,total',
      'acme,c-1,chat,unclassified,,web,2026-11-02,false,600,600,5.000000,1.000000,0.000000,0.050000,0.000000,0.000000,6.050000',
      '',
    ]);
  });

  it('reads the events from standard input with --events -, and honours --as-of', async () => {
    const { code, stdout } = await run(
      ['--events', '-', '--rates', ratesPath, '--as-of', '2026-11-02T09:05:00Z'],
      jsonl(day),
    );
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.asOf).toBe('2026-11-02T09:05:00.000Z');
    expect(doc.stats.accepted).toBe(4);
    expect(doc.tenants.acme.contacts['c-1']).toMatchObject({ open: true, handleSeconds: 300 });
  });

  it('takes --as-of below the attosecond: an event later by its 19th fraction digit changes no figure', async () => {
    const second = '2026-11-02T09:05:00.000000000000000000';
    const classified = (id: string, digit: string, reason: string) => ({
      ...e('contact.classified', '09:05', { contact: 'c-1', reason }),
      id,
      time: `${second}${digit}Z`,
    });
    const events = [...day, classified('k-early', '4', 'billing'), classified('k-late', '6', 'complaint')];
    const asOf = (digit: string) =>
      run(['--events', '-', '--rates', ratesPath, '--as-of', `${second}${digit}Z`], jsonl(events));
    expect(JSON.parse((await asOf('5')).stdout).tenants.acme.contacts['c-1'].reason).toBe('billing');
    expect(JSON.parse((await asOf('6')).stdout).tenants.acme.contacts['c-1'].reason).toBe('complaint');
    expect(JSON.parse((await asOf('3')).stdout).tenants.acme.contacts['c-1'].reason).toBe('unclassified');
  });

  async function expectExit2(argv: string[], names: RegExp) {
    const { code, stdout, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(names);
    expect(stderr.endsWith('\n')).toBe(true);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  }

  it('exits 2 with one line on stderr for a bad argument', async () => {
    await expectExit2(['--events', eventsPath], /--rates/);
    await expectExit2(['--events', eventsPath, '--rates', ratesPath, '--format', 'yaml'], /--format/);
  });

  it('exits 2 with one line on stderr when the events or rate-card file cannot be read', async () => {
    await expectExit2(['--events', join(dir, 'missing.jsonl'), '--rates', ratesPath], /missing\.jsonl/);
    await expectExit2(['--events', eventsPath, '--rates', join(dir, 'missing.json')], /missing\.json/);
  });

  // Was a bug (fixed): input `--events <a directory>`. Expected (replay.md: "Exits 2, with one clear line on
  // standard error, when … a file cannot be read"): exit 2 and one line naming the path. Actual: the stream opens,
  // the first read fails with EISDIR inside replayStream, which is not a ReplayArgsError, so runReplayCommand
  // rethrows it and the CLI prints a stack trace and exits 1.
  it('exits 2 with one line on stderr when the events path is a directory', async () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder, { recursive: true });
    let outcome: { code: number; stderr: string } | { thrown: string };
    try {
      const { code, stderr } = await run(['--events', folder, '--rates', ratesPath]);
      outcome = { code, stderr: stderr.trimEnd().split('\n').length === 1 ? 'one line' : stderr };
    } catch (error) {
      outcome = { thrown: String(error) };
    }
    expect(outcome).toEqual({ code: 2, stderr: 'one line' });
  });

  // Was a bug (fixed): a line starting with a byte-order mark was accepted, but the duplicate check read it back with
  // a bare JSON.parse when the same (tenant, id) came again, and the command crashed with a stack trace.
  it('finds the duplicate of an event accepted from a line with a byte-order mark', async () => {
    const path = join(dir, 'bom.jsonl');
    const first = JSON.stringify(day[0]);
    writeFileSync(path, `\ufeff${first}\n${jsonl(day.slice(1))}\ufeff${first}\n${first}\n`);
    const { code, stdout } = await run(['--events', path, '--rates', ratesPath]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).stats).toEqual({ events: 6, accepted: 4, duplicates: 2, rejected: 0 });
  });

  // Was a bug (fixed): bytes that are not UTF-8 were read as U+FFFD and the event accepted (two different bad ids
  // could even collide), where the stream's intake rejects the message as invalid_json.
  it('rejects a line that is not UTF-8 as invalid_json, as the stream does, and accepts a U+FFFD written in UTF-8', async () => {
    const path = join(dir, 'utf8.jsonl');
    const [open, close] = JSON.stringify({ ...day[0], id: 'e-\u0000' }).split('\\u0000');
    writeFileSync(
      path,
      Buffer.concat([
        Buffer.from(open),
        Buffer.from([0xff]),
        Buffer.from(close + '\n'),
        Buffer.from(open),
        Buffer.from([0xc3]),
        Buffer.from(close + '\n'),
        Buffer.from(JSON.stringify({ ...day[0], id: 'e-\ufffd' }) + '\n'),
      ]),
    );
    const { code, stdout } = await run(['--events', path, '--rates', ratesPath]);
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(document.stats).toEqual({ events: 3, accepted: 1, duplicates: 0, rejected: 2 });
    expect(document.rejected).toEqual(
      [1, 2].map((line) => ({ line, reason: 'invalid_json', detail: expect.stringContaining('UTF-8') })),
    );
  });

  // Was a bug (fixed): `--events - < a-directory` read as an empty input and printed an empty result with exit 0.
  it('exits 2 with one line on stderr when standard input is a directory', async () => {
    const fd = openSync(dir, 'r');
    try {
      const stdout = new Capture();
      const stderr = new Capture();
      const argv = ['--events', '-', '--rates', ratesPath];
      const code = await runReplayCommand(argv, { stdin: Readable.from([]), stdinFd: fd, stdout, stderr });
      expect({ code, stderr: stderr.text, stdout: stdout.text }).toEqual({
        code: 2,
        stderr: 'cost replay: cannot read standard input: EISDIR (it is a directory)\n',
        stdout: '',
      });
    } finally {
      closeSync(fd);
    }
  });

  it('exits 2 with one line on stderr for an invalid rate-card file, naming the place', async () => {
    const bad = join(dir, 'bad-rates.json');
    writeFileSync(bad, JSON.stringify(rateCardJson({ version: { wrapupLimitSeconds: -1 } })));
    await expectExit2(['--events', eventsPath, '--rates', bad], /wrapupLimitSeconds/);
    const notJson = join(dir, 'not-json.json');
    writeFileSync(notJson, '{ "acme": ');
    await expectExit2(['--events', eventsPath, '--rates', notJson], /not-json\.json/);
  });
});

describe('replay of lines', () => {
  it('skips blank lines in stats but counts them in line numbers; accepted + duplicates + rejected = events', async () => {
    const e = eventWriter();
    const ok = e('chat.started', '09:00', { contact: 'c-1' });
    const doc = await replay([
      ok,
      '',
      '{"id": "x-1", "tenant": "acme"',
      '',
      ok,
      e('call.answered', '09:01', { contact: 'c-1' }),
    ]);
    expect(doc.stats).toEqual({ events: 4, accepted: 1, duplicates: 1, rejected: 2 });
    expect(doc.rejected.map((r: { line: number; reason: string }) => [r.line, r.reason])).toEqual([
      [3, 'invalid_json'],
      [6, 'schema'],
    ]);
  });

  it('reads CRLF line endings and a last line without a newline', async () => {
    const e = eventWriter();
    const text = `${JSON.stringify(e('chat.started', '09:00', { contact: 'c-1' }))}\r\n\r\n${JSON.stringify(
      e('chat.started', '09:01', { contact: 'c-2' }),
    )}`;
    const result = await replayStream(Readable.from([Buffer.from(text)]), rates);
    expect(result.stats).toEqual({ events: 2, accepted: 2, duplicates: 0, rejected: 0 });
  });

  it('reads a line split across chunks, and a multi-byte character split across chunks', async () => {
    const e = eventWriter();
    const line = JSON.stringify(e('chat.started', '09:00', { contact: 'c-é', queue: 'fila-ñ' })) + '\n';
    const bytes = Buffer.from(line);
    const cut = bytes.indexOf(Buffer.from('é')) + 1; // inside the two bytes of é
    const result = await replayStream(Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)]), rates);
    expect(result.stats.accepted).toBe(1);
    const doc = JSON.parse(JSON.stringify(replayJson(result, rates, null)));
    expect(doc.tenants.acme.contacts['c-é'].queue).toBe('fila-ñ');
  });

  it('first to arrive wins, even when a later duplicate has the earlier time', async () => {
    const e = eventWriter();
    const started = e('call.started', '09:00', { contact: 'c-1', direction: 'inbound' });
    const ended = e('call.ended', '09:10', { contact: 'c-1' });
    const doc = await replay([started, ended, { ...ended, time: '2026-11-02T09:05:00Z' }]);
    expect(doc.stats).toEqual({ events: 3, accepted: 2, duplicates: 1, rejected: 0 });
    // telephony 09:00–09:10 = 10 min × 0.60
    expect(doc.tenants.acme.contacts['c-1'].cost.telephony).toBe('6.000000');
  });

  it('a re-send over 64 KiB of an accepted (tenant, id) is a duplicate; one of a new id is rejected, naming it', async () => {
    const e = eventWriter();
    const first = e('chat.started', '09:00', { contact: 'c-1' });
    const padding = 'x'.repeat(70_000);
    const out = await replay([
      first,
      { ...first, pad: padding },
      { ...e('chat.started', '09:01', { contact: 'c-2' }), pad: padding },
    ]);
    expect(out.stats).toEqual({ events: 3, accepted: 1, duplicates: 1, rejected: 1 });
    expect(out.rejected).toEqual([
      { line: 3, id: 'e-002', tenant: 'acme', reason: 'schema', detail: expect.stringContaining('64 KiB') },
    ]);
  });

  it('a rejected event claims no id: a corrected re-send with the same id is accepted', async () => {
    const e = eventWriter();
    const fax = e('usage.recorded', '09:00', { contact: 'c-1', resource: 'fax', quantity: 1 });
    const noAgent = e('chat.answered', '09:00', { contact: 'c-2' });
    const doc = await replay([
      fax,
      { ...fax, resource: 'sms', quantity: 3 },
      noAgent,
      { ...noAgent, agent: 'a-1' },
      e('agent.state', '09:02', { agent: 'a-9', state: 'offline' }),
    ]);
    expect(doc.stats).toEqual({ events: 5, accepted: 3, duplicates: 0, rejected: 2 });
    expect(doc.tenants.acme.contacts['c-1'].cost.usage).toBe('0.030000');
    expect(doc.tenants.acme.contacts['c-2']).toMatchObject({ open: true, handleSeconds: 120 });
  });

  it('a line with an accepted (tenant, id) but invalid content is a duplicate; the same id in another tenant is not', async () => {
    const e = eventWriter();
    const started = e('chat.started', '09:00', { contact: 'c-1' });
    const doc = await replay([
      started,
      { ...started, type: 'chat.answered' }, // no agent: would be schema
      { ...started, type: 'chat.teleported' }, // would be unknown_type
      { ...started, tenant: 'globex' },
      { ...started, tenant: 'nobody' }, // unknown_tenant: rejected, not a duplicate
    ]);
    expect(doc.stats).toEqual({ events: 5, accepted: 2, duplicates: 2, rejected: 1 });
    expect(doc.rejected).toEqual([
      expect.objectContaining({ line: 5, id: started.id, tenant: 'nobody', reason: 'unknown_tenant' }),
    ]);
    expect(Object.keys(doc.tenants).sort()).toEqual(['acme', 'globex']);
  });

  it('the default as-of is the latest accepted event of all tenants; a rejected later event does not count', async () => {
    const doc = await replay([
      eventWriter('acme')('chat.answered', '09:00', { contact: 'c-1', agent: 'a-1' }),
      eventWriter('globex')('agent.state', '10:00', { agent: 'g-1', state: 'offline' }),
      eventWriter('acme')('usage.recorded', '11:00', { contact: 'c-1', resource: 'fax', quantity: 1 }),
    ]);
    expect(doc.asOf).toBe('2026-11-02T10:00:00.000Z');
    expect(doc.tenants.acme.contacts['c-1']).toMatchObject({ open: true, handleSeconds: 3600, agentSeconds: 3600 });
  });

  it('prints asOf null and no tenants when no event was accepted', async () => {
    expect((await replay(['not json', ''], 10n ** 27n)).asOf).toBeNull();
    const doc = await replay(['not json', '']);
    expect(doc).toEqual({
      asOf: null,
      stats: { events: 1, accepted: 0, duplicates: 0, rejected: 1 },
      rejected: [expect.objectContaining({ line: 1, reason: 'invalid_json' })],
      tenants: {},
    });
  });

  it('with --as-of earlier than some events: they are accepted, counted, and change no figure', async () => {
    const e = eventWriter();
    const doc = await replay(
      [
        e('chat.started', '09:00', { contact: 'c-1' }),
        e('chat.answered', '09:01', { contact: 'c-1', agent: 'a-1' }),
        e('chat.ended', '09:05', { contact: 'c-1' }),
        e('usage.recorded', '09:06', { contact: 'c-1', resource: 'sms', quantity: 1 }),
        e('chat.started', '09:07', { contact: 'c-2' }),
      ],
      BigInt(Date.parse('2026-11-02T09:05:00Z')) * 10n ** 15n,
    );
    expect(doc.stats.accepted).toBe(5);
    expect(doc.asOf).toBe('2026-11-02T09:05:00.000Z');
    expect(Object.keys(doc.tenants.acme.contacts)).toEqual(['c-1']);
    expect(doc.tenants.acme.contacts['c-1']).toMatchObject({
      open: false,
      handleSeconds: 240,
      cost: { usage: '0.000000', total: '2.450000' }, // 240 s × 0.01 + fee 0.05
    });
  });
});
