import { ContactCentreEvent, EventType } from '@contact-cost/contracts';

/** Tie-break ranks of cost-model.md "Ordering" for events of one contact at the same time. */
const TYPE_RANK: Record<EventType, number> = {
  'call.started': 0,
  'chat.started': 0,
  'ticket.created': 0,
  'contact.classified': 1,
  'call.answered': 2,
  'chat.answered': 2,
  'ticket.work_started': 2,
  'call.held': 3,
  'call.resumed': 4,
  'call.agent_left': 5,
  'chat.agent_left': 5,
  'ticket.work_stopped': 5,
  'ticket.work_logged': 5,
  'call.ended': 6,
  'chat.ended': 6,
  'ticket.solved': 6,
  'ticket.reopened': 6,
  'call.wrapup_done': 7,
  'chat.wrapup_done': 7,
  'usage.recorded': 8,
  'case.compensated': 8,
  'agent.state': 8,
};

export function typeRank(type: EventType): number {
  return TYPE_RANK[type];
}

/** The fields of an accepted event that cost rules read. */
export type StoredEvent = Pick<ContactCentreEvent, 'id' | 'type' | 'at' | 'subAttoseconds'> &
  Partial<
    Pick<
      ContactCentreEvent,
      'agent' | 'direction' | 'queue' | 'reason' | 'case' | 'seconds' | 'resource' | 'quantity' | 'state' | 'rateClass'
    >
  >;

/**
 * The fields cost rules read, copied into one fixed shape. Parsed events come in as many shapes as there are field
 * combinations, which makes every read of them in deriving and slicing a megamorphic lookup; the copy also leaves
 * behind what the rules never read (`time`, `tenant`, `contact`…) rather than keeping it alive until settling.
 */
class CompactEvent {
  readonly id: string;
  readonly type: ContactCentreEvent['type'];
  readonly at: bigint;
  readonly subAttoseconds: string | undefined;
  readonly agent: string | undefined;
  readonly direction: ContactCentreEvent['direction'];
  readonly queue: string | undefined;
  readonly reason: string | undefined;
  readonly case: string | undefined;
  readonly seconds: number | undefined;
  readonly resource: string | undefined;
  readonly quantity: string | undefined;
  readonly state: string | undefined;
  readonly rateClass: string | undefined;

  constructor(e: StoredEvent) {
    this.id = e.id;
    this.type = e.type;
    this.at = e.at;
    this.subAttoseconds = e.subAttoseconds;
    this.agent = e.agent;
    this.direction = e.direction;
    this.queue = e.queue;
    this.reason = e.reason;
    this.case = e.case;
    this.seconds = e.seconds;
    this.resource = e.resource;
    this.quantity = e.quantity;
    this.state = e.state;
    this.rateClass = e.rateClass;
  }
}

export function compactEvent(e: StoredEvent): StoredEvent {
  return new CompactEvent(e);
}

/** Order of two times equal to the attosecond, by their digits below it: 0 only for equal times. */
function compareSubAttoseconds(a: StoredEvent, b: StoredEvent): number {
  const x = a.subAttoseconds;
  const y = b.subAttoseconds;
  if (x === y) return 0;
  // Digit strings without trailing zeros compare as text as their fractions do ('' for none).
  return (x ?? '') < (y ?? '') ? -1 : 1;
}

/** Event-time order within a contact: time (below the attosecond too), then type rank, then id. */
export function compareContactEvents(a: StoredEvent, b: StoredEvent): number {
  // The attoseconds first, in line: this runs for every event an engine keeps.
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  const t = compareSubAttoseconds(a, b);
  if (t !== 0) return t;
  const r = TYPE_RANK[a.type] - TYPE_RANK[b.type];
  if (r !== 0) return r;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** An agent's states: time, then id. */
export function compareAgentEvents(a: StoredEvent, b: StoredEvent): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  const t = compareSubAttoseconds(a, b);
  if (t !== 0) return t;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Inserts into an array kept sorted; appending (the common, in-order case) costs O(1). */
export function insertSorted<T>(list: T[], item: T, compare: (a: T, b: T) => number): void {
  let i = list.length;
  if (i === 0 || compare(list[i - 1], item) <= 0) {
    list.push(item);
    return;
  }
  let lo = 0;
  let hi = i;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compare(list[mid], item) <= 0) lo = mid + 1;
    else hi = mid;
  }
  i = lo;
  list.splice(i, 0, item);
}
