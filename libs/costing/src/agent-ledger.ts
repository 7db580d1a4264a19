import { StoredEvent } from './event-order';
import { Segment } from './contact-timeline';
import { LocalCalendar } from './local-calendar';
import { Rational } from './rational';
import { RateVersion, TenantRateCard } from './rate-card';

/** Interns (version, rate class) pairs so slices accumulate integers per rate and multiply once at the end. */
export class RateTable {
  readonly labourPerSecond: Rational[] = [];
  readonly overheadPerSecond: Rational[] = [];
  private readonly index = new Map<RateVersion, Map<string, number>>();

  indexOf(version: RateVersion, rateClass: string): number {
    let byClass = this.index.get(version);
    if (!byClass) {
      byClass = new Map();
      this.index.set(version, byClass);
    }
    let i = byClass.get(rateClass);
    if (i === undefined) {
      const labour = version.labourPerHour.get(rateClass) ?? version.labourPerHour.get('default')!;
      i = this.labourPerSecond.length;
      this.labourPerSecond.push(labour.divInt(3600n));
      this.overheadPerSecond.push(version.overheadPerAgentHour.divInt(3600n));
      byClass.set(rateClass, i);
    }
    return i;
  }

  loadedPerSecond(i: number): Rational {
    return this.labourPerSecond[i].add(this.overheadPerSecond[i]);
  }
}

/**
 * A contact's share of one agent: attoseconds × weight, keyed by `shareKey(Σweights, rateIndex)`.
 * Exact seconds = value / (Σweights × 1e18).
 */
export type ContactShare = Map<string, bigint>;

// A string key: scaled weight sums can exceed what a float key holds exactly.
export function shareKey(weightSum: bigint, rateIndex: number): string {
  return `${weightSum}|${rateIndex}`;
}
/** Parsed keys: a day has few distinct (weight sum, rate) pairs, and every contact priced reads its keys. */
const splitKeys = new Map<string, { weightSum: bigint; rateIndex: number }>();
const SPLIT_KEYS_KEPT = 4096;

export function splitShareKey(key: string): { weightSum: bigint; rateIndex: number } {
  let split = splitKeys.get(key);
  if (split === undefined) {
    const bar = key.indexOf('|');
    split = { weightSum: BigInt(key.slice(0, bar)), rateIndex: Number(key.slice(bar + 1)) };
    if (splitKeys.size >= SPLIT_KEYS_KEPT) splitKeys.clear();
    splitKeys.set(key, split);
  }
  return split;
}

/** attoseconds per rate index */
export type RatedAttos = Map<number, bigint>;

export interface AgentDayLedger {
  contact: RatedAttos;
  idle: RatedAttos;
  shrinkage: Map<string, RatedAttos>;
}

export interface AgentLedger {
  shares: Map<string, ContactShare>;
  days: Map<string, AgentDayLedger>;
}

export type AgentSegment = Segment;

function addTo<K>(map: Map<K, bigint>, key: K, value: bigint): void {
  map.set(key, (map.get(key) ?? 0n) + value);
}

function compareBigint(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Slices one agent's timeline at every segment boundary, state change, rate-version boundary and local midnight,
 * up to `asOf`, and attributes each slice (cost-model.md "Labour"). `states` are in time order, as the engine keeps
 * them.
 */
export function sweepAgentLedger(
  agent: string,
  states: readonly StoredEvent[],
  segments: AgentSegment[],
  asOf: bigint,
  card: TenantRateCard,
  calendar: LocalCalendar,
  rates: RateTable,
  /** Slices before this instant are already accounted for (a settled prefix); null: from the first event. */
  from: bigint | null = null,
): AgentLedger {
  const ledger: AgentLedger = { shares: new Map(), days: new Map() };
  // States are in time order: those up to the as-of are a prefix (counted, not copied).
  let stateCount = 0;
  while (stateCount < states.length && states[stateCount].at <= asOf) stateCount++;
  if (stateCount === 0 && segments.length === 0) return ledger;

  const cuts: bigint[] = [];
  let begin = asOf;
  if (stateCount > 0) begin = states[0].at;
  for (const s of segments) {
    cuts.push(s.start, s.end);
    if (s.start < begin) begin = s.start;
  }
  if (from !== null) begin = from;
  for (let i = 0; i < stateCount; i++) cuts.push(states[i].at);
  for (const v of card.versionBoundaries()) if (v > begin && v < asOf) cuts.push(v);
  for (let m = calendar.nextMidnight(begin); m < asOf; m = calendar.nextMidnight(m)) cuts.push(m);
  cuts.push(asOf, begin);
  cuts.sort(compareBigint);

  const bySegmentStart = [...segments].sort((a, b) => compareBigint(a.start, b.start));
  const active: AgentSegment[] = [];
  let nextSegment = 0;
  let nextState = 0;
  let state: string | null = null;
  let stateClass: string | null = null;
  // null until the first slice: any instant, before 1970 too, starts a day.
  let dayEnd: bigint | null = null;
  let day: AgentDayLedger | null = null;
  let keyWeightSum = -1n;
  let keyRateIndex = -1;
  let key = '';

  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i];
    const b = cuts[i + 1];
    if (a >= asOf) break;
    if (b <= a || a < begin) continue;
    while (nextState < stateCount && states[nextState].at <= a) {
      const s = states[nextState++];
      state = s.state!;
      if (s.rateClass !== undefined) stateClass = s.rateClass;
    }
    while (nextSegment < bySegmentStart.length && bySegmentStart[nextSegment].start <= a)
      active.push(bySegmentStart[nextSegment++]);
    // Ended segments dropped in place (splice would allocate an array of them).
    let kept = 0;
    for (let j = 0; j < active.length; j++) if (active[j].end > a) active[kept++] = active[j];
    active.length = kept;

    const working = active.length > 0;
    if (!working && (state === null || state === 'offline')) continue;

    if (dayEnd === null || a >= dayEnd) {
      const name = calendar.dayOf(a);
      dayEnd = calendar.nextMidnight(a);
      day = ledger.days.get(name) ?? null;
      if (!day) {
        day = { contact: new Map(), idle: new Map(), shrinkage: new Map() };
        ledger.days.set(name, day);
      }
    }
    const version = card.versionAt(a);
    const rateClass = stateClass ?? version.agents.get(agent) ?? 'default';
    const rateIndex = rates.indexOf(version, rateClass);
    const length = b - a;

    if (working) {
      let weightSum = 0n;
      for (const s of active) weightSum += version.scaledWeights[s.channel];
      if (weightSum !== keyWeightSum || rateIndex !== keyRateIndex) {
        keyWeightSum = weightSum;
        keyRateIndex = rateIndex;
        key = shareKey(weightSum, rateIndex);
      }
      for (const s of active) {
        let share = ledger.shares.get(s.contact);
        if (!share) {
          share = new Map();
          ledger.shares.set(s.contact, share);
        }
        addTo(share, key, length * version.scaledWeights[s.channel]);
      }
      addTo(day!.contact, rateIndex, length);
    } else if (state === 'available') {
      addTo(day!.idle, rateIndex, length);
    } else {
      let shrink = day!.shrinkage.get(state!);
      if (!shrink) {
        shrink = new Map();
        day!.shrinkage.set(state!, shrink);
      }
      addTo(shrink, rateIndex, length);
    }
  }
  return ledger;
}
