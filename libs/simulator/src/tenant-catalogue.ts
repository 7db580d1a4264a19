// The simulated tenants: who they are, where they are, what they pay, and who works for them. Everything here is
// derived from (seed, tenant index) alone, so the rate-card file and the event stream always agree.

import { SeededRandom } from './seeded-random';
import { TimeStyle } from './event-time.formatter';

export type AgentChannel = 'voice' | 'chat' | 'ticket';

export interface TenantProfile {
  name: string;
  timezone: string;
  currency: string;
  /** How this tenant's platform writes `time`. */
  timeStyle: TimeStyle;
  /** Labour per hour by rate class, in hundredths of the currency. */
  labourCents: { default: number; senior: number; trainee: number };
  overheadPerAgentHour: string;
  telephonyPerMinute: { inbound: string; outbound: string };
  telephonyIncrementSeconds: number;
  chatPerSession: string;
  ticketPerTicket: string;
  usage: { sms: string; bot_message: string; transcription_minute: string };
  concurrencyWeights: { voice: number; chat: number; ticket: number };
  wrapupLimitSeconds: number;
  /** Typical compensation is 5–150 of this many currency units. */
  compensationUnit: number;
}

const CATALOGUE: readonly TenantProfile[] = [
  {
    name: 'acme',
    timezone: 'America/New_York',
    currency: 'USD',
    timeStyle: 'utc-ms',
    labourCents: { default: 2800, senior: 3850, trainee: 2100 },
    overheadPerAgentHour: '6.50',
    telephonyPerMinute: { inbound: '0.0125', outbound: '0.021' },
    telephonyIncrementSeconds: 6,
    chatPerSession: '0.05',
    ticketPerTicket: '0.02',
    usage: { sms: '0.0079', bot_message: '0.002', transcription_minute: '0.024' },
    concurrencyWeights: { voice: 1, chat: 1, ticket: 1 },
    wrapupLimitSeconds: 900,
    compensationUnit: 1,
  },
  {
    name: 'globex',
    timezone: 'Europe/Berlin',
    currency: 'EUR',
    timeStyle: 'utc-s',
    labourCents: { default: 3100, senior: 4400, trainee: 2400 },
    overheadPerAgentHour: '7.20',
    telephonyPerMinute: { inbound: '0.009', outbound: '0.015' },
    telephonyIncrementSeconds: 60,
    chatPerSession: '0.04',
    ticketPerTicket: '0.015',
    usage: { sms: '0.075', bot_message: '0.0018', transcription_minute: '0.02' },
    concurrencyWeights: { voice: 3, chat: 1, ticket: 1 },
    wrapupLimitSeconds: 600,
    compensationUnit: 1,
  },
  {
    name: 'initech',
    timezone: 'Asia/Kolkata',
    currency: 'INR',
    timeStyle: 'offset',
    labourCents: { default: 38000, senior: 56000, trainee: 29000 },
    overheadPerAgentHour: '85.00',
    telephonyPerMinute: { inbound: '0.60', outbound: '0.95' },
    telephonyIncrementSeconds: 1,
    chatPerSession: '2.50',
    ticketPerTicket: '1.20',
    usage: { sms: '0.25', bot_message: '0.12', transcription_minute: '1.60' },
    concurrencyWeights: { voice: 1, chat: 1, ticket: 1 },
    wrapupLimitSeconds: 900,
    compensationUnit: 80,
  },
  {
    name: 'umbrella',
    timezone: 'Europe/London',
    currency: 'GBP',
    timeStyle: 'utc-ms',
    labourCents: { default: 2450, senior: 3300, trainee: 1900 },
    overheadPerAgentHour: '5.80',
    telephonyPerMinute: { inbound: '0.008', outbound: '0.013' },
    telephonyIncrementSeconds: 1,
    chatPerSession: '0.035',
    ticketPerTicket: '0.015',
    usage: { sms: '0.04', bot_message: '0.0015', transcription_minute: '0.018' },
    concurrencyWeights: { voice: 2, chat: 1, ticket: 1 },
    wrapupLimitSeconds: 900,
    compensationUnit: 1,
  },
  {
    name: 'hooli',
    timezone: 'America/Los_Angeles',
    currency: 'USD',
    timeStyle: 'utc-ms',
    labourCents: { default: 3300, senior: 4700, trainee: 2500 },
    overheadPerAgentHour: '8.00',
    telephonyPerMinute: { inbound: '0.011', outbound: '0.019' },
    telephonyIncrementSeconds: 6,
    chatPerSession: '0.06',
    ticketPerTicket: '0.025',
    usage: { sms: '0.0083', bot_message: '0.0025', transcription_minute: '0.025' },
    concurrencyWeights: { voice: 1, chat: 1, ticket: 1 },
    wrapupLimitSeconds: 1200,
    compensationUnit: 1,
  },
  {
    name: 'wayne',
    timezone: 'Australia/Sydney',
    currency: 'AUD',
    timeStyle: 'utc-s',
    labourCents: { default: 4200, senior: 5600, trainee: 3300 },
    overheadPerAgentHour: '9.50',
    telephonyPerMinute: { inbound: '0.018', outbound: '0.03' },
    telephonyIncrementSeconds: 30,
    chatPerSession: '0.07',
    ticketPerTicket: '0.03',
    usage: { sms: '0.055', bot_message: '0.003', transcription_minute: '0.035' },
    concurrencyWeights: { voice: 1, chat: 1, ticket: 1 },
    wrapupLimitSeconds: 900,
    compensationUnit: 1.5,
  },
  {
    name: 'tyrell',
    timezone: 'America/Sao_Paulo',
    currency: 'BRL',
    timeStyle: 'offset',
    labourCents: { default: 4500, senior: 6800, trainee: 3500 },
    overheadPerAgentHour: '12.00',
    telephonyPerMinute: { inbound: '0.06', outbound: '0.11' },
    telephonyIncrementSeconds: 6,
    chatPerSession: '0.25',
    ticketPerTicket: '0.10',
    usage: { sms: '0.09', bot_message: '0.01', transcription_minute: '0.12' },
    concurrencyWeights: { voice: 1, chat: 1, ticket: 1 },
    wrapupLimitSeconds: 600,
    compensationUnit: 5,
  },
  {
    name: 'soylent',
    timezone: 'Asia/Tokyo',
    currency: 'JPY',
    timeStyle: 'utc-ms',
    labourCents: { default: 200000, senior: 280000, trainee: 160000 },
    overheadPerAgentHour: '450',
    telephonyPerMinute: { inbound: '1.5', outbound: '3' },
    telephonyIncrementSeconds: 6,
    chatPerSession: '8',
    ticketPerTicket: '3',
    usage: { sms: '1.2', bot_message: '0.3', transcription_minute: '3.6' },
    concurrencyWeights: { voice: 1, chat: 1, ticket: 1 },
    wrapupLimitSeconds: 900,
    compensationUnit: 150,
  },
];

/** Tenant `index` (0-based): the catalogue in order, then the same companies again as `acme-2`, `globex-2`, … */
export function tenantProfile(index: number): TenantProfile {
  const base = CATALOGUE[index % CATALOGUE.length];
  const round = Math.floor(index / CATALOGUE.length);
  return round === 0 ? base : { ...base, name: `${base.name}-${round + 1}` };
}

export interface RosterAgent {
  id: string;
  channel: AgentChannel;
  /** Chats at once (1–3) for chat agents; 1 otherwise. */
  chatCap: number;
  rateClass: 'default' | 'senior' | 'trainee';
  /** True when the agent's states carry `rateClass`; otherwise only the rate card's `agents` map knows it. */
  announcesRateClass: boolean;
  team: string;
}

const TEAMS: Record<AgentChannel, readonly string[]> = {
  voice: ['frontline-east', 'frontline-west'],
  chat: ['digital'],
  ticket: ['back-office'],
};

/** The agents of tenant `index`: half voice, three in ten chat, the rest tickets; a fifth senior, a tenth trainees. */
export function tenantRoster(seed: number, index: number, agentCount: number): RosterAgent[] {
  const random = new SeededRandom(seed, 10_000 + index);
  const name = tenantProfile(index).name;
  const roster: RosterAgent[] = [];
  for (let n = 1; n <= agentCount; n++) {
    // The first three agents cover every channel so even tiny tenants see voice, chat and tickets.
    const r = random.next();
    const channel: AgentChannel =
      n === 1 ? 'voice' : n === 2 ? 'chat' : n === 3 ? 'ticket' : r < 0.5 ? 'voice' : r < 0.8 ? 'chat' : 'ticket';
    const c = random.next();
    const rateClass = c < 0.2 ? 'senior' : c < 0.3 ? 'trainee' : 'default';
    const announcesRateClass =
      rateClass === 'trainee' || (rateClass === 'senior' ? random.chance(0.5) : random.chance(0.1));
    const chatCap = channel === 'chat' ? random.weighted([1, 2, 3], [0.15, 0.35, 0.5]) : 1;
    const team = rateClass === 'senior' && channel === 'voice' ? 'tier-2' : random.pick(TEAMS[channel]);
    roster.push({ id: `${name}-a-${n}`, channel, chatCap, rateClass, announcesRateClass, team });
  }
  return roster;
}
