/**
 * drizzle reports a failed query as "Failed query: <SQL>\nparams: <every parameter>", and keeps the
 * parameters on the error too. A board's parameters are its patients (names, NHS numbers in the
 * snapshot), so such an error must never be written anywhere as it is: not to the logs, not to a
 * BullMQ job's failed reason (kept in Redis, shown on the admin queue view). What is kept is the
 * database's own reason and the SQL, which has placeholders only.
 */

/** The parameter part of a drizzle failed-query text, up to the stack frames after it. */
const PARAMETERS = /\nparams: [\s\S]*?(?=\n {4}at |$)/g;
const WITHHELD = '\nparams: (withheld)';

export function withoutQueryParameters(text: string): string {
  return text.replace(PARAMETERS, WITHHELD);
}

/** `error` as is, or, when it is a failed query carrying its parameters, a plain error without them. */
export function safeQueryError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const carriesParameters = 'params' in error || withoutQueryParameters(error.message) !== error.message;
  if (!carriesParameters) return error;
  const cause = (error as { cause?: unknown }).cause;
  const reason = cause instanceof Error && cause.message !== '' ? cause.message : 'a database query failed';
  const query = withoutQueryParameters(error.message).split('\n', 1)[0] ?? '';
  const safe = new Error(`${withoutQueryParameters(reason)} (${query.slice(0, 200)})`);
  safe.name = 'DatabaseQueryError';
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  safe.stack = [`${safe.name}: ${safe.message}`, ...frames].join('\n');
  return safe;
}

/** Every string in a serialized error scrubbed, and any `params` field dropped (pino's err serializer). */
export function scrubSerializedError<T>(value: T): T {
  if (typeof value === 'string') return withoutQueryParameters(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => scrubSerializedError(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) if (key !== 'params') out[key] = scrubSerializedError(v);
    return out as T;
  }
  return value;
}

/**
 * For a job processor's `process`: an error it throws reaches BullMQ (and so Redis and the queue view)
 * without query parameters.
 */
export function WithoutQueryParameters(): MethodDecorator {
  return (_target, _key, descriptor: PropertyDescriptor) => {
    const original = descriptor.value as (...args: unknown[]) => Promise<unknown>;
    descriptor.value = async function (this: unknown, ...args: unknown[]) {
      try {
        return await original.apply(this, args);
      } catch (error) {
        throw safeQueryError(error);
      }
    };
    return descriptor;
  };
}
