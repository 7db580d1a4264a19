// The simulated Kafka stream: the simulation's valid events in event-time order, some delayed (out of order), with
// re-sent duplicates and invalid messages mixed in. Memory stays flat: a bounded ring of recent messages for
// duplicates, and a delay queue holding at most ten simulated minutes of late messages.

import { EventTopicRole, RejectionReason } from '@contact-cost/contracts';
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
        if (r < n && (heap[r].release < heap[l].release || (heap[r].release === heap[l].release && heap[r].seq < heap[l].seq)))
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

function invalidMessage(
  template: ProducedMessage,
  reason: RejectionReason,
  serial: number,
  random: SeededRandom,
): ProducedMessage {
  const id = `${template.tenant}-x-${serial}`;
  let value: string;
  let key = template.key;
  if (reason === 'invalid_json') {
    // A truncated object never parses; nor does one written with single quotes.
    value = random.chance(0.25)
      ? template.value.replace(/"/g, "'")
      : template.value.slice(0, Math.max(1, Math.floor(template.value.length * random.between(0.2, 0.95))));
  } else {
    const event = JSON.parse(template.value) as Record<string, unknown>;
    event.id = id;
    const type = String(event.type);
    if (reason === 'schema') {
      let missing: string;
      if (random.chance(0.3)) missing = 'time';
      else if (type === 'case.compensated') missing = 'amount';
      else if (type === 'agent.state') missing = random.chance(0.5) ? 'state' : 'agent';
      else if (event.agent !== undefined && random.chance(0.5)) missing = 'agent';
      else missing = 'contact';
      delete event[missing];
      value = JSON.stringify(event);
    } else if (reason === 'unknown_type') {
      event.type = UNKNOWN_TYPES[type.slice(0, type.indexOf('.'))] ?? 'call.transferred';
      value = JSON.stringify(event);
    } else if (reason === 'unknown_tenant') {
      // A staging system publishing into production: well-formed, but no rate card knows it.
      event.tenant = `${template.tenant}-staging`;
      value = JSON.stringify(event);
    } else {
      const contact = typeof event.contact === 'string' ? event.contact : `${template.tenant}-n-x${serial}`;
      key = contact;
      value = JSON.stringify({
        id,
        type: 'usage.recorded',
        tenant: template.tenant,
        time: event.time,
        contact,
        resource: random.pick(UNPRICED_RESOURCES),
        quantity: random.intBetween(1, 5),
      });
    }
  }
  return new ProducedMessage(
    template.topicRole,
    key,
    value,
    'invalid',
    template.eventTime,
    template.atMs,
    -1,
    template.channel,
    0,
    template.tenant,
    reason,
  );
}

function duplicateOf(original: ProducedMessage, random: SeededRandom): ProducedMessage {
  let value = original.value;
  let atMs = original.atMs;
  let eventTime = original.eventTime;
  let flags = original.flags;
  if (random.chance(0.25)) {
    // Same id, different content: a later time. First one wins, so this must change nothing.
    const event = JSON.parse(value) as Record<string, unknown>;
    atMs += random.intBetween(1, 120) * 1000;
    eventTime = formatUtcMillis(atMs);
    event.time = eventTime;
    value = JSON.stringify(event);
    flags |= FLAG_CHANGED_DUPLICATE;
  }
  return new ProducedMessage(
    original.topicRole as EventTopicRole,
    original.key,
    value,
    'duplicate',
    eventTime,
    atMs,
    original.typeIndex,
    original.channel,
    flags,
    original.tenant,
    undefined,
  );
}

function* produce(options: SimulatorOptions, bind: (collector: SimulatorStatsCollector) => void): Generator<SimulatedMessage> {
  const simulation = new ContactCentreSimulation(options);
  const pending = simulation.out;
  const collector = new SimulatorStatsCollector(
    options.seed,
    simulation.tenants.map((t) => t.name),
    options.agents,
    () => ({ max: simulation.maxConcurrentChats, peaks: simulation.chatPeaks() }),
  );
  bind(collector);
  // Faults draw from their own stream, so the valid events of a seed are the same whatever the fault fractions.
  const noise = new SeededRandom(options.seed, 2);
  const delayed = new DelayQueue();
  const recent: ProducedMessage[] = [];
  let recentNext = 0;
  let head = 0;
  let lastWasDelayed = false;
  const { invalid, duplicates, outOfOrder } = options;
  const faults = invalid + duplicates;

  const nextValid = (): ProducedMessage | null => {
    for (;;) {
      if (head < simulation.outCount) {
        const candidate = pending[head];
        if (delayed.size > 0 && delayed.peekRelease() <= candidate.atMs) {
          lastWasDelayed = true;
          return delayed.pop();
        }
        head++;
        if (outOfOrder > 0 && noise.next() < outOfOrder) {
          delayed.push(candidate, candidate.atMs + noise.intBetween(MIN_DELAY_MS, MAX_DELAY_MS));
          continue;
        }
        lastWasDelayed = false;
        return candidate;
      }
      simulation.outCount = 0;
      head = 0;
      if (!simulation.step()) {
        if (delayed.size === 0) return null;
        lastWasDelayed = true;
        return delayed.pop();
      }
    }
  };

  const limit = options.events ?? Infinity;
  let emitted = 0;
  let invalidSerial = 0;
  let held: ProducedMessage | null = null;
  let heldWasDelayed = false;
  while (emitted < limit) {
    if (held === null) {
      held = nextValid();
      heldWasDelayed = lastWasDelayed;
      if (held === null) return;
    }
    let out: ProducedMessage;
    const u = faults > 0 ? noise.next() : 1;
    if (u < invalid) {
      out = invalidMessage(held, INVALID_REASONS[invalidSerial % INVALID_REASONS.length], ++invalidSerial, noise);
    } else if (u < faults && recent.length > 0) {
      out = duplicateOf(recent[noise.int(recent.length)], noise);
    } else {
      out = held;
      held = null;
      if (heldWasDelayed) collector.outOfOrder++;
      if (duplicates > 0) {
        if (recent.length < RECENT_RING) recent.push(out);
        else recent[recentNext] = out;
        recentNext = (recentNext + 1) % RECENT_RING;
      }
    }
    collector.record(out);
    emitted++;
    yield out;
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
    [Symbol.iterator]: () =>
      produce(options, (c) => {
        collector = c;
      }),
  };
}
