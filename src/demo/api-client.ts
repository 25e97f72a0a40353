interface LeadView {
  id: string;
  phone: string;
  status: string;
  blockedReasons: string[];
  lastOutcome: string | null;
  attempts: number;
}

/** A small typed client of our own REST API, used by the demo and the end-to-end test. */
export function apiClient(baseUrl: string, apiKey: string, adminKey: string) {
  async function call<T>(
    method: string,
    path: string,
    opts: { body?: unknown; text?: string; type?: string; admin?: boolean } = {},
  ): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { authorization: `Bearer ${opts.admin ? adminKey : apiKey}` };
    let payload: string | undefined;
    if (opts.text !== undefined) {
      headers['content-type'] = opts.type ?? 'text/plain';
      payload = opts.text;
    } else if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(opts.body);
    }
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body: payload });
    const raw = await res.text();
    const parsed = raw && res.headers.get('content-type')?.includes('json') ? JSON.parse(raw) : raw;
    return { status: res.status, body: parsed as T };
  }

  async function ok<T>(method: string, path: string, opts: Parameters<typeof call>[2] = {}): Promise<T> {
    const res = await call<T>(method, path, opts);
    if (res.status >= 400)
      throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  return {
    call,
    importRegistry: (numbers: string[], downloadedAt: Date) =>
      ok('POST', `/api/dnc/registry?downloadedAt=${encodeURIComponent(downloadedAt.toISOString())}`, {
        text: `${numbers.map((n) => n.replace(/^\+1/, '')).join('\n')}\n`,
        admin: true,
      }),
    addDnc: (phone: string, reason: string) => ok('POST', '/api/dnc', { body: { phone, reason } }),
    createCampaign: (body: unknown) => ok<{ id: string }>('POST', '/api/campaigns', { body }),
    uploadCsv: (campaignId: string, csv: string) =>
      call<{
        accepted: number;
        rejected: Array<{ row: number; errors: Array<{ field: string; reason: string }> }>;
      }>('POST', `/api/campaigns/${campaignId}/leads`, { text: csv, type: 'text/csv' }),
    control: (campaignId: string, action: 'start' | 'pause' | 'resume' | 'cancel') =>
      ok<{ status: string }>('POST', `/api/campaigns/${campaignId}/${action}`),
    campaign: (campaignId: string) =>
      ok<{
        status: string;
        progress: {
          total: number;
          byStatus: Record<string, number>;
          byOutcome: Record<string, number>;
          activeCalls: number;
          waitingForSlot: number;
        };
      }>('GET', `/api/campaigns/${campaignId}`),
    /** Every lead of the campaign, read a page (the largest allowed) at a time. */
    leads: async (campaignId: string) => {
      const leads: LeadView[] = [];
      let after: string | null = null;
      do {
        const query: string = after ? `&after=${after}` : '';
        const page: { leads: LeadView[]; nextCursor: string | null } = await ok(
          'GET',
          `/api/campaigns/${campaignId}/leads?limit=1000${query}`,
        );
        leads.push(...page.leads);
        after = page.nextCursor;
      } while (after);
      return { leads };
    },
    /** Waits until the last start's queueing (which runs after the start answered) has ended. */
    queueingDone: async (campaignId: string, everyMs = 20) => {
      for (;;) {
        const { queueing } = await ok<{ queueing?: { done: boolean; failed: string | null } | null }>(
          'GET',
          `/api/campaigns/${campaignId}`,
        );
        if (!queueing || queueing.done || queueing.failed) return queueing ?? null;
        await new Promise((resolve) => setTimeout(resolve, everyMs));
      }
    },
    callsOfLead: (leadId: string) =>
      ok<{
        calls: Array<{
          callId: string;
          status: string;
          twilio: { callSid: string | null };
          transcript: { segments: unknown[] } | null;
          outcome: { result: string | null; appointmentScheduled: boolean };
        }>;
      }>('GET', `/api/calls/lead/${leadId}`),
    events: (query: string) =>
      ok<{ events: Array<{ eventId: string; type: string; publishedAt: string | null }> }>(
        'GET',
        `/api/events?${query}`,
      ),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;
