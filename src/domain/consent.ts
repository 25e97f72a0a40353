import type { ConsentMethod } from '../compliance/types';

export interface Consent {
  id: string;
  phone: string;
  leadId: string | null;
  method: ConsentMethod;
  capturedAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  sellerName: string;
  coversAutomatedCalls: boolean;
  source: { formUrl: string | null; ip: string | null };
  createdAt: Date;
}

export type NewConsent = Omit<Consent, 'id' | 'revokedAt' | 'createdAt'>;
