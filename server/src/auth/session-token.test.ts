import { cookieValue, createSessionToken, SESSION_LIFETIME_MS, verifySessionToken } from './session-token.js';

const secret = Buffer.from('s'.repeat(40));
const NOW = Date.parse('2026-11-21T10:00:00Z');

describe('session tokens', () => {
  const token = createSessionToken(secret, 'amy', NOW);

  it('should accept its own token until it expires', () => {
    expect(verifySessionToken(secret, token, NOW + 1)).toBe('amy');
    expect(verifySessionToken(secret, token, NOW + SESSION_LIFETIME_MS - 1)).toBe('amy');
    expect(verifySessionToken(secret, token, NOW + SESSION_LIFETIME_MS)).toBeNull();
  });

  it.each([
    ['another secret', (t: string) => t, Buffer.from('o'.repeat(40))],
    ['a changed payload', (t: string) => t.replace(/^v1\.[^.]+/, `v1.${Buffer.from(JSON.stringify({ u: 'admin', exp: NOW + 1e9 })).toString('base64url')}`), secret],
    ['a changed signature', (t: string) => `${t.slice(0, -1)}${t.endsWith('A') ? 'B' : 'A'}`, secret],
    ['no signature', (t: string) => t.split('.').slice(0, 2).join('.'), secret],
    ['another version', (t: string) => t.replace(/^v1/, 'v2'), secret],
    ['garbage', () => 'not a token', secret],
  ])('should reject %s', (_name, change, key) => {
    expect(verifySessionToken(key, change(token), NOW + 1)).toBeNull();
  });

  it('should read one cookie from a header', () => {
    expect(cookieValue('a=1; wardflow_session=abc.def; b=2', 'wardflow_session')).toBe('abc.def');
    expect(cookieValue('a=1', 'wardflow_session')).toBeNull();
    expect(cookieValue(undefined, 'wardflow_session')).toBeNull();
  });
});
