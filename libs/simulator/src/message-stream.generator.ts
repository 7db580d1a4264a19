// The simulated Kafka stream: the simulation's valid events in event-time order, some delayed (out of order), with
// re-sent duplicates and invalid messages mixed in. Memory stays flat: a bounded ring of recent messages for
// duplicates, and a delay queue holding at most ten simulated minutes of late messages.

import { EVENT_TYPES, RejectionReason } from '@contact-cost/contracts';
import { ContactCentreSimulation } from './contact-centre.simulation';
import { formatUtcMillis } from './event-time.formatter';
import { SeededRandom } from './seeded-random';
import { ProducedMessage, SimulatedMessage } from './simulated-message';
import { FLAG_CHANGED_DUPLICATE, SimulatorStats, SimulatorStatsCollector } from './simulator-stats';
import { resolveSimulatorOptions, SimulatorOptions } from './simulator-options';
import { tenantProfile } from './tenant-catalogue';

export interface SimulatedMessageStream extends Iterable<SimulatedMessage> {
  readonly options: SimulatorOptions;
  /** Statistics of the messages yielded so far by the latest iteration. */
  readonly stats: SimulatorStats;
}

const INVALID_REASONS: readonly RejectionReason[] = [
  'invalid_json',
  'schema',
  'unknown_type',
  'unknown_tenant',
  'unknown_resource',
];
const UNKNOWN_TYPES: Record<string, string> = {
  call: 'call.transferred',
  chat: 'chat.typing',
  ticket: 'ticket.escalated',
  agent: 'agent.login',
  contact: 'contact.merged',
  usage: 'usage.estimated',
  case: 'case.closed',
};
const UNPRICED_RESOURCES = ['fax', 'video_minute', 'whatsapp_template', 'carrier_pigeon'];
const RECENT_RING = 512;
const MIN_DELAY_MS = 1000;
const MAX_DELAY_MS = 600_000;

/** Min-heap of late messages by release time (then arrival order). */
class DelayQueue {
  private readonly heap: { release: number; seq: number; message: ProducedMessage }[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  peekRelease(): number {
    return this.heap[0].release;
  }

  push(message: ProducedMessage, release: number): void {
    const heap = this.heap;
    const item = { release, seq: this.seq++, message };
    let i = heap.length;
    heap.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent].release <= release) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = item;
  }

  pop(): ProducedMessage {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      const n = heap.length;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let c = l;
        if (
          r < n &&
          (heap[r].release < heap[l].release || (heap[r].release === heap[l].release && heap[r].seq < heap[l].seq))
        )
          c = r;
        if (last.release < heap[c].release || (last.release === heap[c].release && last.seq < heap[c].seq)) break;
        heap[i] = heap[c];
        i = c;
      }
      heap[i] = last;
    }
    return top.message;
  }
}

/** The text of a string field of one of our own events (no escapes in them), or null. */
function fieldText(json: string, field: string): string | null {
  const marker = `"${field}":"`;
  const start = json.indexOf(marker);
  if (start < 0) return null;
  const from = start + marker.length;
  return json.slice(from, json.indexOf('"', from));
}

/** One of our own events without `field` (string or number valued; never the first field). */
function withoutField(json: string, field: string): string {
  const marker = `,"${field}":`;
  const start = json.indexOf(marker);
  if (start < 0) return json;
  let end = start + marker.length;
  if (json.charCodeAt(end) === 34 /* " */) end = json.indexOf('"', end + 1) + 1;
  else while (end < json.length && json[end] !== ',' && json[end] !== '}') end++;
  return json.slice(0, start) + json.slice(end);
}

/**
 * A corrupted variant of a valid message, built by string surgery on our own compact JSON (fast enough to keep the
 * stream's pace even when a large fraction is invalid).
 */
function invalidMessage(
  template: ProducedMessage,
  reason: RejectionReason,
  serial: number,
  random: SeededRandom,
): ProducedMessage {
  const tenant = template.tenant;
  const original = template.value;
  const type = EVENT_TYPES[template.typeIndex];
  // Same event under an id of its own: a rejected event claims no id, but distinct ids keep the story readable.
  const renamed = `{"id":"${tenant}-x-${serial}` + original.slice(original.indexOf('","type":"'));
  let value: string;
  let key = template.key;
  switch (reason) {
    case 'invalid_json':
      // A truncated object never parses; nor does one written with single quotes.
      value = random.chance(0.25)
        ? original.replace(/"/g, "'")
        : original.slice(0, Math.max(1, Math.floor(original.length * random.between(0.2, 0.95))));
      break;
    case 'schema': {
      let missing: string;
      if (random.chance(0.3)) missing = 'time';
      else if (type === 'case.compensated') missing = 'amount';
      else if (type === 'agent.state') missing = random.chance(0.5) ? 'state' : 'agent';
      else if (original.includes(',"agent":"') && random.chance(0.5)) missing = 'agent';
      else missing = 'contact';
      value = withoutField(renamed, missing);
      break;
    }
    case 'unknown_type':
      value = renamed.replace(
        `","type":"${type}"`,
        `","type":"${UNKNOWN_TYPES[type.slice(0, type.indexOf('.'))] ?? 'call.transferred'}"`,
      );
      break;
    case 'unknown_tenant':
      // A staging system publishing into production: well-formed, but no rate card knows it.
      value = renamed.replace(`","tenant":"${tenant}"`, `","tenant":"${tenant}-staging"`);
      break;
    default: {
      const contact = fieldText(original, 'contact') ?? `${tenant}-n-x${serial}`;
      key = contact;
      value =
        `{"id":"${tenant}-x-${serial}","type":"usage.recorded","tenant":"${tenant}","time":"${fieldText(original, 'time')}"` +
        `,"contact":"${contact}","resource":"${random.pick(UNPRICED_RESOURCES)}","quantity":${random.intBetween(1, 5)}}`;
    }
  }
  return new ProducedMessage(
    template.topicRole,
    key,
    value,
    'invalid',
    null,
    template.atMs,
    -1,
    template.channel,
    0,
    tenant,
    reason,
  );
}

function duplicateOf(original: ProducedMessage, random: SeededRandom): ProducedMessage {
  let value = original.value;
  let atMs = original.atMs;
  let flags = original.flags;
  if (random.chance(0.25)) {
    // Same id, different content: a later time. First one wins, so this must change nothing.
    atMs += random.intBetween(1, 120) * 1000;
    value = value.replace(`"time":"${fieldText(value, 'time')}"`, `"time":"${formatUtcMillis(atMs)}"`);
    flags |= FLAG_CHANGED_DUPLICATE;
  }
  return new ProducedMessage(
    original.topicRole,
    original.key,
    value,
    'duplicate',
    null,
    atMs,
    original.typeIndex,
    original.channel,
    flags,
    original.tenant,
    undefined,
  );
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** One run of the stream: pulls events from the simulation step by step and mixes in the faults. */
class MessageIterator implements IterableIterator<SimulatedMessage> {
  readonly collector: SimulatorStatsCollector;
  private readonly simulation: ContactCentreSimulation;
  // Faults draw from their own stream, so the valid events of a seed are the same whatever the fault fractions.
  private readonly noise: SeededRandom;
  private readonly delayed = new DelayQueue();
  private readonly recent: ProducedMessage[] = [];
  private recentNext = 0;
  private head = 0;
  private lastWasDelayed = false;
  private held: ProducedMessage | null = null;
  private heldWasDelayed = false;
  private emitted = 0;
  private invalidSerial = 0;
  private readonly limit: number;
  private readonly invalid: number;
  private readonly faults: number;
  private readonly outOfOrder: number;

  constructor(options: SimulatorOptions) {
    this.simulation = new ContactCentreSimulation(options);
    const simulation = this.simulation;
    this.collector = new SimulatorStatsCollector(
      options.seed,
      simulation.tenants.map((t) => t.name),
      options.agents,
      () => ({ max: simulation.maxConcurrentChats, peaks: simulation.chatPeaks() }),
    );
    this.noise = new SeededRandom(options.seed, 2);
    this.limit = options.events ?? Infinity;
    this.invalid = options.invalid;
    this.faults = options.invalid + options.duplicates;
    this.outOfOrder = options.outOfOrder;
  }

  [Symbol.iterator](): IterableIterator<SimulatedMessage> {
    return this;
  }

  next(): IteratorResult<SimulatedMessage> {
    if (this.emitted >= this.limit) return DONE;
    let held = this.held;
    if (held === null) {
      held = this.nextValid();
      if (held === null) return DONE;
      this.held = held;
      this.heldWasDelayed = this.lastWasDelayed;
    }
    let out: ProducedMessage;
    const u = this.faults > 0 ? this.noise.next() : 1;
    if (u < this.invalid) {
      const reason = INVALID_REASONS[this.invalidSerial % INVALID_REASONS.length];
      out = invalidMessage(held, reason, ++this.invalidSerial, this.noise);
    } else if (u < this.faults && this.recent.length > 0) {
      out = duplicateOf(this.recent[this.noise.int(this.recent.length)], this.noise);
    } else {
      out = held;
      this.held = null;
      if (this.heldWasDelayed) this.collector.outOfOrder++;
      if (this.faults > this.invalid) this.remember(out);
    }
    this.collector.record(out);
    this.emitted++;
    return { done: false, value: out };
  }

  private remember(message: ProducedMessage): void {
    if (this.recent.length < RECENT_RING) this.recent.push(message);
    else this.recent[this.recentNext] = message;
    this.recentNext = (this.recentNext + 1) % RECENT_RING;
  }

  /** The next valid message: the simulation's next event, or a late one whose time to arrive has come. */
  private nextValid(): ProducedMessage | null {
    const simulation = this.simulation;
    const delayed = this.delayed;
    for (;;) {
      if (this.head < simulation.outCount) {
        const candidate = simulation.out[this.head];
        if (delayed.size > 0 && delayed.peekRelease() <= candidate.atMs) {
          this.lastWasDelayed = true;
          return delayed.pop();
        }
        this.head++;
        if (this.outOfOrder > 0 && this.noise.next() < this.outOfOrder) {
          delayed.push(candidate, candidate.atMs + this.noise.intBetween(MIN_DELAY_MS, MAX_DELAY_MS));
          continue;
        }
        this.lastWasDelayed = false;
        return candidate;
      }
      simulation.outCount = 0;
      this.head = 0;
      if (!simulation.step()) {
        if (delayed.size === 0) return null;
        this.lastWasDelayed = true;
        return delayed.pop();
      }
    }
  }
}

/**
 * The simulated stream for `options` (defaults for what is missing). Iterating it runs the simulation lazily;
 * each iteration starts over and yields the same messages. `stats` follows the latest iteration.
 */
export function generateMessages(partial: Partial<SimulatorOptions> = {}): SimulatedMessageStream {
  const options = resolveSimulatorOptions(partial);
  let collector: SimulatorStatsCollector | null = null;
  const tenants = Array.from({ length: options.tenants }, (_, i) => tenantProfile(i).name);
  const empty = new SimulatorStatsCollector(options.seed, tenants, options.agents, () => ({ max: 0, peaks: {} }));
  return {
    options,
    get stats(): SimulatorStats {
      return (collector ?? empty).snapshot();
    },
    [Symbol.iterator]: () => {
      const iterator = new MessageIterator(options);
      collector = iterator.collector;
      return iterator;
    },
  };
}
