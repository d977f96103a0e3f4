/**
 * The one way the client calls the API: same-origin JSON carrying the HttpOnly cookie (the page never
 * sees it), failures turned into words a person can act on. A 401 or 403 becomes an `ApiError` with
 * the server's reason, so pages say "signed out after 30 minutes without use" rather than a status
 * code, and every 401 is also told to the session (see SessionContext) so the whole page changes at
 * once, not one panel at a time.
 */
import { isAccessEndReason, type AccessEndReason } from './access-words';

/** Marks a request the page made by itself on a timer: the server does not count it as use (idle timeout). */
export const BACKGROUND_HEADER = 'x-wardflow-background';

export type ApiErrorKind = 'unauthorised' | 'forbidden' | 'failed' | 'unreachable';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly kind: ApiErrorKind,
    /** HTTP status, or null when no answer came at all. */
    readonly status: number | null,
    /** Why a credential stopped working (401 only). */
    readonly reason: AccessEndReason | null = null,
    /** The answer's JSON, for a refusal that carries data (a 409 naming what is in the way); null when none. */
    readonly body: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  body?: unknown;
  /** A reload the page made by itself (a timer), not something a person did. */
  background?: boolean;
  signal?: AbortSignal;
}

type UnauthorisedListener = (reason: AccessEndReason) => void;
const unauthorisedListeners = new Set<UnauthorisedListener>();

/** Called with the reason of every 401 any request receives; returns the unsubscribe. */
export function onUnauthorised(listener: UnauthorisedListener): () => void {
  unauthorisedListeners.add(listener);
  return () => unauthorisedListeners.delete(listener);
}

export async function apiFetch<T>(url: string, options: ApiOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.background === true) headers[BACKGROUND_HEADER] = '1';
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? 'GET',
      credentials: 'same-origin',
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (error) {
    if (options.signal?.aborted === true) throw error;
    throw new ApiError(
      'Wardflow could not be reached: check the network connection. It will be tried again.',
      'unreachable',
      null,
    );
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body as T;
  const error = errorFromAnswer(response.status, body);
  if (error.kind === 'unauthorised' && error.reason !== null)
    for (const listener of unauthorisedListeners) listener(error.reason);
  throw error;
}

/** The error for a refused or failed answer, in words (never a bare status for 401 and 403). */
export function errorFromAnswer(status: number, body: unknown): ApiError {
  const message = messageOf(body);
  if (status === 401) {
    const raw = (body as { reason?: unknown } | null)?.reason;
    const reason = isAccessEndReason(raw) ? raw : 'no-credential';
    return new ApiError(message ?? 'Sign in to see this.', 'unauthorised', status, reason, body);
  }
  if (status === 403)
    return new ApiError(message ?? 'Your role does not include this.', 'forbidden', status, null, body);
  if (status === 429)
    return new ApiError(
      message ?? 'Too many requests: wait a few minutes and try again.',
      'failed',
      status,
      null,
      body,
    );
  return new ApiError(message === null ? `the server answered ${status}` : message, 'failed', status, null, body);
}

/** Nest answers `{ message }`, a list of messages for some validation errors, or plain text. */
function messageOf(body: unknown): string | null {
  const message = (body as { message?: unknown } | null)?.message;
  if (typeof message === 'string' && message.trim() !== '') return message;
  if (Array.isArray(message) && message.every((m) => typeof m === 'string')) return message.join('; ');
  return null;
}

/** The words of any error a hook caught. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
