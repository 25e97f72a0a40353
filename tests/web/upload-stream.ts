import http from 'node:http';

export interface StreamedAnswer {
  status: number;
  text: string;
  /** Bytes of the body written before the answer came (the server stops reading at a limit). */
  written: number;
}

/**
 * POSTs a CSV body from `chunks` with back-pressure (chunked unless `contentLength` is given), and stops writing
 * as soon as the answer arrives: a server that answers at a limit never gets the rest.
 */
export function streamCsv(
  api: { base: string; apiKey: string },
  campaignId: string,
  chunks: Iterable<string>,
  opts: { contentLength?: number } = {},
): Promise<StreamedAnswer> {
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const headers: Record<string, string | number> = {
      authorization: `Bearer ${api.apiKey}`,
      'content-type': 'text/csv',
    };
    if (opts.contentLength !== undefined) headers['content-length'] = opts.contentLength;
    const req = http.request(
      `${api.base}/api/campaigns/${campaignId}/leads`,
      { method: 'POST', headers },
      (res) => {
        answered = true;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          resolve({ status: res.statusCode!, text, written });
          req.destroy();
        });
      },
    );
    // The server closing the connection while we still write is expected at a limit.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    const source = chunks[Symbol.iterator]();
    const pump = () => {
      for (;;) {
        if (answered || req.destroyed) return;
        const next = source.next();
        if (next.done) {
          req.end();
          return;
        }
        written += Buffer.byteLength(next.value);
        if (!req.write(next.value)) {
          req.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}
