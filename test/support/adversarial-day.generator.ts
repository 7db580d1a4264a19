// A fast-check generator of small, hostile days for differential tests against the reference replay: raw lines (not
// objects) mixing valid events of every type in unlikely orders (anomalies, ties, answers after the end), time
// strings in every form events.md allows (offsets, lower-case t/z, 0–9 fraction digits), invalid lines of each
// reason, re-sent ids, a rate version that starts mid-slice with no wrapup, a usage resource priced only in one
// version, local midnight and a DST change inside the window, and sometimes an as-of in the middle of the day.
import fc from 'fast-check';

export interface AdversarialDay {
  lines: string[];
  ratesText: string;
  asOf: string | undefined;
}

export const ADVERSARIAL_RATES = {
  acme: {
    currency: 'USD',
    timezone: 'America/New_York',
    // listed out of order: the later version first
    versions: [
      {
        // half a second past a grid step, so a version boundary cuts slices and calls mid-way
        effectiveFrom: '2026-11-01T04:45:00.5Z',
        labourPerHour: { default: '33.33', senior: '47.10' },
        overheadPerAgentHour: '7.07',
        agents: { 'a-3': 'senior' },
        telephonyPerMinute: { inbound: '0.013' },
        telephonyIncrementSeconds: 60,
        chatPerSession: '0.07',
        ticketPerTicket: '0.031',
        usage: { bot: '0.002' },
        concurrencyWeights: { voice: 3, chat: '1.5', ticket: '0.5' },
        wrapupLimitSeconds: 0,
      },
      {
        effectiveFrom: '2026-01-01T00:00:00Z',
        labourPerHour: { default: '30.00', senior: '42.00', trainee: '21' },
        overheadPerAgentHour: '6.00',
        agents: { 'a-2': 'senior' },
        telephonyPerMinute: { inbound: '0.012', outbound: '0.020' },
        telephonyIncrementSeconds: 6,
        chatPerSession: '0.05',
        ticketPerTicket: '0.02',
        usage: { sms: '0.0079' },
        concurrencyWeights: { voice: 1, chat: 1, ticket: 1 },
        wrapupLimitSeconds: 120,
      },
    ],
  },
  kol: {
    currency: 'INR',
    timezone: 'Asia/Kolkata',
    versions: [
      {
        // its only version starts inside the window: before the first version, the first applies
        effectiveFrom: '2026-11-01T19:00:00Z',
        labourPerHour: { default: '400' },
        overheadPerAgentHour: 55.5,
        telephonyPerMinute: { inbound: '0.7', outbound: '1.1' },
        telephonyIncrementSeconds: 15,
        chatPerSession: '2',
        usage: { sms: '0.25', bot: '0.01' },
        concurrencyWeights: { chat: 2 },
      },
    ],
  },
};

/** Each tenant's window opens 30 minutes before a local midnight (acme's also holds the end of US daylight time). */
const WINDOW_START_MS: Record<string, number> = {
  acme: Date.parse('2026-11-01T03:30:00Z'), // 23:30 EDT on 10-31; DST ends at 06:00Z
  kol: Date.parse('2026-11-01T18:00:00Z'), // 23:30 IST on 11-01
};
const STEP_MS = 30_000;
const STEPS = 200;
const AGENTS = ['a-1', 'a-2', 'a-3'];

/** An instant: whole milliseconds since the epoch and the nanoseconds beyond them (sub-millisecond digits). */
interface Instant {
  ms: number;
  subMsNanos: number;
}

type TimeStyle = 'z-millis' | 'z-bare' | 'lower' | 'offset' | 'nanos';

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The same instant written as events.md allows: Z or an offset, `t`/`z` in either case, any number of digits. */
function formatTime(at: Instant, style: TimeStyle, offsetMinutes: number): string {
  const shift = style === 'offset' ? offsetMinutes : 0;
  const d = new Date(at.ms + shift * 60_000);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const clock = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const millis = pad(d.getUTCMilliseconds(), 3);
  const nanos = pad(at.subMsNanos, 6);
  let fraction = at.subMsNanos > 0 ? `.${millis}${nanos}`.replace(/0+$/, '') : `.${millis}`;
  if (style === 'z-bare' && at.subMsNanos === 0 && d.getUTCMilliseconds() === 0) fraction = '';
  if (style === 'nanos') fraction = `.${millis}${nanos}`;
  if (style === 'offset') {
    const sign = shift < 0 ? '-' : '+';
    const abs = Math.abs(shift);
    return `${date}T${clock}${fraction}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  }
  if (style === 'lower') return `${date}t${clock}${fraction}z`;
  return `${date}T${clock}${fraction}Z`;
}

const instantArb = (tenant: string) =>
  fc
    .record({
      step: fc.integer({ min: 0, max: STEPS }),
      jitter: fc.constantFrom<[number, number]>([0, 0], [0, 0], [0, 0], [500, 0], [0, 1], [250, 123_456]),
    })
    .map(({ step, jitter }): Instant => ({
      ms: WINDOW_START_MS[tenant] + step * STEP_MS + jitter[0],
      subMsNanos: jitter[1],
    }));

const timeStyleArb = fc.constantFrom<TimeStyle>('z-millis', 'z-millis', 'z-bare', 'lower', 'offset', 'nanos');

const CONTACT_TYPES = {
  voice: [
    'call.started',
    'call.answered',
    'call.answered',
    'call.held',
    'call.resumed',
    'call.agent_left',
    'call.ended',
    'call.wrapup_done',
    'call.wrapup_done',
  ],
  chat: ['chat.started', 'chat.answered', 'chat.answered', 'chat.agent_left', 'chat.ended', 'chat.wrapup_done'],
  ticket: [
    'ticket.created',
    'ticket.work_started',
    'ticket.work_started',
    'ticket.work_stopped',
    'ticket.work_logged',
    'ticket.solved',
    'ticket.reopened',
  ],
} as const;
const NEEDS_AGENT = /answered|held|resumed|agent_left|wrapup_done|work_started|work_stopped|work_logged/;

const fieldsArb = fc.record({
  agent: fc.constantFrom(...AGENTS),
  direction: fc.constantFrom('inbound', 'outbound'),
  queue: fc.option(fc.constantFrom('billing', 'web'), { nil: undefined }),
  reason: fc.option(fc.constantFrom('billing', 'complaint', 'sales'), { nil: undefined }),
  case: fc.option(fc.constantFrom('K-1', 'K-2'), { nil: undefined }),
  outcome: fc.option(fc.constantFrom('resolved', 'abandoned'), { nil: undefined }),
  seconds: fc.constantFrom(1, 30, 95, 600),
});

/** One draft event: what it is and when; rendered to a line once ids are given out. */
interface Draft {
  fields: Record<string, unknown>;
  at: Instant;
  style: TimeStyle;
}

const contactArb = (tenant: string, index: number) =>
  fc
    .record({
      channel: fc.constantFrom('voice', 'chat', 'ticket', 'none'),
      steps: fc.array(
        fc.record({
          pick: fc.nat(),
          at: instantArb(tenant),
          style: timeStyleArb,
          fields: fieldsArb,
        }),
        { minLength: 1, maxLength: 7 },
      ),
      extras: fc.array(
        fc.record({
          kind: fc.constantFrom('classify', 'usage', 'compensate', 'compensate-ghost'),
          at: instantArb(tenant),
          style: timeStyleArb,
          fields: fieldsArb,
          resource: fc.constantFrom('sms', 'bot'),
          quantity: fc.constantFrom(1, 3, '0.5', 1e-7),
          amount: fc.constantFrom('0', '12.50', '0.0000015', 3),
        }),
        { maxLength: 3 },
      ),
    })
    .map(({ channel, steps, extras }): Draft[] => {
      const contact = `${channel[0]}-${index}`;
      const drafts: Draft[] = [];
      if (channel !== 'none')
        for (const s of steps) {
          // now and then an event of another family on the same contact
          const family = s.pick % 11 === 10 ? (['voice', 'chat', 'ticket'] as const)[s.pick % 3] : channel;
          const types = CONTACT_TYPES[family as keyof typeof CONTACT_TYPES];
          const type = types[s.pick % types.length];
          const f = s.fields;
          const fields: Record<string, unknown> = { type, contact };
          if (NEEDS_AGENT.test(type)) fields.agent = f.agent;
          if (type === 'call.started') fields.direction = f.direction;
          if (/started|created/.test(type) && !type.includes('work')) {
            if (f.queue) fields.queue = f.queue;
            if (f.reason) fields.reason = f.reason;
            if (f.case) fields.case = f.case;
          }
          if (/ended|solved/.test(type) && f.outcome) fields.outcome = f.outcome;
          if (type === 'ticket.work_logged') fields.seconds = f.seconds;
          drafts.push({ fields, at: s.at, style: s.style });
        }
      for (const x of extras) {
        const f = x.fields;
        let fields: Record<string, unknown>;
        if (x.kind === 'classify')
          fields = {
            type: 'contact.classified',
            contact,
            reason: f.reason ?? 'complaint',
            ...(f.case && { case: f.case }),
          };
        else if (x.kind === 'usage')
          fields = { type: 'usage.recorded', contact, resource: x.resource, quantity: x.quantity };
        else
          fields = {
            type: 'case.compensated',
            case: f.case ?? 'K-3',
            amount: x.amount,
            kind: 'refund',
            contact: x.kind === 'compensate-ghost' ? `ghost-${index}` : contact,
          };
        drafts.push({ fields, at: x.at, style: x.style });
      }
      return drafts;
    });

const stateArb = (tenant: string) =>
  fc.record({
    agent: fc.constantFrom(...AGENTS),
    at: instantArb(tenant),
    style: timeStyleArb,
    state: fc.constantFrom('available', 'available', 'available', 'break', 'Break', 'training', 'offline'),
    rateClass: fc.option(fc.constantFrom('senior', 'trainee', 'default', 'nosuch'), { nil: undefined }),
  });

/** Lines that are wrong in one way each (events.md "Invalid events"); `{id}` is replaced by a fresh id. */
const INVALID_TEMPLATES = [
  'not json at all',
  '[1]',
  'null',
  '{"id":"{id}","type":"call.answered","tenant":"acme","time":"2026-11-01T04:00:00Z","contact":"v-1"}',
  '{"id":"{id}","type":"call.answred","tenant":"acme","time":"2026-11-01T04:00:00Z","contact":"v-1","agent":"a-1"}',
  '{"id":"{id}","type":"call.started","tenant":"nobody","time":"2026-11-01T04:00:00Z","contact":"v-1","direction":"inbound"}',
  '{"id":"{id}","type":"call.started","tenant":"acme","time":"2026-11-01 04:00:00Z","contact":"v-1","direction":"inbound"}',
  '{"id":"{id}","type":"call.started","tenant":"acme","time":"2026-11-01T04:00:00+0100","contact":"v-1","direction":"inbound"}',
  '{"id":"{id}","type":"usage.recorded","tenant":"acme","time":"2026-11-01T04:00:00Z","contact":"v-1","resource":"sms","quantity":0}',
  '{"id":"{id}","type":"usage.recorded","tenant":"acme","time":"2026-11-01T05:00:00Z","contact":"v-1","resource":"sms","quantity":1}',
  '{"id":"{id}","type":"ticket.work_logged","tenant":"acme","time":"2026-11-01T04:00:00Z","contact":"t-1","agent":"a-1","seconds":1.5}',
  '{"id":"{id}","type":"case.compensated","tenant":"acme","time":"2026-11-01T04:00:00Z","case":"K-1","amount":"-1","kind":"refund"}',
  '{"id":"{id}","type":"chat.started","tenant":"acme","time":"2026-11-01T04:00:00Z","contact":"c-1","queue":""}',
  '{"id":"{id}","type":"agent.state","tenant":"acme","time":"2026-11-01T04:00:00Z","agent":"a-1","state":"available","rateClass":null}',
  '{"type":"agent.state","tenant":"acme","time":"2026-11-01T04:00:00Z","agent":"a-1","state":"available"}',
  '{"id":7,"type":"agent.state","tenant":"acme","time":"2026-11-01T04:00:00Z","agent":"a-1","state":"available"}',
  '{"id":"{id}","type":"chat.answered","tenant":"acme","time":"2026-11-01T04:00:00Z","contact":"c-1","agent":"a-1","outcome":"maybe"}',
  '{"id":"{id}","type":"agent.state","tenant":"acme","time":"2026-11-01T04:00:00Z","agent":"a-1","state":"available","resource":""}',
  '{"id":"{id}","type":"call.started","tenant":"acme","time":"2026-11-01T04:00:60Z","contact":"v-1","direction":"inbound"}',
  '{"id":"{id}","type":"call.started","tenant":"acme","time":"2026-02-30T04:00:00Z","contact":"v-1","direction":"inbound"}',
  '{"id":"{id}","type":"call.started","tenant":"acme","time":"2026-11-01T04:00:00Z","contact":"v-1","direction":"sideways"}',
  '{"id":"{id}","type":"ticket.work_logged","tenant":"acme","time":"2026-11-01T04:00:00Z","contact":"t-1","agent":"a-1","seconds":86401}',
  '{"id":"{id}","type":"ticket.work_logged","tenant":"acme","time":"2026-11-01T04:00:00Z","contact":"t-1","agent":"a-1","seconds":"60"}',
  '{"id":"{id}","type":"case.compensated","tenant":"acme","time":"2026-11-01T04:00:00Z","case":"K-1","amount":1000000000.000001,"kind":"refund"}',
  '{"id":"{id}","type":"case.compensated","tenant":"acme","time":"2026-11-01T04:00:00Z","case":"K-1","amount":"5","kind":"bribe"}',
  '{"id":"{id}","type":"Call.started","tenant":"acme","time":"2026-11-01T04:00:00Z","contact":"v-1","direction":"inbound"}',
  '{"id":"{id}","type":"call.started","tenant":"Acme","time":"2026-11-01T04:00:00Z","contact":"v-1","direction":"inbound"}',
  `{"id":"{id}","type":"agent.state","tenant":"acme","time":"2026-11-01T04:00:00Z","agent":"a-1","state":"${'x'.repeat(65)}"}`,
  `{"id":"{id}","type":"call.started","tenant":"acme","time":"2026-11-01T04:00:00Z","contact":"v-1","direction":"inbound","customer":"${'y'.repeat(129)}"}`,
  '{"id":"{id}","type":"contact.classified","tenant":"acme","time":"2026-11-01T04:00:00Z","contact":"v-1","reason":"sales","case":null}',
];

/** Valid lines that look odd: limits met exactly, numbers in unusual forms, astral characters counted as one. */
const ODD_VALID_TEMPLATES = [
  '{"id":"{id}","type":"ticket.work_logged","tenant":"acme","time":"2026-11-01T04:10:00Z","contact":"t-9","agent":"a-1","seconds":86400}',
  '{"id":"{id}","type":"ticket.work_logged","tenant":"acme","time":"2026-11-01T04:10:00Z","contact":"t-9","agent":"a-2","seconds":6e1}',
  '{"id":"{id}","type":"case.compensated","tenant":"acme","time":"2026-11-01T04:00:00Z","case":"K-1","amount":1e9,"kind":"fee"}',
  '{"id":"{id}","type":"usage.recorded","tenant":"acme","time":"2026-11-01T04:00:00Z","contact":"n-9","resource":"sms","quantity":1000000000}',
  '{"id":"{id}","type":"usage.recorded","tenant":"acme","time":"2026-11-01T04:00:00Z","contact":"n-9","resource":"sms","quantity":0.10000000000000000555}',
  `{"id":"{id}","type":"call.started","tenant":"acme","time":"2026-11-01T04:00:00Z","contact":"v-9","direction":"inbound","queue":"${'\u{1F600}'.repeat(128)}"}`,
  '{"id":"{id}","type":"agent.state","tenant":"acme","time":"2026-11-01T04:00:00Z","agent":"a-1","state":"available","extra":{"nested":[1,2]}}',
  '{"id":"{id}","type":"chat.started","tenant":"acme","time":"2026-11-01T04:00:00Z","contact":"c-9","id":"{id}-again"}',
  '{"id":"{id}","type":"contact.merged","tenant":"acme","time":"2026-11-01T04:00:00Z","contact":"v-9"}',
];

/** What to do with one event beyond sending it once. */
const extraArb = fc.record({
  invalid: fc.option(fc.nat({ max: INVALID_TEMPLATES.length - 1 }), { freq: 8, nil: undefined }),
  odd: fc.option(fc.nat({ max: ODD_VALID_TEMPLATES.length - 1 }), { freq: 10, nil: undefined }),
  resend: fc.constantFrom('none', 'none', 'none', 'none', 'same', 'altered'),
});

const tenantArb = (tenant: string) =>
  fc.record({
    states: fc.array(stateArb(tenant), { maxLength: 6 }),
    contacts: fc
      .array(fc.nat(), { minLength: 1, maxLength: 4 })
      .chain((ids) => fc.tuple(...ids.map((_, i) => contactArb(tenant, i + 1)))),
  });

function offsetOf(tenant: string): number {
  return tenant === 'kol' ? 330 : -240;
}

/** Days of one or both tenants, the lines in a random order, with invalid lines and re-sends mixed in. */
export const adversarialDayArb: fc.Arbitrary<AdversarialDay> = fc
  .record({
    acme: tenantArb('acme'),
    kol: fc.option(tenantArb('kol'), { nil: undefined }),
    extras: fc.array(extraArb, { maxLength: 40 }),
    blankAt: fc.option(fc.nat(), { nil: undefined }),
    asOfStep: fc.option(fc.integer({ min: 0, max: STEPS }), { freq: 3, nil: undefined }),
    asOfTenant: fc.constantFrom('acme', 'kol'),
    seed: fc.nat(),
  })
  .chain((plan) => {
    const lines: string[] = [];
    const nextId = { acme: 0, kol: 0 };
    for (const tenant of ['acme', 'kol'] as const) {
      const t = plan[tenant];
      if (!t) continue;
      const drafts: Draft[] = [
        ...t.states.map((s) => ({
          fields: {
            type: 'agent.state',
            agent: s.agent,
            state: s.state,
            ...(s.rateClass && { rateClass: s.rateClass }),
          },
          at: s.at,
          style: s.style,
        })),
        ...t.contacts.flat(),
      ];
      for (const d of drafts) {
        // both tenants count from 1: ids are unique per tenant only
        const id = `e-${++nextId[tenant]}`;
        const time = formatTime(d.at, d.style, offsetOf(tenant));
        lines.push(JSON.stringify({ id, type: d.fields.type, tenant, time, ...d.fields }));
      }
    }
    // invalid lines and re-sends, appended, then everything shuffled (input order decides which copy is first)
    plan.extras.forEach((x, i) => {
      if (x.invalid !== undefined) lines.push(INVALID_TEMPLATES[x.invalid].replaceAll('{id}', `bad-${i}`));
      if (x.odd !== undefined) lines.push(ODD_VALID_TEMPLATES[x.odd].replaceAll('{id}', `odd-${i}`));
      const original = lines[i % Math.max(1, lines.length)];
      if (original === undefined || x.resend === 'none') return;
      if (x.resend === 'same') lines.push(original);
      else {
        try {
          const event = JSON.parse(original) as Record<string, unknown>;
          lines.push(JSON.stringify({ ...event, time: '2026-11-01T05:00:00Z', queue: 'altered' }));
        } catch {
          lines.push(original);
        }
      }
    });
    return fc.shuffledSubarray(lines, { minLength: lines.length, maxLength: lines.length }).map((shuffled) => {
      if (plan.blankAt !== undefined) shuffled.splice(plan.blankAt % (shuffled.length + 1), 0, '');
      const asOf =
        plan.asOfStep === undefined
          ? undefined
          : formatTime(
              {
                ms: WINDOW_START_MS[plan.asOfTenant] + plan.asOfStep * STEP_MS,
                subMsNanos: plan.asOfStep % 3 === 0 ? 1 : 0,
              },
              'z-millis',
              0,
            );
      return { lines: shuffled, ratesText: JSON.stringify(ADVERSARIAL_RATES, null, 2), asOf };
    });
  });
