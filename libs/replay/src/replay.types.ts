import { RejectionReason } from '@contact-cost/contracts';

export interface ReplayStats {
  events: number;
  accepted: number;
  duplicates: number;
  rejected: number;
}

export interface RejectedLine {
  line: number;
  id?: string;
  tenant?: string;
  reason: RejectionReason;
  detail: string;
}
