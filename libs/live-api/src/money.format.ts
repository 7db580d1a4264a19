import { Rational } from '@contact-cost/costing';

const MICROS_PER_UNIT = 1_000_000n;

/** Integer micro-units as a 6-decimal string. */
export function formatMicros(micros: bigint | string): string {
  return Rational.of(BigInt(micros), MICROS_PER_UNIT).toFixed6();
}

/** Summed micro-units over a count, rounded half-to-even once; null for no contacts. */
export function formatPerContact(micros: bigint, contacts: number): string | null {
  if (contacts <= 0) return null;
  return Rational.of(micros, BigInt(contacts) * MICROS_PER_UNIT).toFixed6();
}
