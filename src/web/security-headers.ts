import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Every answer: nosniff, no framing, no referrer, and a policy that lets a JSON or TwiML answer load nothing.
 * `no-store`: answers carry names, numbers and transcripts, which no cache on the way may keep.
 */
const helmetDefaults = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
    },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
});

export const securityHeaders: RequestHandler = (req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  helmetDefaults(req, res, next);
};

/**
 * Pages under /admin (Bull Board, the dashboard): scripts and styles from us only; Bull Board also writes inline
 * style attributes and loads its fonts from Google Fonts. Still never framed.
 */
export const adminPageHeaders = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'", 'https://fonts.googleapis.com'],
    fontSrc: ["'self'", 'https://fonts.gstatic.com', 'data:'],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
  },
});
