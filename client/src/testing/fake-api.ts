/**
 * A stand-in for the server's JSON API in component tests: answers by "METHOD /path" (query string
 * ignored unless the key has one), records every request with its headers, and restores fetch.
 */
export interface FakeRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface FakeAnswer {
  status?: number;
  body?: unknown;
}

export type FakeRoute = FakeAnswer | ((request: FakeRequest) => FakeAnswer);

export interface FakeApi {
  requests: FakeRequest[];
  /** Sets (or replaces) the answer for "METHOD /path". */
  on(key: string, route: FakeRoute): void;
  restore(): void;
}

export function installFakeApi(routes: Record<string, FakeRoute> = {}): FakeApi {
  const table = new Map(Object.entries(routes));
  const requests: FakeRequest[] = [];
  const original = globalThis.fetch;
  globalThis.fetch = ((input: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const request: FakeRequest = {
      method,
      url: input,
      headers: { ...(init.headers as Record<string, string> | undefined) },
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
    };
    requests.push(request);
    const route = table.get(`${method} ${input}`) ?? table.get(`${method} ${input.split('?')[0] ?? input}`);
    const answer: FakeAnswer =
      route === undefined
        ? { status: 404, body: { statusCode: 404, message: `No fake answer for ${method} ${input}` } }
        : typeof route === 'function'
          ? route(request)
          : route;
    const status = answer.status ?? 200;
    return Promise.resolve({
      ok: status >= 200 && status < 300,
      status,
      statusText: '',
      json: () => Promise.resolve(answer.body ?? null),
    });
  }) as unknown as typeof fetch;
  return {
    requests,
    on: (key, route) => void table.set(key, route),
    restore: () => {
      globalThis.fetch = original;
    },
  };
}
