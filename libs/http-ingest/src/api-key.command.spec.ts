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
      throw new Error('tenant "A B" is malformed');
    });
    expect(await runApiKeyCommand(['create', '--tenant=A B'], deps)).toBe(1);
    expect(err[0]).toContain('malformed');
  });
});
