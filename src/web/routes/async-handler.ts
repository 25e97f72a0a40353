import type { NextFunction, Request, Response } from 'express';

/** Express 5 forwards rejected promises itself; this only keeps handler signatures short and typed. */
export type Handler = (req: Request, res: Response, next: NextFunction) => Promise<unknown>;
