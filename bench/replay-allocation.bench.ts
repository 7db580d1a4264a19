// What a replay allocates, and where: the replay command on a simulated day under V8's sampling heap profiler, with
// the objects the collector has already freed counted too. Unlike elapsed time, which on a shared machine varies by
// ±10 % from run to run, these bytes barely move, so a change that spares garbage shows up here when a timing cannot
// resolve it. Sampling one object per 64 KiB allocated on average, the figures are estimates within a percent or two.
// Usage: node -r ./scripts/register-aliases.js dist/bench/replay-allocation.bench.js [events=1000000] [sites=15]
import { mkdtempSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeMachine } from './bench-machine';
import { replayIntoNothing } from './replay-measure';
import { simulateDay } from './simulated-day';

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))),
  );
}

/** Bytes allocated per function (self), summed over the profile's tree. */
function bySite(root: SamplingNode): Map<string, number> {
  const sites = new Map<string, number>();
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const { functionName, url, lineNumber } = node.callFrame;
    const site = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    sites.set(site, (sites.get(site) ?? 0) + node.selfSize);
    stack.push(...node.children);
  }
  return sites;
}

async function main(): Promise<void> {
  const events = Number(process.argv[2] ?? 1_000_000);
  const shown = Number(process.argv[3] ?? 15);
  const dir = mkdtempSync(join(tmpdir(), 'cost-alloc-'));
  const session = new Session();
  session.connect();
  try {
    const { eventsFile, ratesFile } = await simulateDay(dir, events);
    await post(session, 'HeapProfiler.enable');
    await post(session, 'HeapProfiler.startSampling', {
      samplingInterval: 64 * 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    await replayIntoNothing(eventsFile, ratesFile);
    const { profile } = await post<{ profile: { head: SamplingNode } }>(session, 'HeapProfiler.stopSampling');
    const sites = [...bySite(profile.head)].sort((a, b) => b[1] - a[1]);
    const total = sites.reduce((sum, [, bytes]) => sum + bytes, 0);
    console.log(describeMachine());
    console.log(
      `replay of a simulated day of ${events} events allocated ${(total / 2 ** 20).toFixed(0)} MiB ` +
        `(${(total / events).toFixed(0)} B/event); the largest sites:`,
    );
    for (const [site, bytes] of sites.slice(0, shown))
      console.log(
        `${(bytes / 2 ** 20).toFixed(0).padStart(7)} MiB ${((100 * bytes) / total).toFixed(1).padStart(5)} %  ${site}`,
      );
  } finally {
    session.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
