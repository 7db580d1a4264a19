// The segment table of cost-model.md ("Segments", "Precise points › Segments", "Open"), checked on the segments one
// contact's events produce. Every expected segment is read off the table by hand.
import { formatEventTime } from '@contact-cost/contracts';
import { deriveContactTimeline } from './contact-timeline';
import { compareContactEvents } from './event-order';
import { LocalCalendar } from './local-calendar';
import { CardOptions, RawEvent, attos, eventWriter, parsed, rateCards } from './testing/cost-day.builder';

function timeline(events: RawEvent[], asOf: string, options: CardOptions = {}) {
  const card = rateCards(options).tenant('acme');
  const sorted = events.map(parsed).sort(compareContactEvents);
  return deriveContactTimeline('c-1', sorted, attos(asOf), card, new LocalCalendar(card.timezone));
}

const hms = (at: bigint) => formatEventTime(at).slice(11, 19);

/** Segments as `agent kind HH:MM:SS-HH:MM:SS`, sorted. */
function segments(events: RawEvent[], asOf: string, options: CardOptions = {}): string[] {
  return timeline(events, asOf, options)
    .segments.map((s) => `${s.agent} ${s.kind} ${hms(s.start)}-${hms(s.end)}`)
    .sort();
}

const sorted = (list: string[]) => [...list].sort();

describe('segment table: answered', () => {
  it('call.answered opens talk and chat.answered opens handle', () => {
    const e = eventWriter();
    const call = [
      e('call.started', '09:00', { contact: 'c-1', direction: 'inbound' }),
      e('call.answered', '09:01', { contact: 'c-1', agent: 'a-1' }),
    ];
    expect(segments(call, '09:05')).toEqual(['a-1 talk 09:01:00-09:05:00']);
    const chat = [
      e('chat.started', '09:00', { contact: 'c-1' }),
      e('chat.answered', '09:02', { contact: 'c-1', agent: 'a-1' }),
    ];
    expect(segments(chat, '09:05')).toEqual(['a-1 handle 09:02:00-09:05:00']);
  });

  it("closes that agent's open wrapup on the contact first, and not another agent's", () => {
    const e = eventWriter();
    const events = [
      e('call.started', '09:00', { contact: 'c-1', direction: 'inbound' }),
      e('call.answered', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('call.answered', '09:01', { contact: 'c-1', agent: 'a-2' }),
      e('call.agent_left', '09:03', { contact: 'c-1', agent: 'a-1' }),
      e('call.agent_left', '09:03', { contact: 'c-1', agent: 'a-2' }),
      e('call.answered', '09:04', { contact: 'c-1', agent: 'a-1' }),
      e('call.ended', '09:06', { contact: 'c-1' }),
      e('call.wrapup_done', '09:07', { contact: 'c-1', agent: 'a-1' }),
      e('call.wrapup_done', '09:08', { contact: 'c-1', agent: 'a-2' }),
    ];
    expect(segments(events, '09:10')).toEqual(
      sorted([
        'a-1 talk 09:01:00-09:03:00',
        'a-1 wrapup 09:03:00-09:04:00',
        'a-1 talk 09:04:00-09:06:00',
        'a-1 wrapup 09:06:00-09:07:00',
        'a-2 talk 09:01:00-09:03:00',
        'a-2 wrapup 09:03:00-09:08:00',
      ]),
    );
  });

  it('is a no-op while talk, hold or handle is open (the open segment keeps its start)', () => {
    const e = eventWriter();
    const inHold = [
      e('call.started', '09:00', { contact: 'c-1', direction: 'inbound' }),
      e('call.answered', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('call.held', '09:02', { contact: 'c-1', agent: 'a-1' }),
      e('call.answered', '09:03', { contact: 'c-1', agent: 'a-1' }),
      e('call.answered', '09:04', { contact: 'c-1', agent: 'a-1' }),
    ];
    const t = timeline(inHold, '09:05');
    expect(t.segments.map((s) => `${s.kind} ${hms(s.start)}-${hms(s.end)}`)).toEqual([
      'talk 09:01:00-09:02:00',
      'hold 09:02:00-09:05:00',
    ]);
    expect(t.anomalies).toBe(2);
    const inHandle = [
      e('chat.started', '09:00', { contact: 'c-1' }),
      e('chat.answered', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('chat.answered', '09:03', { contact: 'c-1', agent: 'a-1' }),
    ];
    expect(segments(inHandle, '09:05')).toEqual(['a-1 handle 09:01:00-09:05:00']);
  });

  it('is a no-op while the agent has open work on that contact', () => {
    const e = eventWriter();
    const events = [
      e('ticket.created', '09:00', { contact: 'c-1' }),
      e('ticket.work_started', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('chat.answered', '09:02', { contact: 'c-1', agent: 'a-1' }),
      e('call.answered', '09:02', { contact: 'c-1', agent: 'a-1' }),
      e('ticket.work_stopped', '09:03', { contact: 'c-1', agent: 'a-1' }),
    ];
    expect(segments(events, '09:10')).toEqual(['a-1 work 09:01:00-09:03:00']);
  });

  it('after call.ended opens a talk that runs to the as-of, and the contact is open', () => {
    const e = eventWriter();
    const events = [
      e('call.started', '09:00', { contact: 'c-1', direction: 'inbound' }),
      e('call.answered', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('call.ended', '09:02', { contact: 'c-1' }),
      e('call.answered', '09:03', { contact: 'c-1', agent: 'a-1' }),
      e('call.answered', '09:04', { contact: 'c-1', agent: 'a-2' }),
    ];
    const t = timeline(events, '09:10');
    expect(t.segments.map((s) => `${s.agent} ${s.kind} ${hms(s.start)}-${hms(s.end)}`).sort()).toEqual(
      sorted([
        'a-1 talk 09:01:00-09:02:00',
        'a-1 wrapup 09:02:00-09:03:00',
        'a-1 talk 09:03:00-09:10:00',
        'a-2 talk 09:04:00-09:10:00',
      ]),
    );
    expect(t.open).toBe(true);
  });
});

describe('segment table: held / resumed / agent_left', () => {
  it('held turns talk into hold and resumed turns it back', () => {
    const e = eventWriter();
    const events = [
      e('call.started', '09:00', { contact: 'c-1', direction: 'inbound' }),
      e('call.answered', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('call.held', '09:02', { contact: 'c-1', agent: 'a-1' }),
      e('call.resumed', '09:03', { contact: 'c-1', agent: 'a-1' }),
      e('call.ended', '09:04', { contact: 'c-1' }),
      e('call.wrapup_done', '09:05', { contact: 'c-1', agent: 'a-1' }),
    ];
    expect(segments(events, '09:10')).toEqual(
      sorted([
        'a-1 talk 09:01:00-09:02:00',
        'a-1 hold 09:02:00-09:03:00',
        'a-1 talk 09:03:00-09:04:00',
        'a-1 wrapup 09:04:00-09:05:00',
      ]),
    );
  });

  it('resumed without hold and held without talk are no-ops', () => {
    const e = eventWriter();
    const events = [
      e('call.started', '09:00', { contact: 'c-1', direction: 'inbound' }),
      e('call.held', '09:00:30', { contact: 'c-1', agent: 'a-1' }), // nothing open
      e('call.answered', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('call.resumed', '09:02', { contact: 'c-1', agent: 'a-1' }), // in talk
      e('call.held', '09:03', { contact: 'c-1', agent: 'a-1' }),
      e('call.held', '09:04', { contact: 'c-1', agent: 'a-1' }), // already in hold
      e('call.ended', '09:05', { contact: 'c-1' }),
      e('call.held', '09:06', { contact: 'c-1', agent: 'a-1' }), // in wrapup
      e('call.resumed', '09:06:30', { contact: 'c-1', agent: 'a-1' }), // in wrapup
      e('call.wrapup_done', '09:07', { contact: 'c-1', agent: 'a-1' }),
    ];
    const t = timeline(events, '09:10');
    expect(t.segments.map((s) => `${s.kind} ${hms(s.start)}-${hms(s.end)}`).sort()).toEqual(
      sorted(['talk 09:01:00-09:03:00', 'hold 09:03:00-09:05:00', 'wrapup 09:05:00-09:07:00']),
    );
    expect(t.anomalies).toBe(5);
  });

  it('agent_left closes talk, hold or handle and opens wrapup; with nothing open, or in wrapup, it is a no-op', () => {
    const e = eventWriter();
    const fromHold = [
      e('call.started', '09:00', { contact: 'c-1', direction: 'inbound' }),
      e('call.agent_left', '09:00:30', { contact: 'c-1', agent: 'a-1' }), // nothing open
      e('call.answered', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('call.held', '09:02', { contact: 'c-1', agent: 'a-1' }),
      e('call.agent_left', '09:03', { contact: 'c-1', agent: 'a-1' }),
      e('call.agent_left', '09:04', { contact: 'c-1', agent: 'a-1' }), // in wrapup: the wrapup keeps its start
      e('call.wrapup_done', '09:06', { contact: 'c-1', agent: 'a-1' }),
    ];
    expect(segments(fromHold, '09:10')).toEqual(
      sorted(['a-1 talk 09:01:00-09:02:00', 'a-1 hold 09:02:00-09:03:00', 'a-1 wrapup 09:03:00-09:06:00']),
    );
    const fromHandle = [
      e('chat.started', '09:00', { contact: 'c-1' }),
      e('chat.answered', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('chat.agent_left', '09:02', { contact: 'c-1', agent: 'a-1' }),
    ];
    const t = timeline(fromHandle, '09:04');
    expect(t.segments.map((s) => `${s.kind} ${hms(s.start)}-${hms(s.end)}`).sort()).toEqual(
      sorted(['handle 09:01:00-09:02:00', 'wrapup 09:02:00-09:04:00']),
    );
    expect(t.open).toBe(false); // a wrapup cut by the as-of alone
  });
});

describe('segment table: ended / wrapup_done', () => {
  it('ended moves every agent in talk, hold or handle to wrapup and leaves a running wrapup alone', () => {
    const e = eventWriter();
    const events = [
      e('call.started', '09:00', { contact: 'c-1', direction: 'inbound' }),
      e('call.answered', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('call.answered', '09:01', { contact: 'c-1', agent: 'a-2' }),
      e('call.answered', '09:01', { contact: 'c-1', agent: 'a-3' }),
      e('call.held', '09:02', { contact: 'c-1', agent: 'a-2' }),
      e('call.agent_left', '09:02', { contact: 'c-1', agent: 'a-3' }),
      e('call.ended', '09:04', { contact: 'c-1' }),
      e('call.wrapup_done', '09:05', { contact: 'c-1', agent: 'a-1' }),
      e('call.wrapup_done', '09:05', { contact: 'c-1', agent: 'a-2' }),
      e('call.wrapup_done', '09:05', { contact: 'c-1', agent: 'a-3' }),
    ];
    expect(segments(events, '09:10')).toEqual(
      sorted([
        'a-1 talk 09:01:00-09:04:00',
        'a-1 wrapup 09:04:00-09:05:00',
        'a-2 talk 09:01:00-09:02:00',
        'a-2 hold 09:02:00-09:04:00',
        'a-2 wrapup 09:04:00-09:05:00',
        'a-3 talk 09:01:00-09:02:00',
        'a-3 wrapup 09:02:00-09:05:00',
      ]),
    );
  });

  it('chat.ended moves every agent in handle to wrapup', () => {
    const e = eventWriter();
    const events = [
      e('chat.started', '09:00', { contact: 'c-1' }),
      e('chat.answered', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('chat.answered', '09:02', { contact: 'c-1', agent: 'a-2' }),
      e('chat.ended', '09:03', { contact: 'c-1' }),
      e('chat.wrapup_done', '09:04', { contact: 'c-1', agent: 'a-2' }),
    ];
    const t = timeline(events, '09:06');
    expect(t.segments.map((s) => `${s.agent} ${s.kind} ${hms(s.start)}-${hms(s.end)}`).sort()).toEqual(
      sorted([
        'a-1 handle 09:01:00-09:03:00',
        'a-1 wrapup 09:03:00-09:06:00',
        'a-2 handle 09:02:00-09:03:00',
        'a-2 wrapup 09:03:00-09:04:00',
      ]),
    );
    expect(t.open).toBe(false);
  });

  it("wrapup_done closes that agent's open segment whatever its kind; with nothing open it is a no-op", () => {
    const e = eventWriter();
    const events = [
      e('call.started', '09:00', { contact: 'c-1', direction: 'inbound' }),
      e('call.wrapup_done', '09:00:30', { contact: 'c-1', agent: 'a-1' }), // nothing open
      e('call.answered', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('call.answered', '09:01', { contact: 'c-1', agent: 'a-2' }),
      e('call.held', '09:02', { contact: 'c-1', agent: 'a-2' }),
      e('call.wrapup_done', '09:03', { contact: 'c-1', agent: 'a-1' }), // closes talk
      e('call.wrapup_done', '09:04', { contact: 'c-1', agent: 'a-2' }), // closes hold
      e('call.ended', '09:05', { contact: 'c-1' }),
    ];
    const t = timeline(events, '09:10');
    expect(t.segments.map((s) => `${s.agent} ${s.kind} ${hms(s.start)}-${hms(s.end)}`).sort()).toEqual(
      sorted(['a-1 talk 09:01:00-09:03:00', 'a-2 talk 09:01:00-09:02:00', 'a-2 hold 09:02:00-09:04:00']),
    );
    expect(t.open).toBe(false);
    const work = [
      e('ticket.created', '09:00', { contact: 'c-1' }),
      e('ticket.work_started', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('chat.wrapup_done', '09:02', { contact: 'c-1', agent: 'a-1' }), // closes work
    ];
    expect(segments(work, '09:10')).toEqual(['a-1 work 09:01:00-09:02:00']);
  });
});

describe('segment table: tickets', () => {
  it('work_started opens work; again while open is a no-op; work_stopped closes it; with no work it is a no-op', () => {
    const e = eventWriter();
    const events = [
      e('ticket.created', '09:00', { contact: 'c-1' }),
      e('ticket.work_stopped', '09:00:30', { contact: 'c-1', agent: 'a-1' }), // no work
      e('ticket.work_started', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('ticket.work_started', '09:02', { contact: 'c-1', agent: 'a-1' }), // already open: keeps 09:01
      e('ticket.work_stopped', '09:03', { contact: 'c-1', agent: 'a-1' }),
      e('ticket.work_stopped', '09:04', { contact: 'c-1', agent: 'a-1' }), // not open
    ];
    const t = timeline(events, '09:10');
    expect(t.segments.map((s) => `${s.kind} ${hms(s.start)}-${hms(s.end)}`)).toEqual(['work 09:01:00-09:03:00']);
    expect(t.anomalies).toBe(3);
    expect(t.open).toBe(false);
  });

  it("work_started while any of the agent's segments on the contact is open is a no-op", () => {
    const e = eventWriter();
    const events = [
      e('chat.started', '09:00', { contact: 'c-1' }),
      e('chat.answered', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('ticket.work_started', '09:02', { contact: 'c-1', agent: 'a-1' }), // handle open
      e('chat.agent_left', '09:03', { contact: 'c-1', agent: 'a-1' }),
      e('ticket.work_started', '09:04', { contact: 'c-1', agent: 'a-1' }), // wrapup open
      e('ticket.work_stopped', '09:05', { contact: 'c-1', agent: 'a-1' }), // no work: no-op
      e('chat.wrapup_done', '09:06', { contact: 'c-1', agent: 'a-1' }),
    ];
    expect(segments(events, '09:10')).toEqual(sorted(['a-1 handle 09:01:00-09:03:00', 'a-1 wrapup 09:03:00-09:06:00']));
  });

  it('work_logged is a closed segment [time − seconds, time) that neither opens nor closes tracked work', () => {
    const e = eventWriter();
    const events = [
      e('ticket.created', '09:00', { contact: 'c-1' }),
      e('ticket.work_started', '09:00', { contact: 'c-1', agent: 'a-1' }),
      e('ticket.work_logged', '09:10', { contact: 'c-1', agent: 'a-1', seconds: 300 }),
      e('ticket.work_logged', '09:12', { contact: 'c-1', agent: 'a-2', seconds: 90 }),
      e('ticket.work_stopped', '09:20', { contact: 'c-1', agent: 'a-1' }),
    ];
    const t = timeline(events, '09:30');
    expect(t.segments.map((s) => `${s.agent} ${s.kind} ${hms(s.start)}-${hms(s.end)}`).sort()).toEqual(
      sorted(['a-1 work 09:00:00-09:20:00', 'a-1 work 09:05:00-09:10:00', 'a-2 work 09:10:30-09:12:00']),
    );
    expect(t.handleAttos).toBe((1200n + 300n + 90n) * 10n ** 18n);
  });

  it('solved closes every open work segment on the ticket, of every agent', () => {
    const e = eventWriter();
    const events = [
      e('ticket.created', '09:00', { contact: 'c-1' }),
      e('ticket.work_started', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('ticket.work_started', '09:02', { contact: 'c-1', agent: 'a-2' }),
      e('ticket.solved', '09:05', { contact: 'c-1' }),
    ];
    const t = timeline(events, '09:10');
    expect(t.segments.map((s) => `${s.agent} ${s.kind} ${hms(s.start)}-${hms(s.end)}`).sort()).toEqual(
      sorted(['a-1 work 09:01:00-09:05:00', 'a-2 work 09:02:00-09:05:00']),
    );
    expect(t.open).toBe(false);
  });
});

describe('wrapup limit', () => {
  const limit120: CardOptions = { version: { wrapupLimitSeconds: 120 } };

  it('a wrapup ends at its start + wrapupLimitSeconds at the latest', () => {
    const e = eventWriter();
    const events = [
      e('call.started', '09:00', { contact: 'c-1', direction: 'inbound' }),
      e('call.answered', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('call.ended', '09:05', { contact: 'c-1' }),
      e('call.wrapup_done', '09:10', { contact: 'c-1', agent: 'a-1' }),
    ];
    expect(segments(events, '09:20', limit120)).toEqual(
      sorted(['a-1 talk 09:01:00-09:05:00', 'a-1 wrapup 09:05:00-09:07:00']),
    );
    // never closed: the cap applies before the as-of
    expect(segments(events.slice(0, 3), '09:20', limit120)).toEqual(
      sorted(['a-1 talk 09:01:00-09:05:00', 'a-1 wrapup 09:05:00-09:07:00']),
    );
  });

  it('the default limit is 900 s', () => {
    const e = eventWriter();
    const events = [
      e('chat.started', '09:00', { contact: 'c-1' }),
      e('chat.answered', '09:00', { contact: 'c-1', agent: 'a-1' }),
      e('chat.ended', '09:01', { contact: 'c-1' }),
    ];
    expect(segments(events, '10:00')).toEqual(sorted(['a-1 handle 09:00:00-09:01:00', 'a-1 wrapup 09:01:00-09:16:00']));
  });

  it('a wrapup closed later by answered still ends at its cap', () => {
    const e = eventWriter();
    const events = [
      e('call.started', '09:00', { contact: 'c-1', direction: 'inbound' }),
      e('call.answered', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('call.agent_left', '09:05', { contact: 'c-1', agent: 'a-1' }),
      e('call.answered', '09:10', { contact: 'c-1', agent: 'a-1' }),
      e('call.ended', '09:11', { contact: 'c-1' }),
      e('call.wrapup_done', '09:12', { contact: 'c-1', agent: 'a-1' }),
    ];
    expect(segments(events, '09:20', limit120)).toEqual(
      sorted([
        'a-1 talk 09:01:00-09:05:00',
        'a-1 wrapup 09:05:00-09:07:00',
        'a-1 talk 09:10:00-09:11:00',
        'a-1 wrapup 09:11:00-09:12:00',
      ]),
    );
  });

  it('the cap is the limit of the version in force at the wrapup start', () => {
    // v1 (limit 120) until 09:06, v2 (limit 600) from 09:06.
    const options: CardOptions = {
      version: { wrapupLimitSeconds: 120 },
      later: [{ effectiveFrom: '2026-11-02T09:06:00Z', wrapupLimitSeconds: 600 }],
    };
    const e = eventWriter();
    const events = [
      e('chat.started', '09:00', { contact: 'c-1' }),
      e('chat.answered', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('chat.answered', '09:01', { contact: 'c-1', agent: 'a-2' }),
      e('chat.agent_left', '09:05', { contact: 'c-1', agent: 'a-1' }), // v1: cap 09:07
      e('chat.agent_left', '09:06', { contact: 'c-1', agent: 'a-2' }), // v2: cap 09:16
      e('chat.wrapup_done', '09:15', { contact: 'c-1', agent: 'a-1' }),
      e('chat.wrapup_done', '09:15', { contact: 'c-1', agent: 'a-2' }),
    ];
    expect(segments(events, '09:30', options)).toEqual(
      sorted([
        'a-1 handle 09:01:00-09:05:00',
        'a-1 wrapup 09:05:00-09:07:00',
        'a-2 handle 09:01:00-09:06:00',
        'a-2 wrapup 09:06:00-09:15:00',
      ]),
    );
  });

  it('a wrapup past its cap has ended: work_started after the cap opens work (it is not a no-op)', () => {
    const e = eventWriter();
    const events = [
      e('chat.started', '09:00', { contact: 'c-1' }),
      e('chat.answered', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('chat.ended', '09:05', { contact: 'c-1' }), // wrapup capped at 09:07
      e('ticket.work_started', '09:06', { contact: 'c-1', agent: 'a-1' }), // wrapup still open: a no-op
      e('ticket.work_started', '09:08', { contact: 'c-1', agent: 'a-1' }), // wrapup over: opens work
      e('ticket.work_stopped', '09:09', { contact: 'c-1', agent: 'a-1' }),
      e('chat.wrapup_done', '09:10', { contact: 'c-1', agent: 'a-1' }), // nothing open: a no-op
    ];
    expect(segments(events, '09:20', limit120)).toEqual(
      sorted(['a-1 handle 09:01:00-09:05:00', 'a-1 wrapup 09:05:00-09:07:00', 'a-1 work 09:08:00-09:09:00']),
    );
  });

  it('a segment of no length is still a segment (it lists its agent); a limit of 0 opens none', () => {
    const e = eventWriter();
    const events = [
      e('call.started', '09:00', { contact: 'c-1', direction: 'inbound' }),
      e('call.answered', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('call.agent_left', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('call.wrapup_done', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('call.ended', '09:02', { contact: 'c-1' }),
    ];
    expect(segments(events, '09:20', limit120)).toEqual(
      sorted(['a-1 talk 09:01:00-09:01:00', 'a-1 wrapup 09:01:00-09:01:00']),
    );
    expect(segments(events, '09:20', { version: { wrapupLimitSeconds: 0 } })).toEqual(['a-1 talk 09:01:00-09:01:00']);
  });

  it('a limit of 0 means no wrapup at all', () => {
    const e = eventWriter();
    const events = [
      e('call.started', '09:00', { contact: 'c-1', direction: 'inbound' }),
      e('call.answered', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('call.ended', '09:05', { contact: 'c-1' }),
      e('call.wrapup_done', '09:10', { contact: 'c-1', agent: 'a-1' }),
    ];
    const t = timeline(events, '09:20', { version: { wrapupLimitSeconds: 0 } });
    expect(t.segments.map((s) => `${s.kind} ${hms(s.start)}-${hms(s.end)}`)).toEqual(['talk 09:01:00-09:05:00']);
    expect(t.open).toBe(false);
  });

  it('a wrapup cut by the as-of alone does not make the contact open', () => {
    const e = eventWriter();
    const events = [
      e('call.started', '09:00', { contact: 'c-1', direction: 'inbound' }),
      e('call.answered', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('call.ended', '09:05', { contact: 'c-1' }),
    ];
    const t = timeline(events, '09:06');
    expect(t.segments.map((s) => `${s.kind} ${hms(s.start)}-${hms(s.end)}`).sort()).toEqual(
      sorted(['talk 09:01:00-09:05:00', 'wrapup 09:05:00-09:06:00']),
    );
    expect(t.open).toBe(false);
  });
});

describe('open contacts', () => {
  it('a talk, hold, handle or work segment still running at the as-of runs to it and makes the contact open', () => {
    const e = eventWriter();
    const kinds: [RawEvent[], string][] = [
      [
        [e('chat.started', '09:00', { contact: 'c-1' }), e('chat.answered', '09:01', { contact: 'c-1', agent: 'a-1' })],
        'handle',
      ],
      [
        [
          e('ticket.created', '09:00', { contact: 'c-1' }),
          e('ticket.work_started', '09:01', { contact: 'c-1', agent: 'a-1' }),
        ],
        'work',
      ],
      [
        [
          e('call.answered', '08:59', { contact: 'c-1', agent: 'a-1' }),
          e('call.held', '09:01', { contact: 'c-1', agent: 'a-1' }),
        ],
        'hold',
      ],
    ];
    for (const [events, kind] of kinds) {
      const t = timeline(events, '09:11');
      expect(t.open).toBe(true);
      const last = t.segments.find((s) => s.kind === kind)!;
      expect(`${hms(last.start)}-${hms(last.end)}`).toBe('09:01:00-09:11:00');
    }
  });

  it('a call that started and has not ended is open, even with no agent', () => {
    const e = eventWriter();
    const t = timeline([e('call.started', '09:00', { contact: 'c-1', direction: 'inbound' })], '09:10');
    expect(t.open).toBe(true);
    expect(t.segments).toEqual([]);
  });

  it('events later than the as-of change nothing; events exactly at the as-of apply', () => {
    const e = eventWriter();
    const events = [
      e('chat.started', '09:00', { contact: 'c-1' }),
      e('chat.answered', '09:01', { contact: 'c-1', agent: 'a-1' }),
      e('chat.ended', '09:05', { contact: 'c-1' }),
      e('chat.wrapup_done', '09:06', { contact: 'c-1', agent: 'a-1' }),
    ];
    const atEnd = timeline(events, '09:05');
    expect(atEnd.open).toBe(false);
    // the wrapup the end opens at the as-of is a segment of no length (it lists its agent)
    expect(atEnd.segments.map((s) => `${s.kind} ${hms(s.start)}-${hms(s.end)}`)).toEqual([
      'handle 09:01:00-09:05:00',
      'wrapup 09:05:00-09:05:00',
    ]);
    const before = timeline(events, '09:04');
    expect(before.open).toBe(true);
    expect(before.segments.map((s) => `${s.kind} ${hms(s.start)}-${hms(s.end)}`)).toEqual(['handle 09:01:00-09:04:00']);
    expect(timeline(events, '08:59').exists).toBe(false);
  });
});
