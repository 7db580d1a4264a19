/**
 * Reference replay ("oracle"): an independent, deliberately simple reading of /work/shared/spec (events.md,
 * cost-model.md, replay.md), written for differential testing of the production engine. It favours obvious
 * correctness over speed: exact rationals of bigints for money and time, and agent time sliced by collecting every cut
 * point and walking the elementary slices.
 *
 * Ambiguous points of the spec, and the reading chosen here. Readings 4 and 8 were changed after the first comparison
 * with the engine (4: the sentence quoted there settles it; 8: "wrapup (voice)" read as the wrapup that follows
 * voice work); every other difference found was a defect of the engine, fixed there.
 *
 *  1. Duplicates vs. invalid JSON: a line must parse as JSON before its (tenant, id) can be read, so a non-JSON line is
 *     `invalid_json` even if it would repeat an accepted id. A JSON object whose `id` and `tenant` are strings equal to
 *     an accepted event's is a duplicate, whatever else it contains (even an otherwise invalid event).
 *  2. `rejected[].id` / `.tenant` ("where readable"): present when the line is JSON and the field is a string (even if
 *     that string is itself invalid, e.g. a tenant not matching the pattern); omitted otherwise (never null).
 *  3. "1–128 chars" counts Unicode code points (not UTF-16 code units).
 *  4. The optional string fields (`queue`, `reason`, `case`, `customer`, `rateClass`, `team`, `resource`, `outcome`)
 *     are checked whenever present, on every type ("`outcome` takes the enum of `call.ended` on every type"), like
 *     `contact` and `agent`; the other typed fields (`direction`, `seconds`, `quantity`, `amount`, `kind`, `state`)
 *     only on the types whose table names them. The 64 KiB message limit is not a rejection reason in a replay (it is
 *     not among the listed reasons).
 *  5. Blank line = a line made only of JSON whitespace (space, tab, CR, LF).
 *  6. Ties "by id" compare ids as JavaScript strings (UTF-16 code-unit order). Events of different contacts never
 *     interact, so one global order (time, type rank, id) is used; `agent.state` is ordered by (time, id).
 *  7. Events later than the as-of are counted as accepted and make their tenant listed in `tenants`, but create no
 *     contact, agent, case or day, and change no figure ("they have not happened yet").
 *  8. A segment's channel (for `concurrencyWeights`) is the family of the event that opened it: talk/hold → voice,
 *     handle → chat, work → ticket, wrapup → the channel of the segment it follows ("wrapup (voice)" follows talk or
 *     hold, "wrapup (chat)" follows handle), whichever family the `*.agent_left` / `*.ended` belongs to. (Only
 *     differs from "the contact's channel" for contacts mixing families.)
 *  9. A wrapup is over once its cap (start + limit) is reached: at an event at or after the cap, the wrapup is closed
 *     at the cap and no longer counts as the agent's open segment (so a later `work_started` is not a no-op). With a
 *     limit of 0 no wrapup segment is created at all ("a limit of 0 means no wrapup").
 * 10. A second start event (of any family) is ignored entirely: no fee, no telephony, no queue, and its
 *     `reason`/`case` do not classify. The start event that counts is the first one in event order.
 * 11. A contact's "earliest event" (for its day when it has no start event) is its earliest own event; a
 *     `case.compensated` naming it is not one of its events (it does not create it either).
 * 12. Compensation after the as-of is ignored entirely (neither costed nor listing its case); a case is listed when it
 *     is a contact's final case or is named by a compensation at or before the as-of.
 * 13. `asOf` is printed floored to the millisecond when the instant has more fraction digits.
 * 14. Rate cards: `currency` is optional (null when absent) but must be a string when present; numeric fields (money,
 *     weights, increment, limit) accept a JSON number or a decimal string; an explicit `null` for an optional field
 *     makes the file invalid; `versions` must be a non-empty array; a fractional increment is allowed; every
 *     `concurrencyWeights` entry (even for an unknown channel) must be > 0; an unknown `timezone` is invalid.
 * 15. A JSON number whose exponent is beyond ±100000 is not evaluated: in an event it is out of range (`schema`), in
 *     a rate card invalid. (The spec has no such limit; it only guards the oracle against absurd inputs.)
 * 16. `agents` lists an agent with any recorded segment (even of zero length) or a state at or before the as-of.
 * 17. A rejected line with a `(tenant, id)` does not claim the id; duplicates only match *accepted* events.
 * 18. `asOf` is null whenever no event was accepted, even when an as-of was given (replay.md's wording); with accepted
 *     events, a given as-of is printed as given (floored to the millisecond), even if it precedes every event.
 */
import { isJsonObject, JsonValue, parseJson } from './reference-replay-json';
import { Channel, parseRateCards, RateVersion, TenantCard, versionAt } from './reference-replay-rates';
import { formatMoney, formatSeconds, Rational } from './reference-replay-rational';
import { formatUtcMillis, Instant, parseRfc3339 } from './reference-replay-time';
import { AcceptedEvent, RejectReason, validateEvent } from './reference-replay-validate';

type SegmentKind = 'talk' | 'hold' | 'handle' | 'wrapup' | 'work';

interface Segment {
  contact: string;
  agent: string;
  kind: SegmentKind;
  channel: Channel;
  start: Instant;
  /** null while open; set when closed or at the as-of. */
  end: Instant | null;
  /** Wrapups only: start + wrapupLimitSeconds (version in force at its start). */
  cap: Instant | null;
}

interface ContactState {
  id: string;
  /** Family of its first call.* / chat.* / ticket.* event; null → `unknown`. */
  channel: Channel | null;
  firstTime: Instant;
  startTime: Instant | null;
  queue: string | null;
  reason: string | null;
  case: string | null;
  openSegments: Map<string, Segment>;
  segments: Segment[];
  telephony: { start: Instant; end: Instant | null; perMinute: Rational; increment: Rational } | null;
  open: boolean;
  fees: Rational;
  usage: Rational;
  compensation: Rational;
  labour: Rational;
  overhead: Rational;
  agentSeconds: Rational;
}

interface AgentState {
  id: string;
  states: AcceptedEvent[];
  segments: Segment[];
}

interface DayTotals {
  contacts: number;
  contactCost: Rational;
  idleCost: Rational;
  shrinkageCost: Rational;
  unlinkedCompensation: Rational;
}

const HOUR = Rational.int(3600);
const LIVE_KINDS: ReadonlySet<SegmentKind> = new Set(['talk', 'hold', 'handle']);

/** cost-model.md, "Ordering": ties within one contact are broken by type in this order, then by id. */
const TYPE_RANK: Record<string, number> = {
  started: 0,
  created: 0,
  classified: 1,
  answered: 2,
  work_started: 2,
  held: 3,
  resumed: 4,
  agent_left: 5,
  work_stopped: 5,
  work_logged: 5,
  ended: 6,
  solved: 6,
  reopened: 6,
  wrapup_done: 7,
  recorded: 8,
  compensated: 8,
  state: 9,
};

const action = (type: string): string => type.slice(type.indexOf('.') + 1);
const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function familyOf(type: string): Channel | null {
  if (type.startsWith('call.')) return 'voice';
  if (type.startsWith('chat.')) return 'chat';
  if (type.startsWith('ticket.')) return 'ticket';
  return null;
}

function eventOrder(a: AcceptedEvent, b: AcceptedEvent): number {
  return a.time.cmp(b.time) || TYPE_RANK[action(a.type)] - TYPE_RANK[action(b.type)] || cmpStr(a.id, b.id);
}

/** Builds a plain object from entries sorted by key (Object.fromEntries is safe for keys such as `__proto__`). */
function sortedObject<V, R>(map: Map<string, V>, f: (v: V, k: string) => R): Record<string, R> {
  return Object.fromEntries([...map.keys()].sort(cmpStr).map((k) => [k, f(map.get(k)!, k)]));
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = create();
    map.set(key, v);
  }
  return v;
}

const perContact = (sum: Rational, contacts: number): string | null =>
  contacts === 0 ? null : formatMoney(sum.div(Rational.int(contacts)));

/** Costs one tenant's accepted events up to the as-of (cost-model.md). */
function costTenant(card: TenantCard, events: AcceptedEvent[], asOf: Instant): Record<string, unknown> {
  // "Events later than the as-of are accepted but change no figure"; "events exactly at the as-of apply".
  const live = events.filter((e) => e.time.lte(asOf)).sort(eventOrder);

  const contacts = new Map<string, ContactState>();
  const agents = new Map<string, AgentState>();
  const compensations: AcceptedEvent[] = [];
  const agentFor = (id: string): AgentState => getOrCreate(agents, id, () => ({ id, states: [], segments: [] }));

  const openSegment = (c: ContactState, agent: string, kind: SegmentKind, channel: Channel, t: Instant): void => {
    let cap: Instant | null = null;
    if (kind === 'wrapup') {
      // "A limit of 0 means no wrapup"; the limit is the version in force at the wrapup's start.
      const limit = versionAt(card, t).wrapupLimitSeconds;
      if (limit.isZero()) return;
      cap = t.add(limit);
    }
    const seg: Segment = { contact: c.id, agent, kind, channel, start: t, end: null, cap };
    c.openSegments.set(agent, seg);
    c.segments.push(seg);
    agentFor(agent).segments.push(seg);
  };
  const closeSegment = (c: ContactState, agent: string, t: Instant): void => {
    const seg = c.openSegments.get(agent)!;
    // "A wrapup closed by a later answered or wrapup_done still ends no later than its cap."
    seg.end = seg.cap === null ? t : Rational.min(t, seg.cap);
    c.openSegments.delete(agent);
  };
  /** A wrapup ends at its cap at the latest: at any event at or after the cap it is already over. */
  const expireWrapups = (c: ContactState, t: Instant): void => {
    for (const [agent, seg] of c.openSegments) {
      if (seg.kind === 'wrapup' && seg.cap!.lte(t)) closeSegment(c, agent, seg.cap!);
    }
  };

  for (const ev of live) {
    const t = ev.time;
    const version: RateVersion = versionAt(card, t);
    if (ev.type === 'agent.state') {
      agentFor(ev.agent!).states.push(ev); // already in (time, id) order
      continue;
    }
    if (ev.type === 'case.compensated') {
      compensations.push(ev); // linked or not once all contacts are known ("whatever the order of their times")
      continue;
    }

    // "A contact exists once any accepted event names it (a compensation naming it does not create it)."
    const c = getOrCreate(contacts, ev.contact!, () => ({
      id: ev.contact!,
      channel: null,
      firstTime: t,
      startTime: null,
      queue: null,
      reason: null,
      case: null,
      openSegments: new Map(),
      segments: [],
      telephony: null,
      open: false,
      fees: Rational.ZERO,
      usage: Rational.ZERO,
      compensation: Rational.ZERO,
      labour: Rational.ZERO,
      overhead: Rational.ZERO,
      agentSeconds: Rational.ZERO,
    }));
    const family = familyOf(ev.type);
    if (family !== null && c.channel === null) c.channel = family; // channel = family of its first family event
    expireWrapups(c, t);
    const agent = ev.agent;
    const seg = agent === undefined ? undefined : c.openSegments.get(agent);

    switch (action(ev.type)) {
      case 'started':
      case 'created':
        // "A second start event on a contact is ignored (an anomaly): no second fee, no telephony restart."
        if (c.startTime !== null) break;
        c.startTime = t;
        c.queue = ev.queue ?? null; // "its queue is its start event's"
        // Start events carrying reason or case classify; a classification without case keeps the current case.
        if (ev.reason !== undefined) c.reason = ev.reason;
        if (ev.case !== undefined) c.case = ev.case;
        if (ev.type === 'call.started') {
          // Telephony: version at call.started; a direction missing from telephonyPerMinute costs 0.
          c.telephony = {
            start: t,
            end: null,
            perMinute: version.telephonyPerMinute.get(ev.direction!) ?? Rational.ZERO,
            increment: version.telephonyIncrementSeconds,
          };
        } else if (ev.type === 'chat.started') {
          c.fees = c.fees.add(version.chatPerSession);
        } else {
          c.fees = c.fees.add(version.ticketPerTicket);
        }
        break;
      case 'classified':
        // Latest by time wins (events are applied in order; same time → greater id applied last).
        c.reason = ev.reason!;
        if (ev.case !== undefined) c.case = ev.case;
        break;
      case 'answered':
        // Opens talk/handle; closes the agent's open wrapup first; no-op if talk/hold/handle or work is open.
        if (seg !== undefined && seg.kind !== 'wrapup') break;
        if (seg !== undefined) closeSegment(c, agent!, t);
        openSegment(c, agent!, family === 'voice' ? 'talk' : 'handle', family!, t);
        break;
      case 'held':
        if (seg?.kind !== 'talk') break; // talk → hold, no-op otherwise
        closeSegment(c, agent!, t);
        openSegment(c, agent!, 'hold', 'voice', t);
        break;
      case 'resumed':
        if (seg?.kind !== 'hold') break; // hold → talk, no-op otherwise
        closeSegment(c, agent!, t);
        openSegment(c, agent!, 'talk', 'voice', t);
        break;
      case 'agent_left':
        if (seg === undefined || !LIVE_KINDS.has(seg.kind)) break; // closes talk/hold/handle, opens wrapup
        closeSegment(c, agent!, t);
        openSegment(c, agent!, 'wrapup', seg.channel, t);
        break;
      case 'ended':
        // Every agent in talk/hold/handle moves to wrapup.
        for (const [a, s] of [...c.openSegments]) {
          if (!LIVE_KINDS.has(s.kind)) continue;
          closeSegment(c, a, t);
          openSegment(c, a, 'wrapup', s.channel, t);
        }
        // "Telephony ends at the first call.ended after call.started; a call.ended earlier … stops nothing."
        if (ev.type === 'call.ended' && c.telephony !== null && c.telephony.end === null) c.telephony.end = t;
        break;
      case 'wrapup_done':
        if (seg !== undefined) closeSegment(c, agent!, t); // closes the open segment, whatever its kind
        break;
      case 'work_started':
        if (seg === undefined) openSegment(c, agent!, 'work', 'ticket', t); // no-op if any segment is open
        break;
      case 'work_stopped':
        if (seg?.kind === 'work') closeSegment(c, agent!, t);
        break;
      case 'work_logged': {
        // A closed work segment [time − seconds, time); it neither opens nor closes tracked work.
        const logged: Segment = {
          contact: c.id,
          agent: agent!,
          kind: 'work',
          channel: 'ticket',
          start: t.sub(ev.seconds!),
          end: t,
          cap: null,
        };
        c.segments.push(logged);
        agentFor(agent!).segments.push(logged);
        break;
      }
      case 'solved':
        for (const [a, s] of [...c.openSegments]) if (s.kind === 'work') closeSegment(c, a, t);
        break;
      case 'reopened':
        break; // informational
      case 'recorded':
        // usage = quantity × usage[resource], version at that event (the resource was checked at intake).
        c.usage = c.usage.add(ev.quantity!.mul(version.usage.get(ev.resource!)!));
        break;
    }
  }

  // At the as-of: a wrapup ends at the earliest of its cap and the as-of; any other open segment runs to the as-of
  // and makes its contact open. A call that started and has not ended also makes it open.
  for (const c of contacts.values()) {
    for (const seg of c.openSegments.values()) {
      if (seg.kind === 'wrapup') seg.end = Rational.min(seg.cap!, asOf);
      else {
        seg.end = asOf;
        c.open = true;
      }
    }
    c.openSegments.clear();
    if (c.telephony !== null && c.telephony.end === null) c.open = true;
  }

  // Labour: time-sliced across concurrent work, per agent.
  const days = new Map<string, DayTotals>();
  const dayOf = (day: string): DayTotals =>
    getOrCreate(days, day, () => ({
      contacts: 0,
      contactCost: Rational.ZERO,
      idleCost: Rational.ZERO,
      shrinkageCost: Rational.ZERO,
      unlinkedCompensation: Rational.ZERO,
    }));
  const agentOutput = new Map<string, Record<string, unknown>>();
  for (const agent of agents.values()) {
    agentOutput.set(agent.id, sliceAgent(agent, card, asOf, contacts, dayOf));
  }

  // Compensation: linked when its contact exists in the tenant's data up to the as-of, else unlinked (day of its time).
  const caseCompensation = new Map<string, Rational>();
  let unlinkedTotal = Rational.ZERO;
  for (const ev of compensations) {
    const amount = ev.amount!;
    caseCompensation.set(ev.case!, (caseCompensation.get(ev.case!) ?? Rational.ZERO).add(amount));
    const linked = ev.contact !== undefined ? contacts.get(ev.contact) : undefined;
    if (linked !== undefined) linked.compensation = linked.compensation.add(amount);
    else {
      const day = dayOf(card.zone.localDate(ev.time));
      day.unlinkedCompensation = day.unlinkedCompensation.add(amount);
      unlinkedTotal = unlinkedTotal.add(amount);
    }
  }

  // Contacts, and the groups they are attributed to (final reason and case, channel, day).
  const contactOutput = new Map<string, Record<string, unknown>>();
  const channels = new Map<string, { contacts: number; cost: Rational }>();
  const reasons = new Map<string, { contacts: number; cost: Rational }>();
  const cases = new Map<string, { contacts: number; complaint: boolean; contactCost: Rational }>();
  let contactTotal = Rational.ZERO;
  for (const c of contacts.values()) {
    let telephony = Rational.ZERO;
    if (c.telephony !== null) {
      // ⌈d / inc⌉ × inc / 60 × telephonyPerMinute[direction]
      const { start, end, perMinute, increment } = c.telephony;
      const d = (end ?? asOf).sub(start);
      const increments = Rational.of(d.div(increment).ceil());
      telephony = increments.mul(increment).div(Rational.int(60)).mul(perMinute);
    }
    const total = [c.labour, c.overhead, telephony, c.fees, c.usage, c.compensation].reduce((a, b) => a.add(b));
    const channel = c.channel ?? 'unknown';
    const reason = c.reason ?? 'unclassified';
    // A contact's day: local date of its start event, else of its earliest event.
    const day = card.zone.localDate(c.startTime ?? c.firstTime);
    const handle = Rational.sum(c.segments.map((s) => s.end!.sub(s.start)));
    contactOutput.set(c.id, {
      channel,
      reason,
      case: c.case,
      queue: c.queue,
      day,
      open: c.open,
      handleSeconds: formatSeconds(handle),
      agentSeconds: formatSeconds(c.agentSeconds),
      cost: {
        labour: formatMoney(c.labour),
        overhead: formatMoney(c.overhead),
        telephony: formatMoney(telephony),
        fees: formatMoney(c.fees),
        usage: formatMoney(c.usage),
        compensation: formatMoney(c.compensation),
        total: formatMoney(total),
      },
    });
    for (const [groups, key] of [
      [channels, channel],
      [reasons, reason],
    ] as const) {
      const g = getOrCreate(groups, key, () => ({ contacts: 0, cost: Rational.ZERO }));
      g.contacts++;
      g.cost = g.cost.add(total);
    }
    if (c.case !== null) {
      // A case's cost is the cost of its contacts without their compensation, plus all compensation booked to it.
      const k = getOrCreate(cases, c.case, () => ({ contacts: 0, complaint: false, contactCost: Rational.ZERO }));
      k.contacts++;
      k.complaint ||= reason === 'complaint';
      k.contactCost = k.contactCost.add(total.sub(c.compensation));
    }
    const dt = dayOf(day);
    dt.contacts++;
    dt.contactCost = dt.contactCost.add(total);
    contactTotal = contactTotal.add(total);
  }
  for (const k of caseCompensation.keys()) {
    getOrCreate(cases, k, () => ({ contacts: 0, complaint: false, contactCost: Rational.ZERO }));
  }

  const group = (g: { contacts: number; cost: Rational }) => ({
    contacts: g.contacts,
    cost: formatMoney(g.cost),
    costPerContact: perContact(g.cost, g.contacts),
  });
  const summary = (d: DayTotals) => {
    const total = d.contactCost.add(d.idleCost).add(d.shrinkageCost).add(d.unlinkedCompensation);
    return {
      contacts: d.contacts,
      contactCost: formatMoney(d.contactCost),
      idleCost: formatMoney(d.idleCost),
      shrinkageCost: formatMoney(d.shrinkageCost),
      unlinkedCompensation: formatMoney(d.unlinkedCompensation),
      total: formatMoney(total),
      costPerContact: perContact(d.contactCost, d.contacts),
      fullyLoadedCostPerContact: perContact(total, d.contacts),
    };
  };
  const dayList = [...days.values()];
  return {
    currency: card.currency,
    contacts: sortedObject(contactOutput, (v) => v),
    channels: sortedObject(channels, group),
    reasons: sortedObject(reasons, group),
    cases: sortedObject(cases, (k, id) => {
      const compensation = caseCompensation.get(id) ?? Rational.ZERO;
      return {
        contacts: k.contacts,
        complaint: k.complaint,
        contactCost: formatMoney(k.contactCost),
        compensation: formatMoney(compensation),
        cost: formatMoney(k.contactCost.add(compensation)),
      };
    }),
    agents: sortedObject(agentOutput, (v) => v),
    days: sortedObject(days, summary),
    totals: summary({
      contacts: contacts.size,
      contactCost: contactTotal,
      idleCost: Rational.sum(dayList.map((d) => d.idleCost)),
      shrinkageCost: Rational.sum(dayList.map((d) => d.shrinkageCost)),
      unlinkedCompensation: unlinkedTotal,
    }),
  };
}

/**
 * cost-model.md, "Labour: time-sliced across concurrent work": cuts the agent's timeline at every segment boundary,
 * every agent.state change, every rate-version boundary and every local midnight, then walks the elementary slices.
 * Adds each contact's labour, overhead and agent seconds, each day's idle and shrinkage, and returns the agent's ledger.
 */
function sliceAgent(
  agent: AgentState,
  card: TenantCard,
  asOf: Instant,
  contacts: Map<string, ContactState>,
  dayOf: (day: string) => DayTotals,
): Record<string, unknown> {
  const segments = agent.segments.filter((s) => s.end!.gt(s.start)).sort((a, b) => a.start.cmp(b.start));
  const points = [...agent.segments.flatMap((s) => [s.start, s.end!]), ...agent.states.map((s) => s.time)];
  let lo = points[0];
  for (const p of points) lo = Rational.min(lo, p);
  const cutMap = new Map<string, Instant>();
  for (const p of [...points, ...card.versions.map((v) => v.effectiveFrom), ...card.zone.cutsBetween(lo, asOf), asOf]) {
    if (p.gte(lo) && p.lte(asOf)) cutMap.set(p.key(), p);
  }
  const cuts = [...cutMap.values()].sort((a, b) => a.cmp(b));

  let contactSeconds = Rational.ZERO;
  let contactCost = Rational.ZERO;
  let idleSeconds = Rational.ZERO;
  let idleCost = Rational.ZERO;
  let shrinkageCost = Rational.ZERO;
  const shrinkageSeconds = new Map<string, Rational>();

  let nextSegment = 0;
  let active: Segment[] = [];
  let nextState = 0;
  let state: string | null = null; // no state yet: unpaid
  let rateClassOverride: string | null = null;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const p = cuts[i];
    const s = cuts[i + 1].sub(p);
    // Segments open in [p, q): every boundary is a cut, so "covers p" means "covers the slice".
    while (nextSegment < segments.length && segments[nextSegment].start.lte(p)) active.push(segments[nextSegment++]);
    active = active.filter((seg) => seg.end!.gt(p));
    // The agent's state (latest by time, then id) and rate class (latest state carrying one) at p.
    while (nextState < agent.states.length && agent.states[nextState].time.lte(p)) {
      const ev = agent.states[nextState++];
      state = ev.state!;
      if (ev.rateClass !== undefined) rateClassOverride = ev.rateClass;
    }
    const version = versionAt(card, p);
    const rateClass = rateClassOverride ?? version.agents.get(agent.id) ?? 'default';
    // "A class missing from labourPerHour is priced as default."
    const labourPerSecond = (version.labourPerHour.get(rateClass) ?? version.labourPerHour.get('default')!).div(HOUR);
    const overheadPerSecond = version.overheadPerAgentHour.div(HOUR);
    const loadedPerSecond = labourPerSecond.add(overheadPerSecond);

    if (active.length > 0) {
      // Each open segment i receives s × wᵢ / Σw seconds, at the agent's loaded rate.
      const weightSum = Rational.sum(active.map((seg) => version.concurrencyWeights[seg.channel]));
      for (const seg of active) {
        const share = s.mul(version.concurrencyWeights[seg.channel]).div(weightSum);
        const c = contacts.get(seg.contact)!;
        c.agentSeconds = c.agentSeconds.add(share);
        c.labour = c.labour.add(share.mul(labourPerSecond));
        c.overhead = c.overhead.add(share.mul(overheadPerSecond));
        contactSeconds = contactSeconds.add(share);
        contactCost = contactCost.add(share.mul(loadedPerSecond));
      }
    } else if (state !== null && state !== 'offline') {
      // available → idle; any other state except offline → shrinkage of that name (case-sensitive).
      const cost = s.mul(loadedPerSecond);
      const day = dayOf(card.zone.localDate(p));
      if (state === 'available') {
        idleSeconds = idleSeconds.add(s);
        idleCost = idleCost.add(cost);
        day.idleCost = day.idleCost.add(cost);
      } else {
        shrinkageSeconds.set(state, (shrinkageSeconds.get(state) ?? Rational.ZERO).add(s));
        shrinkageCost = shrinkageCost.add(cost);
        day.shrinkageCost = day.shrinkageCost.add(cost);
      }
    }
  }

  const shrinkageTotal = Rational.sum(shrinkageSeconds.values());
  return {
    paidSeconds: formatSeconds(contactSeconds.add(idleSeconds).add(shrinkageTotal)),
    contactSeconds: formatSeconds(contactSeconds),
    idleSeconds: formatSeconds(idleSeconds),
    // "shrinkageSeconds lists states with more than 0 seconds" (a slice always has s > 0).
    shrinkageSeconds: sortedObject(shrinkageSeconds, formatSeconds),
    contactCost: formatMoney(contactCost),
    idleCost: formatMoney(idleCost),
    shrinkageCost: formatMoney(shrinkageCost),
  };
}

/**
 * Replays an events.jsonl file (as `lines`, 1-based line number = index + 1) against a rate-card file, and returns the
 * JSON document of replay.md's "JSON output". Throws an Error when the rate-card file or the as-of is invalid.
 */
export function referenceReplay(lines: string[], ratesFileText: string, asOf?: string): unknown {
  const cards = parseRateCards(ratesFileText);
  let asOfGiven: Instant | null = null;
  if (asOf !== undefined) {
    asOfGiven = parseRfc3339(asOf);
    if (asOfGiven === null) throw new Error(`invalid --as-of: ${asOf}`);
  }

  const stats = { events: 0, accepted: 0, duplicates: 0, rejected: 0 };
  const rejected: Array<{ line: number; id?: string; tenant?: string; reason: RejectReason; detail: string }> = [];
  const accepted: AcceptedEvent[] = [];
  const claimed = new Set<string>(); // (tenant, id) of accepted events: first wins, by input order
  lines.forEach((text, index) => {
    const line = index + 1;
    if (/^[ \t\r\n]*$/.test(text)) return; // blank lines are skipped (but count for numbering)
    stats.events++;
    let value: JsonValue;
    try {
      value = parseJson(text);
    } catch (e) {
      stats.rejected++;
      rejected.push({ line, reason: 'invalid_json', detail: `not JSON: ${(e as Error).message}` });
      return;
    }
    const id = isJsonObject(value) ? value.get('id') : undefined;
    const tenant = isJsonObject(value) ? value.get('tenant') : undefined;
    // Duplicates are checked first: a (tenant, id) of an already accepted event, whatever the content.
    if (typeof id === 'string' && typeof tenant === 'string' && claimed.has(JSON.stringify([tenant, id]))) {
      stats.duplicates++;
      return;
    }
    const result = validateEvent(value, line, cards);
    if ('detail' in result) {
      stats.rejected++;
      rejected.push({
        line,
        ...(typeof id === 'string' ? { id } : {}),
        ...(typeof tenant === 'string' ? { tenant } : {}),
        reason: result.reason,
        detail: result.detail,
      });
      return;
    }
    stats.accepted++;
    claimed.add(JSON.stringify([result.tenant, result.id]));
    accepted.push(result);
  });

  // As-of: given, else the latest time of any accepted event, all tenants together.
  let asOfTime = asOfGiven;
  for (const ev of accepted) if (asOfGiven === null && (asOfTime === null || ev.time.gt(asOfTime))) asOfTime = ev.time;

  // `tenants` lists tenants with an accepted event.
  const byTenant = new Map<string, AcceptedEvent[]>();
  for (const ev of accepted) getOrCreate(byTenant, ev.tenant, () => []).push(ev);
  return {
    // "asOf: the as-of instant in UTC with milliseconds (null when no event was accepted)".
    asOf: asOfTime === null || accepted.length === 0 ? null : formatUtcMillis(asOfTime),
    stats,
    rejected,
    tenants: sortedObject(byTenant, (events, tenant) => costTenant(cards.get(tenant)!, events, asOfTime!)),
  };
}
