import { sameOriginRequest } from './http-security.js';

const ORIGIN = 'https://wardflow.trust.nhs.uk';

describe('sameOriginRequest: who may change anything', () => {
  it.each<[string, string | undefined, string | undefined, boolean, boolean]>([
    ['a page of Wardflow (Origin sent)', ORIGIN, 'same-origin', true, true],
    [
      'a page of Wardflow under no-referrer (Origin "null", fetch metadata same-origin)',
      'null',
      'same-origin',
      true,
      true,
    ],
    ['an older browser sending Origin without fetch metadata', ORIGIN, undefined, true, true],
    ["another site, with the ward PC's cookies", 'https://attacker.example', 'cross-site', true, false],
    ['another site lying about nothing but sending no Origin', undefined, 'cross-site', true, false],
    ['a sibling subdomain', 'https://intranet.trust.nhs.uk', 'same-site', true, false],
    ['a sandboxed frame elsewhere (Origin "null", cross-site)', 'null', 'cross-site', true, false],
    ['"null" without fetch metadata', 'null', undefined, true, false],
    ['a cookie and no Origin at all (not a browser we can trust)', undefined, undefined, true, false],
    ['a script with a bearer token and no cookie', undefined, undefined, false, true],
    ['a script claiming a foreign Origin with a token', 'https://attacker.example', undefined, false, false],
  ])('%s', (_case, origin, site, cookie, allowed) => {
    expect(sameOriginRequest(origin, site, cookie, ORIGIN)).toBe(allowed);
  });
});
