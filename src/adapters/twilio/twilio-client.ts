import twilio, { type Twilio } from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';

/** Without apiBaseUrl, the plain client for the real Twilio API. */
export function createTwilioClient(opts: {
  accountSid: string;
  authToken: string;
  apiBaseUrl?: string;
}): Twilio {
  if (opts.apiBaseUrl === undefined) return twilio(opts.accountSid, opts.authToken);
  return twilio(opts.accountSid, opts.authToken, {
    httpClient: new RebasingRequestClient(new URL(opts.apiBaseUrl)),
  });
}

/** The twilio SDK has no base-URL option; its HTTP client is the one seam where every request passes. */
class RebasingRequestClient extends twilio.RequestClient {
  constructor(private readonly base: URL) {
    super();
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: this.rebase(opts.uri) });
  }

  /** Any *.twilio.com host (api, edge or regional) goes to the base, keeping the path and query. */
  private rebase(uri: string): string {
    const url = new URL(uri);
    if (url.hostname !== 'twilio.com' && !url.hostname.endsWith('.twilio.com')) return uri;
    const prefix = this.base.pathname.replace(/\/$/, '');
    return `${this.base.origin}${prefix}${url.pathname}${url.search}`;
  }
}
