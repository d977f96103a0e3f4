/** Sign-in settings from the parsed environment (called by loadConfig only). */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ClaimMapping } from '@wardflow/shared';
import type { AuthConfig, OidcClientAuth, OidcSettings } from './config.types.js';
import { ConfigError, type ParsedEnv } from './env.schema.js';

/**
 * Sign-in and credentials. Outside the demo every secret must be given: the trust's identity
 * provider (OIDC_ISSUER, OIDC_CLIENT_ID and a client secret or private key), SESSION_SECRET, and the
 * claim mapping; DEMO_* variables are refused so a production start can never carry a demo backdoor.
 */
export function readAuth(e: ParsedEnv, publicUrl: string, accessMapping: ClaimMapping | null): AuthConfig {
  const problems: string[] = [];
  const demo = e.WARDFLOW_DEMO;
  if (!demo) {
    if (e.OIDC_ISSUER === undefined)
      problems.push(
        "OIDC_ISSUER: required (the URL of the trust's OpenID Connect provider: NHS CIS2, Entra ID, Keycloak); only npm run demo may run without one",
      );
    if (e.SESSION_SECRET === undefined)
      problems.push(
        'SESSION_SECRET: required outside the demo (at least 32 characters, e.g. openssl rand -base64 48), the same for every API process',
      );
    if (accessMapping === null)
      problems.push(
        'WARDS_CONFIG: an "access" section is required: it maps the identity provider\'s claims to Wardflow roles and wards',
      );
    if (e.DEMO_API_TOKEN !== undefined)
      problems.push('DEMO_API_TOKEN: honoured by npm run demo only; create API tokens in /admin/tokens');
    if (e.DEMO_PASSWORD !== undefined) problems.push('DEMO_PASSWORD: honoured by npm run demo only');
  }
  let oidc: OidcSettings | null = null;
  if (e.OIDC_ISSUER !== undefined) {
    if (e.OIDC_CLIENT_ID === undefined) problems.push('OIDC_CLIENT_ID: required with OIDC_ISSUER');
    const method =
      e.OIDC_CLIENT_AUTH ?? (e.OIDC_PRIVATE_KEY_FILE !== undefined ? 'private_key_jwt' : 'client_secret_basic');
    let clientAuth: OidcClientAuth | null = null;
    if (method === 'private_key_jwt') {
      if (e.OIDC_PRIVATE_KEY_FILE === undefined)
        problems.push(
          'OIDC_PRIVATE_KEY_FILE: required for private_key_jwt (a PKCS#8 PEM private key, as NHS CIS2 uses)',
        );
      else {
        try {
          const privateKeyPem = readFileSync(e.OIDC_PRIVATE_KEY_FILE, 'utf8');
          if (!privateKeyPem.includes('-----BEGIN PRIVATE KEY-----'))
            problems.push(
              `OIDC_PRIVATE_KEY_FILE: ${e.OIDC_PRIVATE_KEY_FILE} is not a PKCS#8 PEM private key ("-----BEGIN PRIVATE KEY-----")`,
            );
          clientAuth = {
            kind: 'private_key_jwt',
            privateKeyPem,
            keyId: e.OIDC_KEY_ID ?? null,
            algorithm: e.OIDC_KEY_ALG,
          };
        } catch (error) {
          problems.push(
            `OIDC_PRIVATE_KEY_FILE: cannot read ${e.OIDC_PRIVATE_KEY_FILE} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
          );
        }
      }
    } else if (e.OIDC_CLIENT_SECRET === undefined) {
      problems.push(`OIDC_CLIENT_SECRET: required for ${method} (or set OIDC_PRIVATE_KEY_FILE for private_key_jwt)`);
    } else {
      clientAuth = { kind: method, secret: e.OIDC_CLIENT_SECRET };
    }
    const scopes = e.OIDC_SCOPES.split(' ').includes('openid') ? e.OIDC_SCOPES : `openid ${e.OIDC_SCOPES}`;
    if (clientAuth !== null && e.OIDC_CLIENT_ID !== undefined)
      oidc = { issuer: e.OIDC_ISSUER.replace(/\/+$/, ''), clientId: e.OIDC_CLIENT_ID, clientAuth, scopes };
  }
  if (e.SESSION_IDLE_TIMEOUT > e.SESSION_ABSOLUTE_TIMEOUT)
    problems.push('SESSION_IDLE_TIMEOUT: must not be longer than SESSION_ABSOLUTE_TIMEOUT');
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    oidc,
    accessMapping,
    sessionIdleMs: e.SESSION_IDLE_TIMEOUT,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_TIMEOUT,
    secret: e.SESSION_SECRET === undefined ? randomBytes(32) : Buffer.from(e.SESSION_SECRET, 'utf8'),
    secretSource: e.SESSION_SECRET === undefined ? 'random' : 'configured',
    forceLogin: e.OIDC_FORCE_LOGIN,
    secureCookies: new URL(publicUrl).protocol === 'https:',
    demoApiToken: demo ? (e.DEMO_API_TOKEN ?? null) : null,
    demoPassword: demo ? (e.DEMO_PASSWORD ?? null) : null,
    embeddedProviderPort: e.OIDC_EMBEDDED_PORT,
  };
}
