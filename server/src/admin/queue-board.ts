/**
 * The job queues as BullMQ's own admin view shows them (bull-board), at /api/admin/queues/, for a
 * signed-in admin only, read only: what is waiting, running, delayed or failed and why, without a
 * button that could retry, remove or empty anything behind the schedules' back. Jobs carry ward ids,
 * weeks and run ids, never patient data.
 *
 * It is an Express router outside Nest's routing, so the AccessGuard does not see it: this checks the
 * same caller the security middleware resolved, with the same rule (`queues.view`, people only).
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { grantsAllow, QUEUES } from '@wardflow/shared';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { callerOf } from '../core/identity.js';

export const QUEUE_BOARD_PATH = '/api/admin/queues';

export function mountQueueBoard(app: NestExpressApplication): void {
  const board = new ExpressAdapter();
  board.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: Object.values(QUEUES).map(
      (name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name), { strict: false }), { readOnlyMode: true }),
    ),
    serverAdapter: board,
    // Redis's own details (version, host, memory, clients) are not for the page.
    options: { uiConfig: { boardTitle: 'Wardflow jobs', hideRedisDetails: true } },
  });
  app.use(
    QUEUE_BOARD_PATH,
    onlyAdmins,
    withItsPolicy,
    board.getRouter() as (req: Request, res: Response, next: NextFunction) => void,
  );
}

/**
 * bull-board's page needs two things Wardflow's own pages do not: its `<base href>` (deep links such as
 * /api/admin/queues/queue/ward-poll load its scripts relative to it) and inline styles. Scripts stay
 * 'self' only, and its web font (Google Fonts) stays blocked: an admin's browser calls nobody outside.
 */
const QUEUE_BOARD_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function withItsPolicy(req: Request, res: Response, next: NextFunction): void {
  // Read only at the door too, whatever bull-board's own routes allow (it has writes outside its
  // per-queue read-only check, such as purging its metrics history).
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.status(405).json({ statusCode: 405, message: 'The job queues are shown read only.' });
    return;
  }
  // The page's relative links need the trailing slash.
  if (req.originalUrl === QUEUE_BOARD_PATH) {
    res.redirect(302, `${QUEUE_BOARD_PATH}/`);
    return;
  }
  // Redis's own details (version, host, memory, clients) are not served, whatever the page asks.
  if (req.path.startsWith('/api/redis')) {
    res.status(404).json({ statusCode: 404, message: 'Not served.' });
    return;
  }
  res.setHeader('Content-Security-Policy', QUEUE_BOARD_POLICY);
  next();
}

const logger = new Logger('QueueBoard');

function onlyAdmins(req: Request, res: Response, next: NextFunction): void {
  const identity = callerOf(req).identity;
  // Outside Nest's routing, so outside its request log: refusals are logged here.
  if (identity === null || identity.kind !== 'user' || !grantsAllow(identity.grants, 'queues.view', 'trust'))
    logger.warn(
      `Job queues view refused to ${identity === null ? 'a caller without a credential' : `${identity.kind} ${identity.id}`}`,
    );
  if (identity === null) {
    res.status(401).json({ statusCode: 401, message: 'Sign in to see this.' });
    return;
  }
  if (identity.kind !== 'user' || !grantsAllow(identity.grants, 'queues.view', 'trust')) {
    res.status(403).json({ statusCode: 403, message: 'Only a signed-in admin may see the job queues.' });
    return;
  }
  next();
}
