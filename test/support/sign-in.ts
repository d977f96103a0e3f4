/**
 * Signs in through the real OpenID Connect flow over HTTP, as a browser would but without one:
 * Wardflow's /auth/login -> the identity provider's authorization endpoint -> its login form (filled
 * in and posted) -> back through the provider to /auth/callback -> the session cookie. Cookies are kept
 * per origin, redirects followed by hand, and every POST carries its page's Origin.
 */
export class CookieJar {
  private readonly byOrigin = new Map<string, Map<string, string>>();

  store(url: string, response: Response): void {
    const origin = new URL(url).origin;
    const jar = this.byOrigin.get(origin) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair === undefined || eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    this.byOrigin.set(origin, jar);
  }

  header(url: string): string | undefined {
    const jar = this.byOrigin.get(new URL(url).origin);
    if (jar === undefined || jar.size === 0) return undefined;
    return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** The named cookie for an origin, or undefined. */
  get(url: string, name: string): string | undefined {
    return this.byOrigin.get(new URL(url).origin)?.get(name);
  }
}

export interface SignInResult {
  /** The Cookie header to send to Wardflow. */
  cookie: string;
  jar: CookieJar;
  /** Where the flow ended (the returnTo page on Wardflow). */
  finalUrl: string;
  /** The status of the provider's answer to the password form (200 form again, 303 on, 429 backing off). */
  formStatus: number;
  formBody: string;
}

async function follow(
  jar: CookieJar,
  url: string,
  init: RequestInit = {},
): Promise<{ url: string; response: Response }> {
  let current = url;
  let request: RequestInit = init;
  for (let hop = 0; hop < 15; hop++) {
    const cookie = jar.header(current);
    const response = await fetch(current, {
      ...request,
      redirect: 'manual',
      headers: {
        ...(request.headers as Record<string, string> | undefined),
        ...(cookie === undefined ? {} : { cookie }),
      },
    });
    jar.store(current, response);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || location === null) return { url: current, response };
    current = new URL(location, current).href;
    request = {};
  }
  throw new Error(`Too many redirects from ${url}`);
}

/** Starts a sign-in and returns the provider's login form page (URL and HTML). */
export async function openLoginForm(
  baseUrl: string,
  returnTo = '/',
  jar = new CookieJar(),
): Promise<{ jar: CookieJar; formUrl: string; html: string }> {
  const { url, response } = await follow(jar, `${baseUrl}/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  const html = await response.text();
  if (response.status !== 200 || !html.includes('name="password"'))
    throw new Error(`Expected the provider's login form at ${url}, got ${response.status}: ${html.slice(0, 300)}`);
  return { jar, formUrl: url, html };
}

/** Posts the login form; follows the redirects back to Wardflow when the provider accepts it. */
export async function submitLoginForm(
  baseUrl: string,
  form: { jar: CookieJar; formUrl: string; html: string },
  username: string,
  password: string,
): Promise<SignInResult> {
  const action = /<form method="post" action="([^"]+)"/.exec(form.html)?.[1];
  if (action === undefined) throw new Error('No login form action');
  const target = new URL(action.replace(/&amp;/g, '&'), form.formUrl).href;
  const cookie = form.jar.header(target);
  const posted = await fetch(target, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: new URL(target).origin,
      ...(cookie === undefined ? {} : { cookie }),
    },
    body: new URLSearchParams({ username, password }).toString(),
  });
  form.jar.store(target, posted);
  const location = posted.headers.get('location');
  if (posted.status < 300 || posted.status >= 400 || location === null) {
    return {
      cookie: form.jar.header(baseUrl) ?? '',
      jar: form.jar,
      finalUrl: target,
      formStatus: posted.status,
      formBody: await posted.text(),
    };
  }
  const { url } = await follow(form.jar, new URL(location, target).href);
  return {
    cookie: form.jar.header(baseUrl) ?? '',
    jar: form.jar,
    finalUrl: url,
    formStatus: posted.status,
    formBody: '',
  };
}

/** The whole flow: a Cookie header for Wardflow signed in as `username`. */
export async function signIn(
  baseUrl: string,
  username: string,
  password: string,
  returnTo = '/',
): Promise<SignInResult> {
  const result = await submitLoginForm(baseUrl, await openLoginForm(baseUrl, returnTo), username, password);
  if (!/wardflow_session=/.test(result.cookie))
    throw new Error(
      `Sign-in as ${username} did not end with a session (form answered ${result.formStatus}, ended at ${result.finalUrl}): ${result.formBody.slice(0, 300)}`,
    );
  return result;
}
