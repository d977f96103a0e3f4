/**
 * Notes the route pattern a request matched (`/api/wards/:wardId/beds/:bedId/patient`) for its log
 * line, which must never hold the ids themselves. It is read from the handler's route declaration
 * (Nest does not leave Express's `req.route` on the request): the AccessGuard, which every route
 * passes first, calls this before deciding, so refused requests have their pattern too.
 */
import type { ExecutionContext } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';

export const ROUTE_PATTERN = Symbol('wardflow.routePattern');

export function recordRoutePattern(context: ExecutionContext): void {
  if (context.getType() !== 'http') return;
  const req = context.switchToHttp().getRequest<{ originalUrl?: string; [ROUTE_PATTERN]?: string }>();
  const parts = [
    // The global prefix (bootstrap.ts), which the sign-in redirects and /metrics are outside of.
    req.originalUrl?.startsWith('/api/') === true ? 'api' : '',
    pathOf(context.getClass()),
    pathOf(context.getHandler()),
  ];
  req[ROUTE_PATTERN] = `/${parts.join('/')}`.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
}

function pathOf(target: object): string {
  const path: unknown = Reflect.getMetadata(PATH_METADATA, target);
  if (Array.isArray(path)) return String(path[0] ?? '');
  return typeof path === 'string' ? path : '';
}
