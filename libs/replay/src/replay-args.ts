import { parseEventTime, timeBeyondAttoseconds } from '@contact-cost/contracts';

export class ReplayArgsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplayArgsError';
  }
}

export interface ReplayArgs {
  events: string;
  rates: string;
  asOf: bigint | null;
  /** The as-of's fraction digits below the attosecond (timeBeyondAttoseconds), when it has any. */
  asOfSubAttoseconds?: string;
  format: 'json' | 'csv';
}

export const REPLAY_USAGE =
  'usage: cost replay --events EVENTS.jsonl|- --rates RATES.json [--as-of TIME] [--format json|csv]';

/** Parses `replay` flags (`--flag value` or `--flag=value`); throws ReplayArgsError naming what is wrong. */
export function parseReplayArgs(argv: string[]): ReplayArgs {
  const values = new Map<string, string>();
  const known = new Set(['--events', '--rates', '--as-of', '--format']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!known.has(flag)) throw new ReplayArgsError(`unknown argument ${JSON.stringify(arg)}; ${REPLAY_USAGE}`);
    if (values.has(flag)) throw new ReplayArgsError(`${flag} given twice`);
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || (value.startsWith('--') && value.length > 2))
        throw new ReplayArgsError(`${flag} needs a value`);
      i++;
    }
    if (value.length === 0) throw new ReplayArgsError(`${flag} needs a value`);
    values.set(flag, value);
  }
  const events = values.get('--events');
  if (!events) throw new ReplayArgsError(`--events is required; ${REPLAY_USAGE}`);
  const rates = values.get('--rates');
  if (!rates) throw new ReplayArgsError(`--rates is required; ${REPLAY_USAGE}`);
  const format = values.get('--format') ?? 'json';
  if (format !== 'json' && format !== 'csv')
    throw new ReplayArgsError(`--format must be json or csv, got ${JSON.stringify(format)}`);
  const asOfText = values.get('--as-of');
  let asOf: bigint | null = null;
  if (asOfText !== undefined) {
    asOf = parseEventTime(asOfText);
    if (asOf === null)
      throw new ReplayArgsError(
        `--as-of must be an RFC 3339 time with a zone, e.g. 2026-11-02T18:00:00Z, got ${JSON.stringify(asOfText)}`,
      );
  }
  const asOfSubAttoseconds = asOfText === undefined ? '' : timeBeyondAttoseconds(asOfText);
  return { events, rates, asOf, format, ...(asOfSubAttoseconds !== '' && { asOfSubAttoseconds }) };
}
