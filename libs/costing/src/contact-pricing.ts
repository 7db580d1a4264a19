import { ContactShare, RateTable, splitShareKey } from './agent-ledger';
import { ContactTimeline } from './contact-timeline';
import { ContactFigures } from './figures';
import { ATTOS_PER_SECOND } from './local-calendar';
import { Rational } from './rational';

/** A contact's figures from what its events say, its shares of agent time and the compensation linked to it. */
export function priceContact(
  tenant: string,
  t: ContactTimeline,
  shares: ContactShare[],
  compensation: Rational,
  rates: RateTable,
): ContactFigures {
  const { agentSeconds, labour, overhead } = contactLabour(shares, rates);
  const total = labour.add(overhead).add(t.telephony).add(t.fees).add(t.usage).add(compensation);
  return {
    tenant,
    contact: t.contact,
    channel: t.channel,
    reason: t.reason,
    case: t.case,
    queue: t.queue,
    day: t.day,
    open: t.open,
    handleSeconds: Rational.of(t.handleAttos, ATTOS_PER_SECOND),
    agentSeconds,
    cost: { labour, overhead, telephony: t.telephony, fees: t.fees, usage: t.usage, compensation, total },
  };
}

function gcdInt(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * A contact's agent seconds, labour and overhead from its shares of every agent: summed in integers over a common
 * weight denominator first, so only a few exact divisions are needed per contact.
 */
function contactLabour(
  shares: ContactShare[],
  rates: RateTable,
): { agentSeconds: Rational; labour: Rational; overhead: Rational } {
  let common = 1n;
  for (const share of shares)
    for (const key of share.keys()) {
      const { weightSum } = splitShareKey(key);
      if (common % weightSum !== 0n) common = (common / gcdInt(common, weightSum)) * weightSum;
    }
  // Scaled attoseconds per rate index, in the order the rates are met: a contact meets one rate or a few.
  const rateIndexes: number[] = [];
  const scaledByRate: bigint[] = [];
  let attos = 0n;
  for (const share of shares)
    for (const key of share.keys()) {
      const weighted = share.get(key)!;
      const { weightSum, rateIndex } = splitShareKey(key);
      const scaled = weightSum === common ? weighted : weighted * (common / weightSum);
      attos += scaled;
      const i = rateIndexes.indexOf(rateIndex);
      if (i >= 0) scaledByRate[i] += scaled;
      else {
        rateIndexes.push(rateIndex);
        scaledByRate.push(scaled);
      }
    }
  const denominator = common * ATTOS_PER_SECOND;
  let labour = Rational.ZERO;
  let overhead = Rational.ZERO;
  for (let i = 0; i < rateIndexes.length; i++) {
    labour = labour.add(rates.labourPerSecond[rateIndexes[i]].mulInt(scaledByRate[i]));
    overhead = overhead.add(rates.overheadPerSecond[rateIndexes[i]].mulInt(scaledByRate[i]));
  }
  return {
    agentSeconds: Rational.of(attos, denominator),
    labour: labour.divInt(denominator),
    overhead: overhead.divInt(denominator),
  };
}
