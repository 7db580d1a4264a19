// Options of the simulator and the CLI flags that set them (`cost simulate …`).

export interface SimulatorOptions {
  /** Same seed, same options → byte-identical output. */
  seed: number;
  tenants: number;
  /** Agents per tenant. */
  agents: number;
  /** Stop after this many messages (all kinds); null = no limit. */
  events: number | null;
  /** Simulated hours from `start`; null = 24 h, or unbounded (several days) when `events` is set. */
  durationHours: number | null;
  /** First instant of the simulation, RFC 3339 UTC. */
  start: string;
  /** Messages per second when publishing live; 'max' = as fast as possible. */
  rate: number | 'max';
  /** Fraction (0–1) of messages that re-send an earlier message. */
  duplicates: number;
  /** Fraction (0–1) of valid messages delayed by 1 s – 10 min. */
  outOfOrder: number;
  /** Fraction (0–1) of messages that are invalid (each rejection reason in turn). */
  invalid: number;
  /** JSONL file receiving every message's value, one per line, in emission order. */
  out: string | null;
  /** Rate-card file (cost-model.md format) for the simulated tenants. */
  ratesOut: string | null;
  /** False with --no-kafka: generate files and statistics only. */
  kafka: boolean;
}

export const DEFAULT_SIMULATOR_OPTIONS: Readonly<SimulatorOptions> = Object.freeze({
  seed: 1,
  tenants: 3,
  agents: 30,
  events: null,
  durationHours: null,
  start: '2026-11-02T00:00:00.000Z',
  rate: 'max',
  duplicates: 0,
  outOfOrder: 0,
  invalid: 0,
  out: null,
  ratesOut: null,
  kafka: true,
});

export const MAX_TENANTS = 1000;
export const MAX_AGENTS_PER_TENANT = 10_000;
export const MAX_DURATION_HOURS = 24 * 366;

export const SIMULATOR_USAGE = `Usage: simulate [flags]
  --seed N            random seed (default 1); same seed and flags give identical output
  --tenants N         number of tenants, 1–${MAX_TENANTS} (default 3)
  --agents N          agents per tenant, 1–${MAX_AGENTS_PER_TENANT} (default 30)
  --events N          stop after N messages
  --duration D        simulated time from --start, e.g. 8h, 90m, 2d (default 24h; unbounded with --events alone)
  --start T           first instant: 2026-11-02 or 2026-11-02T08:00:00Z (default 2026-11-02T00:00:00Z)
  --rate R            messages per second when publishing, or max (default max)
  --duplicates F      fraction 0–1 of messages re-sending an earlier one (default 0)
  --out-of-order F    fraction 0–1 of valid messages delayed by 1 s – 10 min (default 0)
  --invalid F         fraction 0–1 of invalid messages, one rejection reason after another (default 0)
  --out FILE.jsonl    write every message, one per line
  --rates-out FILE    write the tenants' rate cards (JSON)
  --no-kafka          do not publish; files and statistics only`;

/** Resolves the simulated window: [startMs, endMs), endMs = Infinity when bounded by --events only. */
export function simulationWindow(options: SimulatorOptions): { startMs: number; endMs: number } {
  const startMs = Date.parse(options.start);
  const hours = options.durationHours ?? (options.events !== null ? null : 24);
  return { startMs, endMs: hours === null ? Infinity : startMs + Math.round(hours * 3_600_000) };
}

export function resolveSimulatorOptions(partial: Partial<SimulatorOptions> = {}): SimulatorOptions {
  const options: SimulatorOptions = { ...DEFAULT_SIMULATOR_OPTIONS, ...partial };
  const problems: string[] = [];
  if (!Number.isSafeInteger(options.seed) || options.seed < 0) problems.push('seed must be a non-negative integer');
  if (!Number.isInteger(options.tenants) || options.tenants < 1 || options.tenants > MAX_TENANTS)
    problems.push(`tenants must be an integer from 1 to ${MAX_TENANTS}`);
  if (!Number.isInteger(options.agents) || options.agents < 1 || options.agents > MAX_AGENTS_PER_TENANT)
    problems.push(`agents must be an integer from 1 to ${MAX_AGENTS_PER_TENANT}`);
  if (options.events !== null && (!Number.isSafeInteger(options.events) || options.events < 1))
    problems.push('events must be a positive integer');
  if (options.durationHours !== null && !(options.durationHours > 0 && options.durationHours <= MAX_DURATION_HOURS))
    problems.push(`durationHours must be > 0 and ≤ ${MAX_DURATION_HOURS}`);
  if (Number.isNaN(Date.parse(options.start))) problems.push('start must be an RFC 3339 date-time');
  if (options.rate !== 'max' && !(options.rate > 0 && Number.isFinite(options.rate)))
    problems.push("rate must be a positive number or 'max'");
  for (const key of ['duplicates', 'outOfOrder', 'invalid'] as const) {
    if (!(options[key] >= 0 && options[key] <= 1)) problems.push(`${key} must be a fraction from 0 to 1`);
  }
  if (options.duplicates + options.invalid >= 1) problems.push('duplicates + invalid must be below 1');
  if (problems.length > 0) throw new RangeError(`invalid simulator options: ${problems.join('; ')}`);
  return { ...options, start: new Date(Date.parse(options.start)).toISOString() };
}
