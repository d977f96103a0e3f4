/**
 * Secrets handed to browsers and integrations (session tokens, device credentials, API tokens) and
 * how they are kept: only an HMAC-SHA256 of each, keyed with SESSION_SECRET, reaches the database. The
 * secrets are 256-bit random, so the hash needs no slow function; the key means a copy of the database,
 * or someone able to write to it, still cannot make a credential that works.
 */
import { createHmac, randomBytes } from 'node:crypto';

export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function credentialHash(key: Buffer, secret: string): string {
  return createHmac('sha256', key).update(secret, 'utf8').digest('base64url');
}
