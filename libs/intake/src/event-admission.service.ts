import { Injectable } from '@nestjs/common';
import { RateCardSettings } from '@contact-cost/config';
import { ContactCentreEvent, parseEvent, Rejection } from '@contact-cost/contracts';
import { CostEngine } from '@contact-cost/costing';

export type Admission = { ok: true; event: ContactCentreEvent } | { ok: false; rejection: Rejection };

/**
 * Decides whether a message is an acceptable event: the contract's schema checks, then the rate-card checks
 * (tenant, usage resource) exactly as the cost engine makes them. Duplicates are the event store's business.
 */
@Injectable()
export class EventAdmission {
  // Used only for its check(): it reads the rate cards and holds no event.
  private readonly checker: CostEngine;

  constructor(rateCards: RateCardSettings) {
    this.checker = new CostEngine(rateCards.rateCards);
  }

  admit(value: Buffer | null): Admission {
    if (value === null || value.length === 0) {
      return { ok: false, rejection: { reason: 'invalid_json', detail: 'not JSON: the message has no value' } };
    }
    const parsed = parseEvent(value);
    if (!parsed.ok) return parsed;
    const rejection = this.checker.check(parsed.event);
    return rejection ? { ok: false, rejection } : parsed;
  }
}
