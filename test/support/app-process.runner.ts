import { ChildProcess, spawn } from 'child_process';
import { existsSync } from 'fs';
import { join, resolve } from 'path';

const REPO_ROOT = resolve(__dirname, '../..');

/** The compiled entry point of an app (`npm run build`; scripts/test.sh builds before running jest). */
export function builtEntryPoint(app: 'pipeline' | 'api' | 'cli'): string {
  const path = join(REPO_ROOT, 'dist', 'apps', app, 'src', 'main.js');
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run build first`);
  return path;
}

function spawnBuilt(app: 'pipeline' | 'api' | 'cli', args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['-r', './scripts/register-aliases.js', builtEntryPoint(app), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `cost ARGS…` from dist/ with `env` and resolves when it exits. */
export function runBuiltCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const child = spawnBuilt('cli', args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** A running app process from dist/, with everything it logged so far. */
export class AppProcess {
  private output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolvePromise) =>
      child.on('close', (code, signal) => resolvePromise({ code, signal })),
    );
  }

  static start(app: 'pipeline' | 'api', env: Record<string, string>): AppProcess {
    return new AppProcess(spawnBuilt(app, [], env));
  }

  get log(): string {
    return this.output;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** For clean-up after a failed test: SIGKILL if still running. */
  async kill(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }
}
