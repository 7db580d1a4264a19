import { ContactCentreEvent, Rejection } from '@contact-cost/contracts';
import { ChangeSet, EngineSnapshot } from './figures';
import { RateCardSet } from './rate-card';

export type AdmitResult = { status: 'accepted' } | { status: 'duplicate' } | { status: 'rejected'; rejection: Rejection };

/**
 * The incremental costing engine (cost-model.md). Feed it schema-valid events in any order, in any batches;
 * ask it for figures as of a moment. The live stream, nightly reports and offline replay all use this class.
 */
export class CostEngine {
  constructor(readonly rates: RateCardSet) {}

  /** Tenant and resource checks of events.md (the ones that need rate cards); null when the event may be applied. */
  check(_event: ContactCentreEvent): Rejection | null {
    throw new Error('CostEngine.check: in progress');
  }

  /** check + first-wins duplicate detection by (tenant, id) + apply. */
  admit(_event: ContactCentreEvent): AdmitResult {
    throw new Error('CostEngine.admit: in progress');
  }

  /** Applies an event already checked and de-duplicated elsewhere (e.g. by a durable event store). */
  apply(_event: ContactCentreEvent): void {
    throw new Error('CostEngine.apply: in progress');
  }

  /** Latest `time` of any applied event (attoseconds), the default as-of. */
  latestEventTime(): bigint | null {
    throw new Error('CostEngine.latestEventTime: in progress');
  }

  snapshot(_asOf?: bigint): EngineSnapshot {
    throw new Error('CostEngine.snapshot: in progress');
  }

  /** Figures of every contact, agent-day and unlinked compensation changed since the previous call. */
  collectChanges(_asOf?: bigint): ChangeSet {
    throw new Error('CostEngine.collectChanges: in progress');
  }
}
