import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { runReplayCommand } from '@contact-cost/replay';

const ROOT = resolve(__dirname, '../..');
const WORKER = join(ROOT, 'dist/bench/replay-run.bench-worker.js');

/** A V8 heap limit the replay must complete within at every size: memory that does not grow with the events. */
export const CAPPED_HEAP_MIB = 128;

export interface Run {
  ms: number;
  maxRssKb: number;
  events: number;
  contacts: number;
}

/**
 * "On one core": each run is pinned to CPU 0 with taskset where there is one, so V8's helper threads (parallel
 * scavenges, concurrent marking, compilation) share that core instead of borrowing the other.
 */
export const PIN: string[] = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return ['taskset', '-c', '0'];
  } catch {
    return [];
  }
})();

/** One run of the replay command (or of the read-and-parse baseline) in a process of its own. */
export function measure(
  eventsFile: string,
  ratesFile: string,
  mode: 'replay' | 'parse-only',
  nodeFlags: string[] = [],
): Run {
  const command = [
    ...PIN,
    process.execPath,
    ...nodeFlags,
    '-r',
    join(ROOT, 'scripts/register-aliases.js'),
    WORKER,
    eventsFile,
    ratesFile,
    mode,
  ];
  const out = execFileSync(command[0], command.slice(1), { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out) as Run;
}

export function eventsPerSecond(run: Run): number {
  return Math.round(run.events / (run.ms / 1000));
}

/** The replay command itself, in this process, its document written nowhere (for benchmarks that watch it run). */
export async function replayIntoNothing(eventsFile: string, ratesFile: string): Promise<void> {
  const nowhere = new Writable({ write: (_chunk, _encoding, done) => done() });
  const code = await runReplayCommand(['--events', eventsFile, '--rates', ratesFile], {
    stdin: process.stdin,
    stdout: nowhere,
    stderr: process.stderr,
  });
  if (code !== 0) throw new Error(`replay exited ${code}`);
}
