// The rate-card file (cost-model.md format) pricing the simulated tenants.

import { SeededRandom } from './seeded-random';
import { resolveSimulatorOptions, simulationWindow, SimulatorOptions } from './simulator-options';
import { tenantProfile, tenantRoster } from './tenant-catalogue';

export interface RateCardVersionJson {
  effectiveFrom: string;
  labourPerHour: Record<string, string>;
  overheadPerAgentHour: string;
  agents: Record<string, string>;
  telephonyPerMinute: Record<string, string>;
  telephonyIncrementSeconds: number;
  chatPerSession: string;
  ticketPerTicket: string;
  usage: Record<string, string>;
  concurrencyWeights: Record<string, number>;
  wrapupLimitSeconds: number;
}

export interface TenantRateCardJson {
  currency: string;
  timezone: string;
  versions: RateCardVersionJson[];
}

export type RateCardFileJson = Record<string, TenantRateCardJson>;

/** Integer hundredths → "12.34". */
function centsText(cents: number): string {
  const whole = Math.floor(cents / 100);
  const rest = cents % 100;
  return `${whole}.${rest < 10 ? '0' : ''}${rest}`;
}

/** Every third tenant (acme, umbrella, …) gets a second version: a labour rise effective in the middle of the run. */
export function hasMidRunVersion(tenantIndex: number): boolean {
  return tenantIndex % 3 === 0;
}

export function midRunInstant(options: SimulatorOptions): string {
  const { startMs, endMs } = simulationWindow(options);
  const span = Number.isFinite(endMs) ? endMs - startMs : 24 * 3_600_000;
  const mid = startMs + Math.max(3_600_000, Math.floor(span / 2 / 3_600_000) * 3_600_000);
  return new Date(mid).toISOString();
}

/** The JSON object of a rates file for the tenants `generateMessages(options)` produces. */
export function simulatorRateCards(partial: Partial<SimulatorOptions> = {}): RateCardFileJson {
  const options = resolveSimulatorOptions(partial);
  const file: RateCardFileJson = {};
  const year = new Date(Date.parse(options.start)).getUTCFullYear();
  for (let index = 0; index < options.tenants; index++) {
    const profile = tenantProfile(index);
    const random = new SeededRandom(options.seed, 20_000 + index);
    // A few percent either way, so tenants of different seeds are priced differently.
    const jitter = (cents: number) => Math.round((cents * (100 + random.intBetween(-5, 5))) / 100);
    const labour = {
      default: jitter(profile.labourCents.default),
      senior: jitter(profile.labourCents.senior),
      trainee: jitter(profile.labourCents.trainee),
    };
    const agents: Record<string, string> = {};
    for (const agent of tenantRoster(options.seed, index, options.agents)) {
      if (!agent.announcesRateClass && agent.rateClass !== 'default') agents[agent.id] = agent.rateClass;
    }
    const first: RateCardVersionJson = {
      effectiveFrom: `${year - 1}-01-01T00:00:00Z`,
      labourPerHour: {
        default: centsText(labour.default),
        senior: centsText(labour.senior),
        trainee: centsText(labour.trainee),
      },
      overheadPerAgentHour: profile.overheadPerAgentHour,
      agents,
      telephonyPerMinute: { ...profile.telephonyPerMinute },
      telephonyIncrementSeconds: profile.telephonyIncrementSeconds,
      chatPerSession: profile.chatPerSession,
      ticketPerTicket: profile.ticketPerTicket,
      usage: { ...profile.usage },
      concurrencyWeights: { ...profile.concurrencyWeights },
      wrapupLimitSeconds: profile.wrapupLimitSeconds,
    };
    const versions = [first];
    if (hasMidRunVersion(index)) {
      const raise = (cents: number) => centsText(Math.round((cents * 104) / 100));
      versions.push({
        ...first,
        effectiveFrom: midRunInstant(options),
        labourPerHour: { default: raise(labour.default), senior: raise(labour.senior), trainee: raise(labour.trainee) },
        agents: { ...agents },
        telephonyPerMinute: { ...first.telephonyPerMinute },
        usage: { ...first.usage },
        concurrencyWeights: { ...first.concurrencyWeights },
        wrapupLimitSeconds: Math.max(300, profile.wrapupLimitSeconds - 300),
      });
    }
    file[profile.name] = { currency: profile.currency, timezone: profile.timezone, versions };
  }
  return file;
}
