import { TENANT_PATTERN } from '@contact-cost/contracts';

export interface ApiKeyCommandDeps {
  apiKeys: { createApiKey(tenant: string): Promise<string> };
  /** Standard output (the key) and standard error (usage and problems). */
  print(line: string): void;
  printError(line: string): void;
}

export const API_KEY_USAGE = 'usage: cost api-key create --tenant TENANT';

/**
 * `cost api-key create --tenant T`: creates a key and prints it (only its hash is stored, so this is the one chance to
 * copy it). `argv` starts after `api-key`. Returns the process exit code.
 */
export async function runApiKeyCommand(argv: string[], deps: ApiKeyCommandDeps): Promise<number> {
  const [action, ...rest] = argv;
  if (action !== 'create') {
    deps.printError(action === undefined ? API_KEY_USAGE : `unknown api-key action "${action}"; ${API_KEY_USAGE}`);
    return 2;
  }
  let tenant: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--tenant') tenant = rest[++i];
    else if (arg.startsWith('--tenant=')) tenant = arg.slice('--tenant='.length);
    else {
      deps.printError(`unknown argument "${arg}"; ${API_KEY_USAGE}`);
      return 2;
    }
  }
  if (!tenant) {
    deps.printError(`--tenant is required; ${API_KEY_USAGE}`);
    return 2;
  }
  // Before anything is opened: a wrong argument is the caller's to fix, whatever the database's state.
  if (!TENANT_PATTERN.test(tenant)) {
    deps.printError(`--tenant ${JSON.stringify(tenant)} is malformed: it must match ${TENANT_PATTERN.source}`);
    return 2;
  }
  try {
    deps.print(await deps.apiKeys.createApiKey(tenant));
    return 0;
  } catch (error) {
    deps.printError(`cannot create an API key: ${error instanceof Error ? error.message : String(error)}`);
    // A configuration problem (DATABASE_URL) exits 2 like every other command's.
    return error instanceof Error && error.name === 'ConfigError' ? 2 : 1;
  }
}
