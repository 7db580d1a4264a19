import { join } from 'node:path';
import { runSimulateCommand } from '@contact-cost/simulator';

/**
 * The benchmarks' simulated day: seed 42, 6 tenants × 400 agents, 1 % duplicates, 2 % out of order, 0.1 % invalid,
 * written to `dir` with its rate cards.
 */
export async function simulateDay(dir: string, events: number): Promise<{ eventsFile: string; ratesFile: string }> {
  const eventsFile = join(dir, `day-${events}.jsonl`);
  const ratesFile = join(dir, `rates-${events}.json`);
  const quiet = { write: () => true };
  const code = await runSimulateCommand(
    [
      '--seed',
      '42',
      '--tenants',
      '6',
      '--agents',
      '400',
      '--events',
      String(events),
      '--duplicates',
      '0.01',
      '--out-of-order',
      '0.02',
      '--invalid',
      '0.001',
      '--rate',
      'max',
      '--no-kafka',
      '--out',
      eventsFile,
      '--rates-out',
      ratesFile,
    ],
    { stdout: quiet, stderr: process.stderr },
  );
  if (code !== 0) throw new Error(`simulate exited ${code}`);
  return { eventsFile, ratesFile };
}
