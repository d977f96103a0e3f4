/** FHIR credentials from the parsed environment (called by loadConfig only). */
import { readFileSync } from 'node:fs';
import type { FhirAuthConfig } from './config.types.js';
import { ConfigError, type ParsedEnv } from './env.schema.js';

/**
 * The FHIR credentials for the chosen FHIR_AUTH, every missing variable named at once. Credentials
 * travel only over HTTPS, except to this machine; the private key file is read here, once, and a
 * failure names the path, never the contents.
 */
export function readFhirAuth(e: ParsedEnv): FhirAuthConfig {
  const problems: string[] = [];
  const need = (name: keyof ParsedEnv): string => {
    const value = e[name];
    if (typeof value !== 'string' || value === '') {
      problems.push(`${name}: required when FHIR_AUTH=${e.FHIR_AUTH}`);
      return '';
    }
    return value;
  };
  const secureOrLocal = (name: string, url: string | undefined) => {
    if (url === undefined) return;
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname)) {
      problems.push(`${name}: credentials are only sent over https (or to this machine), got ${parsed.origin}`);
    }
  };
  let auth: FhirAuthConfig = { kind: 'none' };
  if (e.FHIR_AUTH !== 'none') {
    if (e.FHIR_BASE_URL === undefined) problems.push(`FHIR_AUTH: ${e.FHIR_AUTH} needs FHIR_BASE_URL`);
    secureOrLocal('FHIR_BASE_URL', e.FHIR_BASE_URL);
  }
  switch (e.FHIR_AUTH) {
    case 'none':
      break;
    case 'basic':
      auth = { kind: 'basic', username: need('FHIR_USERNAME'), password: need('FHIR_PASSWORD') };
      break;
    case 'bearer':
      auth = { kind: 'bearer', token: need('FHIR_TOKEN') };
      break;
    case 'smart-backend': {
      const keyFile = need('FHIR_PRIVATE_KEY_FILE');
      let privateKeyPem = '';
      if (keyFile !== '') {
        try {
          privateKeyPem = readFileSync(keyFile, 'utf8');
        } catch (error) {
          problems.push(
            `FHIR_PRIVATE_KEY_FILE: cannot read ${keyFile} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
          );
        }
      }
      secureOrLocal('FHIR_TOKEN_URL', e.FHIR_TOKEN_URL);
      auth = {
        kind: 'smart-backend',
        tokenUrl: need('FHIR_TOKEN_URL'),
        clientId: need('FHIR_CLIENT_ID'),
        privateKeyPem,
        keyId: need('FHIR_KEY_ID'),
        algorithm: e.FHIR_KEY_ALG,
        scope: need('FHIR_SCOPE'),
      };
      break;
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return auth;
}
