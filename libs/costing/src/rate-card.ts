// Placeholder: parseRateCards(json) -> RateCardSet; being written in the costing work.
export class RateCardError extends Error {}
export interface RateCardSet {
  hasTenant(tenant: string): boolean;
  currency(tenant: string): string;
  timezone(tenant: string): string;
}
export function parseRateCards(_json: unknown): RateCardSet {
  throw new Error('parseRateCards: in progress');
}
