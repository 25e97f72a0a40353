import express, { type Express } from 'express';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';

function board(queues: Queue[], basePath: string, readOnlyMode: boolean): Express {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(basePath);
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode })),
    serverAdapter: adapter,
  });
  return adapter.getRouter() as Express;
}

/**
 * Bull Board for the role of whoever logged in (`res.locals.role`): admins get the full board, viewers a
 * read-only one (Bull Board answers 405 to every action on a read-only queue); a viewer's non-GET request is
 * refused here as well, before Bull Board sees it.
 */
export function queueBoards(queues: Queue[], basePath: string): Express {
  const full = board(queues, basePath, false);
  const readOnly = board(queues, basePath, true);
  const app = express();
  app.use((req, res, next) => {
    if (res.locals.role === 'admin') return full(req, res, next);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.status(403).json({ error: { code: 'FORBIDDEN', message: 'Viewers cannot change queues' } });
      return;
    }
    return readOnly(req, res, next);
  });
  return app;
}
