import type { CallRecord } from './records';

/** Twilio's REST API formats dates as RFC 2822 with a numeric zone. */
export function rfc2822(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}

function optionalDate(ms: number | undefined): string | null {
  return ms === undefined ? null : rfc2822(ms);
}

export function callsPath(accountSid: string): string {
  return `/2010-04-01/Accounts/${accountSid}/Calls`;
}

/** The Call resource JSON. The simulator dials at once, so start_time is the create time. */
export function callResource(call: CallRecord): Record<string, unknown> {
  const path = `${callsPath(call.accountSid)}/${call.sid}`;
  const sub = (name: string): string => `${path}/${name}.json`;
  return {
    sid: call.sid,
    account_sid: call.accountSid,
    parent_call_sid: null,
    date_created: rfc2822(call.createdAt),
    date_updated: rfc2822(call.endedAt ?? call.answeredAt ?? call.createdAt),
    to: call.to,
    to_formatted: call.to,
    from: call.from,
    from_formatted: call.from,
    phone_number_sid: null,
    status: call.status,
    start_time: rfc2822(call.createdAt),
    end_time: optionalDate(call.endedAt),
    duration: call.durationSecs === undefined ? null : String(call.durationSecs),
    price: null,
    price_unit: 'USD',
    direction: 'outbound-api',
    answered_by: call.answeredBy ?? null,
    api_version: '2010-04-01',
    forwarded_from: null,
    group_sid: null,
    caller_name: null,
    queue_time: '0',
    trunk_sid: null,
    annotation: null,
    uri: `${path}.json`,
    subresource_uris: {
      notifications: sub('Notifications'),
      recordings: sub('Recordings'),
      events: sub('Events'),
      streams: sub('Streams'),
      transcriptions: sub('Transcriptions'),
    },
  };
}

/** A list page in Twilio's format; filters are kept in the page URIs, as Twilio does, so nextPage() works. */
export function callsPage(
  accountSid: string,
  matching: CallRecord[],
  filters: URLSearchParams,
  page: number,
  pageSize: number,
): Record<string, unknown> {
  const pageUri = (n: number): string => {
    const params = new URLSearchParams(filters);
    params.set('PageSize', String(pageSize));
    params.set('Page', String(n));
    return `${callsPath(accountSid)}.json?${params.toString()}`;
  };
  const start = page * pageSize;
  const calls = matching.slice(start, start + pageSize);
  return {
    calls: calls.map(callResource),
    page,
    page_size: pageSize,
    start,
    end: start + Math.max(calls.length - 1, 0),
    uri: pageUri(page),
    first_page_uri: pageUri(0),
    next_page_uri: start + pageSize < matching.length ? pageUri(page + 1) : null,
    previous_page_uri: page > 0 ? pageUri(page - 1) : null,
  };
}

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export function twilioError(status: number, code: number, message: string): TwilioErrorBody {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

const STATUS_ERRORS: Record<number, [number, string]> = {
  400: [20001, 'Bad Request'],
  401: [20003, 'Authenticate'],
  404: [20404, 'The requested resource was not found'],
  429: [20429, 'Too Many Requests'],
  500: [20500, 'Internal Server Error'],
  503: [20503, 'Service Unavailable'],
};

/** The generic body Twilio returns for an HTTP status (used for injected failures). */
export function twilioErrorForStatus(status: number): TwilioErrorBody {
  const [code, message] = STATUS_ERRORS[status] ?? [20000 + status, `HTTP ${status}`];
  return twilioError(status, code, message);
}
