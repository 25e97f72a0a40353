/** What a conversation taught about the lead's sale; null where the call did not say. */
export interface Qualification {
  timeline: string | null;
  askingPrice: number | null;
  condition: string | null;
  motivation: string | null;
  appointmentAt: Date | null;
  callbackAt: Date | null;
  summary: string | null;
}

export const EMPTY_QUALIFICATION: Qualification = {
  timeline: null,
  askingPrice: null,
  condition: null,
  motivation: null,
  appointmentAt: null,
  callbackAt: null,
  summary: null,
};

/**
 * What happens to the lead after a conversation. `at` is when the next attempt or the appointment is due;
 * `requestedAt` the time the lead asked for, and `movedReason` why the two differ (outside lawful hours).
 */
export interface NextStep {
  action: 'callback' | 'appointment' | 'stop' | 'dnc' | 'retry' | 'follow_up';
  at: Date | null;
  requestedAt: Date | null;
  movedReason: string | null;
}
