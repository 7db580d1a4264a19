import { ConfigError } from '@contact-cost/config';
import { runApiKeyCommand } from './api-key.command';

function harness(createApiKey: (tenant: string) => Promise<string>) {
  const out: string[] = [];
  const err: string[] = [];
  const deps = { apiKeys: { createApiKey }, print: (l: string) => out.push(l), printError: (l: string) => err.push(l) };
  return { deps, out, err };
}

describe('runApiKeyCommand', () => {
  it('creates a key for the tenant and prints it', async () => {
    const tenants: string[] = [];
    const { deps, out, err } = harness(async (tenant) => {
      tenants.push(tenant);
      return 'the-key';
    });
    expect(await runApiKeyCommand(['create', '--tenant', 'acme'], deps)).toBe(0);
    expect(tenants).toEqual(['acme']);
    expect(out).toEqual(['the-key']);
    expect(err).toEqual([]);
  });

  it.each([[[]], [['delete']], [['create']], [['create', '--tenant']], [['create', '--bogus', 'x']]])(
    'prints usage and exits 2 for %j',
    async (argv) => {
      const { deps, out, err } = harness(async () => 'never');
      expect(await runApiKeyCommand(argv, deps)).toBe(2);
      expect(out).toEqual([]);
      expect(err.join('\n')).toContain('cost api-key create --tenant TENANT');
    },
  );

  it('reports a failure to create the key and exits 1', async () => {
    const { deps, err } = harness(async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    });
    expect(await runApiKeyCommand(['create', '--tenant=acme'], deps)).toBe(1);
    expect(err).toEqual(['cannot create an API key: connect ECONNREFUSED 127.0.0.1:5432']);
  });

  // Was a bug (fixed): a malformed tenant exited 1, and only after the database was opened and migrated.
  it('exits 2 for a malformed tenant before anything is opened', async () => {
    const { deps, out, err } = harness(async () => {
      throw new Error('the database must not be opened');
    });
    expect(await runApiKeyCommand(['create', '--tenant=Bad Tenant!'], deps)).toBe(2);
    expect(out).toEqual([]);
    expect(err).toEqual(['--tenant "Bad Tenant!" is malformed: it must match ^[a-z0-9][a-z0-9_-]{0,63}$']);
  });

  it('exits 2 for a configuration problem, like every other command', async () => {
    const { deps, err } = harness(async () => {
      throw new ConfigError('DATABASE_URL', '"nope" is not a URL');
    });
    expect(await runApiKeyCommand(['create', '--tenant', 'acme'], deps)).toBe(2);
    expect(err).toEqual(['cannot create an API key: configuration DATABASE_URL: "nope" is not a URL']);
  });
});
