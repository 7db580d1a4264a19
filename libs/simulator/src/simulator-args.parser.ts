import {
  DEFAULT_SIMULATOR_OPTIONS,
  MAX_AGENTS_PER_TENANT,
  MAX_DURATION_HOURS,
  MAX_TENANTS,
  SimulatorOptions,
} from './simulator-options';

/** A bad command-line flag; the message names the flag and what it expects. */
export class SimulatorArgsError extends Error {
  constructor(
    readonly flag: string,
    message: string,
  ) {
    super(message);
    this.name = 'SimulatorArgsError';
  }
}

const VALUE_FLAGS = [
  '--seed',
  '--tenants',
  '--agents',
  '--events',
  '--duration',
  '--start',
  '--rate',
  '--duplicates',
  '--out-of-order',
  '--invalid',
  '--out',
  '--rates-out',
] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];
const BOOLEAN_FLAGS = ['--no-kafka'] as const;

function isValueFlag(flag: string): flag is ValueFlag {
  return (VALUE_FLAGS as readonly string[]).includes(flag);
}

function integerIn(flag: string, text: string, min: number, max: number, what: string): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new SimulatorArgsError(flag, `${flag} must be ${what}, got "${text}"`);
  }
  return Number(text);
}

function fraction(flag: string, text: string): number {
  const value = Number(text);
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(text) || !(value >= 0 && value <= 1)) {
    throw new SimulatorArgsError(flag, `${flag} must be a fraction from 0 to 1 (e.g. 0.01), got "${text}"`);
  }
  return value;
}

const DURATION_UNITS: Record<string, number> = { s: 1 / 3600, m: 1 / 60, h: 1, d: 24 };

function durationHours(flag: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(text);
  const hours = match ? Number(match[1]) * DURATION_UNITS[match[2] || 'h'] : NaN;
  if (!(hours > 0 && hours <= MAX_DURATION_HOURS)) {
    throw new SimulatorArgsError(
      flag,
      `${flag} must be a positive length like 8h, 90m or 2d (at most ${MAX_DURATION_HOURS / 24}d), got "${text}"`,
    );
  }
  return hours;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})$/;

function startInstant(flag: string, text: string): string {
  const bad = () =>
    new SimulatorArgsError(
      flag,
      `${flag} must be a date (2026-11-02) or a date-time with a zone (2026-11-02T08:00:00Z), got "${text}"`,
    );
  const match = DATE_ONLY.exec(text) ?? DATE_TIME.exec(text);
  if (!match) throw bad();
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = match;
  const wall = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  const real =
    wall.getUTCFullYear() === Number(y) &&
    wall.getUTCMonth() === Number(mo) - 1 &&
    wall.getUTCDate() === Number(d) &&
    wall.getUTCHours() === Number(h) &&
    wall.getUTCMinutes() === Number(mi) &&
    wall.getUTCSeconds() === Number(s);
  const ms = DATE_ONLY.test(text) ? wall.getTime() : Date.parse(text.toUpperCase());
  if (!real || Number.isNaN(ms)) throw bad();
  return new Date(ms).toISOString();
}

/** Parses the flags of `simulate` (the arguments after the command name); throws SimulatorArgsError. */
export function parseSimulatorArgs(argv: readonly string[]): SimulatorOptions {
  const options: SimulatorOptions = { ...DEFAULT_SIMULATOR_OPTIONS };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      throw new SimulatorArgsError(arg, `unexpected argument "${arg}" (flags start with --; see --help)`);
    }
    const eq = arg.indexOf('=');
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    if (seen.has(flag)) throw new SimulatorArgsError(flag, `${flag} is given more than once`);
    seen.add(flag);
    if ((BOOLEAN_FLAGS as readonly string[]).includes(flag)) {
      if (eq >= 0) throw new SimulatorArgsError(flag, `${flag} takes no value, got "${arg.slice(eq + 1)}"`);
      options.kafka = false;
      continue;
    }
    if (!isValueFlag(flag)) throw new SimulatorArgsError(flag, `unknown flag ${flag} (see --help)`);
    let value: string;
    if (eq >= 0) {
      value = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        throw new SimulatorArgsError(flag, `${flag} needs a value`);
      }
      value = next;
      i++;
    }
    if (value === '') throw new SimulatorArgsError(flag, `${flag} needs a value`);
    switch (flag) {
      case '--seed':
        options.seed = integerIn(flag, value, 0, Number.MAX_SAFE_INTEGER, 'a non-negative integer');
        break;
      case '--tenants':
        options.tenants = integerIn(flag, value, 1, MAX_TENANTS, `an integer from 1 to ${MAX_TENANTS}`);
        break;
      case '--agents':
        options.agents = integerIn(
          flag,
          value,
          1,
          MAX_AGENTS_PER_TENANT,
          `an integer from 1 to ${MAX_AGENTS_PER_TENANT} (agents per tenant)`,
        );
        break;
      case '--events':
        options.events = integerIn(flag, value, 1, 1e12, 'a positive integer (number of messages)');
        break;
      case '--duration':
        options.durationHours = durationHours(flag, value);
        break;
      case '--start':
        options.start = startInstant(flag, value);
        break;
      case '--rate': {
        const rate = Number(value);
        if (value !== 'max' && !(/^(\d+(\.\d*)?|\.\d+)$/.test(value) && rate > 0)) {
          throw new SimulatorArgsError(
            flag,
            `${flag} must be a positive number of messages per second or "max", got "${value}"`,
          );
        }
        options.rate = value === 'max' ? 'max' : rate;
        break;
      }
      case '--duplicates':
        options.duplicates = fraction(flag, value);
        break;
      case '--out-of-order':
        options.outOfOrder = fraction(flag, value);
        break;
      case '--invalid':
        options.invalid = fraction(flag, value);
        break;
      case '--out':
        options.out = value;
        break;
      case '--rates-out':
        options.ratesOut = value;
        break;
    }
  }
  if (options.duplicates + options.invalid >= 1) {
    throw new SimulatorArgsError(
      '--invalid',
      `--duplicates and --invalid together must stay below 1 so valid messages remain, got ${options.duplicates} + ${options.invalid}`,
    );
  }
  if (options.out !== null && options.out === options.ratesOut) {
    throw new SimulatorArgsError('--rates-out', `--rates-out must differ from --out, both are "${options.out}"`);
  }
  return options;
}
