import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateMessages } from './message-stream.generator';
import { simulatorRateCards } from './rate-cards.generator';
import { runSimulateCommand, SimulateCommandDeps } from './simulate.command';
import { SimulatedMessage } from './simulated-message';

function capture(): { deps: SimulateCommandDeps; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    deps: { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) } },
    out: () => out,
    err: () => err,
  };
}

describe('runSimulateCommand', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simulate-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the JSONL and rate-card files and prints the statistics', async () => {
    const io = capture();
    const out = path.join(dir, 'day.jsonl');
    const rates = path.join(dir, 'rates.json');
    const argv = [
      '--seed',
      '9',
      '--events',
      '3000',
      '--invalid',
      '0.02',
      '--out',
      out,
      '--rates-out',
      rates,
      '--no-kafka',
    ];
    expect(await runSimulateCommand(argv, io.deps)).toBe(0);
    const expected = [...generateMessages({ seed: 9, events: 3000, invalid: 0.02 })].map((m) => m.value);
    expect(fs.readFileSync(out, 'utf8')).toBe(expected.join('\n') + '\n');
    expect(JSON.parse(fs.readFileSync(rates, 'utf8'))).toEqual(simulatorRateCards({ seed: 9, events: 3000 }));
    expect(io.out()).toContain('Simulated 3,000 messages — seed 9');
    expect(io.out()).toContain('invalid_json');
    expect(io.out()).toContain(`wrote 3000 lines to ${out}`);
    expect(io.err()).toBe('');
  });

  it('publishes every message in order, in batches of at most 500', async () => {
    const io = capture();
    const batches: SimulatedMessage[][] = [];
    const lines: string[] = [];
    const deps = {
      ...io.deps,
      publish: async (b: SimulatedMessage[]) => void batches.push(b),
      writeLine: (l: string) => void lines.push(l),
    };
    expect(await runSimulateCommand(['--events', '1234', '--seed', '2'], deps)).toBe(0);
    expect(batches.map((b) => b.length)).toEqual([500, 500, 234]);
    expect(batches.flat().map((m) => m.value)).toEqual(lines);
    expect(lines).toEqual([...generateMessages({ seed: 2, events: 1234 })].map((m) => m.value));
    expect(io.out()).toContain('published 1234 messages to Kafka');
  });

  it('paces publishing to --rate on its clock', async () => {
    const io = capture();
    let clock = 0;
    const sent: number[] = [];
    const deps: SimulateCommandDeps = {
      ...io.deps,
      now: () => clock,
      sleep: async (ms) => void (clock += ms),
      publish: async (batch) => void sent.push(clock, batch.length),
    };
    expect(await runSimulateCommand(['--events', '2500', '--rate', '1000'], deps)).toBe(0);
    // 100 messages a batch at 1000/s: one batch every 100 ms of the clock.
    expect(sent.slice(0, 6)).toEqual([0, 100, 100, 100, 200, 100]);
    expect(clock).toBe(2500);
  });

  it('answers a bad flag with exit code 2 and one clear line', async () => {
    const io = capture();
    expect(await runSimulateCommand(['--tenants', 'lots', '--no-kafka'], io.deps)).toBe(2);
    expect(io.err()).toBe('simulate: --tenants must be an integer from 1 to 1000, got "lots"\n');
    expect(io.out()).toBe('');
  });

  it('asks for --no-kafka when no publisher is wired, and prints usage on --help', async () => {
    const io = capture();
    expect(await runSimulateCommand(['--events', '10'], io.deps)).toBe(2);
    expect(io.err()).toContain('pass --no-kafka');
    expect(await runSimulateCommand(['--help'], io.deps)).toBe(0);
    expect(io.out()).toContain('--out-of-order F');
  });

  it('reports a file it cannot write, or a failed publish, with exit code 1', async () => {
    const io = capture();
    const missing = path.join(dir, 'no-such-dir', 'day.jsonl');
    expect(await runSimulateCommand(['--events', '10', '--no-kafka', '--out', missing], io.deps)).toBe(1);
    expect(io.err()).toMatch(/^simulate: cannot write --out .*no-such-dir.*ENOENT/);
    const failing = capture();
    const deps = { ...failing.deps, publish: async () => Promise.reject(new Error('broker down')) };
    expect(await runSimulateCommand(['--events', '10'], deps)).toBe(1);
    expect(failing.err()).toBe('simulate: publishing failed after 0 messages: broker down\n');
  });
});
