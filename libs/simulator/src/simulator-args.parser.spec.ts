import { parseSimulatorArgs, SimulatorArgsError } from './simulator-args.parser';
import { DEFAULT_SIMULATOR_OPTIONS, simulationWindow } from './simulator-options';

function errorOf(argv: string[]): SimulatorArgsError {
  try {
    parseSimulatorArgs(argv);
  } catch (error) {
    if (error instanceof SimulatorArgsError) return error;
    throw error;
  }
  throw new Error(`accepted: ${argv.join(' ')}`);
}

describe('parseSimulatorArgs', () => {
  it('gives the defaults for no flags', () => {
    expect(parseSimulatorArgs([])).toEqual(DEFAULT_SIMULATOR_OPTIONS);
  });

  it('reads every flag, as --flag value or --flag=value', () => {
    expect(
      parseSimulatorArgs([
        '--seed',
        '42',
        '--tenants=5',
        '--agents',
        '80',
        '--events',
        '1000000',
        '--duration',
        '8h',
        '--start',
        '2026-11-03',
        '--rate',
        '250',
        '--duplicates',
        '0.01',
        '--out-of-order=0.02',
        '--invalid',
        '.005',
        '--out',
        'day.jsonl',
        '--rates-out',
        'rates.json',
        '--no-kafka',
      ]),
    ).toEqual({
      seed: 42,
      tenants: 5,
      agents: 80,
      events: 1_000_000,
      durationHours: 8,
      start: '2026-11-03T00:00:00.000Z',
      rate: 250,
      duplicates: 0.01,
      outOfOrder: 0.02,
      invalid: 0.005,
      out: 'day.jsonl',
      ratesOut: 'rates.json',
      kafka: false,
    });
    expect(parseSimulatorArgs(['--rate', 'max']).rate).toBe('max');
  });

  it('reads durations in seconds, minutes, hours and days, and start instants with a zone', () => {
    expect(parseSimulatorArgs(['--duration', '90m']).durationHours).toBe(1.5);
    expect(parseSimulatorArgs(['--duration', '2d']).durationHours).toBe(48);
    expect(parseSimulatorArgs(['--duration', '12']).durationHours).toBe(12);
    expect(parseSimulatorArgs(['--duration', '3600s']).durationHours).toBe(1);
    expect(parseSimulatorArgs(['--start', '2026-11-02T08:30:00+01:00']).start).toBe('2026-11-02T07:30:00.000Z');
  });

  it('runs 24 h by default, and for as long as needed when only --events bounds it', () => {
    const day = simulationWindow(parseSimulatorArgs([]));
    expect(day.endMs - day.startMs).toBe(24 * 3_600_000);
    expect(simulationWindow(parseSimulatorArgs(['--events', '10'])).endMs).toBe(Infinity);
    const both = simulationWindow(parseSimulatorArgs(['--events', '10', '--duration', '2h']));
    expect(both.endMs - both.startMs).toBe(2 * 3_600_000);
  });

  it.each([
    [['--seed', '-1'], '--seed', '--seed must be a non-negative integer, got "-1"'],
    [['--seed', '1.5'], '--seed', '--seed must be a non-negative integer'],
    [['--tenants', '0'], '--tenants', '--tenants must be an integer from 1 to 1000, got "0"'],
    [['--agents', 'many'], '--agents', '--agents must be an integer from 1 to 10000'],
    [['--events', '0'], '--events', '--events must be a positive integer'],
    [['--duration', '8 hours'], '--duration', '--duration must be a positive length like 8h, 90m or 2d'],
    [['--duration', '0h'], '--duration', '--duration must be a positive length'],
    [['--start', '2026-02-30'], '--start', '--start must be a date (2026-11-02) or a date-time with a zone'],
    [['--start', '2026-11-02T08:00:00'], '--start', '--start must be a date'],
    [['--rate', '0'], '--rate', '--rate must be a positive number of messages per second or "max", got "0"'],
    [['--rate', 'fast'], '--rate', '--rate must be a positive number'],
    [['--duplicates', '1.5'], '--duplicates', '--duplicates must be a fraction from 0 to 1 (e.g. 0.01), got "1.5"'],
    [['--out-of-order', '-0.1'], '--out-of-order', '--out-of-order must be a fraction from 0 to 1'],
    [['--invalid', 'NaN'], '--invalid', '--invalid must be a fraction from 0 to 1'],
    [['--duplicates', '0.6', '--invalid', '0.5'], '--invalid', '--duplicates and --invalid together must stay below 1'],
    [['--out', 'a.jsonl', '--rates-out', 'a.jsonl'], '--rates-out', '--rates-out must differ from --out'],
    [['--seed'], '--seed', '--seed needs a value'],
    [['--seed', '--tenants', '2'], '--seed', '--seed needs a value'],
    [['--out='], '--out', '--out needs a value'],
    [['--speed', '3'], '--speed', 'unknown flag --speed'],
    [['simulate'], 'simulate', 'unexpected argument "simulate"'],
    [['--no-kafka=yes'], '--no-kafka', '--no-kafka takes no value'],
    [['--seed', '1', '--seed', '2'], '--seed', '--seed is given more than once'],
  ])('rejects %j naming %s', (argv, flag, message) => {
    const error = errorOf(argv);
    expect(error.flag).toBe(flag);
    expect(error.message).toContain(message);
  });
});
