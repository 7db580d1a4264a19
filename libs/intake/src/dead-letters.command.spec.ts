import { RedriveError, RedriveRequest, RedriveSummary } from './dead-letter.redriver';
import { formatRedriveSummary, parseDeadLettersArgs, runDeadLettersCommand } from './dead-letters.command';

const summary: RedriveSummary = {
  groupId: 'g.redrive',
  dryRun: false,
  read: 6,
  skipped: 1,
  republished: { 'cc.calls': 2, 'cc.agents': 1 },
  stillInvalid: { unknown_tenant: 1, schema: 1 },
};

function harness(redrive: (request: RedriveRequest) => Promise<RedriveSummary>) {
  const out: string[] = [];
  const err: string[] = [];
  const requests: RedriveRequest[] = [];
  const deps = {
    redrive: (request: RedriveRequest) => {
      requests.push(request);
      return redrive(request);
    },
    print: (l: string) => out.push(l),
    printError: (l: string) => err.push(l),
  };
  return { deps, out, err, requests };
}

describe('parseDeadLettersArgs', () => {
  it('reads the filter, the group and --dry-run, in either --flag value or --flag=value form', () => {
    expect(parseDeadLettersArgs(['redrive'])).toEqual({ ok: true, request: { filter: {}, dryRun: false } });
    expect(
      parseDeadLettersArgs([
        'redrive',
        '--reason',
        'unknown_tenant',
        '--tenant=newco',
        '--group',
        'ops.1',
        '--dry-run',
      ]),
    ).toEqual({
      ok: true,
      request: { filter: { reason: 'unknown_tenant', tenant: 'newco' }, dryRun: true, groupId: 'ops.1' },
    });
    expect(parseDeadLettersArgs(['redrive', '--reason=internal_error'])).toMatchObject({
      ok: true,
      request: { filter: { reason: 'internal_error' } },
    });
  });

  it.each([
    [[], /missing action/],
    [['replay'], /unknown dead-letters action "replay"/],
    [['redrive', '--reason', 'bored'], /--reason "bored" is not one of invalid_json, schema, .*internal_error/],
    [['redrive', '--reason'], /--reason "" is not one of/],
    [['redrive', '--tenant', 'Not A Tenant'], /--tenant "Not A Tenant" is not a tenant/],
    [['redrive', '--group', 'a/b'], /--group "a\/b" is not a valid Kafka group name/],
    [['redrive', '--dry-run=yes'], /unknown argument "--dry-run=yes"/],
    [['redrive', 'now'], /unknown argument "now"/],
  ])('refuses %j naming the problem', (argv, problem) => {
    const parsed = parseDeadLettersArgs(argv);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toMatch(problem);
  });
});

describe('runDeadLettersCommand', () => {
  it('runs the re-drive and prints its summary', async () => {
    const { deps, out, err, requests } = harness(async () => summary);
    expect(await runDeadLettersCommand(['redrive', '--reason', 'unknown_tenant'], deps)).toBe(0);
    expect(requests).toEqual([{ filter: { reason: 'unknown_tenant' }, dryRun: false }]);
    expect(out).toEqual([
      'consumer group g.redrive: read 6 dead letter(s)',
      're-published: 3 (cc.agents 1, cc.calls 2)',
      'still invalid: 2 (schema 1, unknown_tenant 1)',
      'skipped by the filter: 1',
    ]);
    expect(err).toEqual([]);
  });

  it('says so on a dry run', () => {
    const lines = formatRedriveSummary({ ...summary, dryRun: true, republished: {}, stillInvalid: {} });
    expect(lines[0]).toBe('dry run: nothing published or committed; consumer group g.redrive: read 6 dead letter(s)');
    expect(lines.slice(1, 3)).toEqual(['would re-publish: 0', 'still invalid: 0']);
  });

  it('exits 2 with the usage for bad arguments, without re-driving anything', async () => {
    const { deps, out, err, requests } = harness(async () => summary);
    expect(await runDeadLettersCommand(['redrive', '--bogus'], deps)).toBe(2);
    expect(requests).toEqual([]);
    expect(out).toEqual([]);
    expect(err.join('\n')).toContain('unknown argument "--bogus"');
    expect(err.join('\n')).toContain('usage: cost dead-letters redrive');
  });

  it('prints the usage on --help and exits 0', async () => {
    const { deps, out } = harness(async () => summary);
    expect(await runDeadLettersCommand(['--help'], deps)).toBe(0);
    expect(out.join('\n')).toMatch(/^usage: cost dead-letters redrive/);
  });

  it('exits 1 on a failure, reporting what was done (and committed) before it', async () => {
    const { deps, out, err } = harness(async () => {
      throw new RedriveError('the broker went away', { ...summary, read: 2 });
    });
    expect(await runDeadLettersCommand(['redrive'], deps)).toBe(1);
    expect(out).toEqual([]);
    expect(err[0]).toBe('dead-letter re-drive failed: the broker went away');
    expect(err).toContain('  consumer group g.redrive: read 2 dead letter(s)');
  });
});
