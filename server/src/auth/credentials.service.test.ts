import type { DeviceRepository } from '../store/device.repository.js';
import type { SessionRepository } from '../store/session.repository.js';
import type { TokenRepository, TokenRow } from '../store/token.repository.js';
import { testConfig } from '../testing/test-config.js';
import { CredentialsService, TOKEN_OUTAGE_GRACE_MS } from './credentials.service.js';

/** An API token while the database answers, and while it does not (a restart, a fail-over). */
describe('CredentialsService: API tokens while the database is away', () => {
  const config = testConfig({ SESSION_SECRET: 'unit-test-session-secret-of-32-characters-at-least' });
  const clock = { now: Date.parse('2026-12-07T09:00:00Z') };
  let databaseUp = true;
  let stored: TokenRow | null;
  let service: CredentialsService;

  const tokens = {
    byHash: async () => {
      if (!databaseUp) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      return stored;
    },
    touch: async () => undefined,
  } as unknown as TokenRepository;

  beforeEach(() => {
    databaseUp = true;
    clock.now = Date.parse('2026-12-07T09:00:00Z');
    stored = {
      id: 'tok-1',
      name: 'monitoring',
      tokenHash: 'unused by the fake',
      prefix: 'wft_abcd',
      grants: [{ role: 'monitoring', wards: [], sites: [] }],
      createdAt: new Date(clock.now - 86_400_000),
      createdBy: 'admin',
      expiresAt: new Date(clock.now + 30 * 86_400_000),
      lastUsedAt: null,
      revokedAt: null,
      revokedBy: null,
    };
    service = new CredentialsService({} as SessionRepository, {} as DeviceRepository, tokens, config, () => clock.now);
  });

  const resolve = () =>
    service.resolve({ cookie: undefined, authorization: 'Bearer wft_secret', address: null, activity: 'background' });

  it('should keep a token it verified lately working while the database cannot answer (readiness must say why)', async () => {
    expect((await resolve()).caller.identity?.id).toBe('tok-1');
    databaseUp = false;
    clock.now += TOKEN_OUTAGE_GRACE_MS - 1_000;
    expect((await resolve()).caller.identity).toMatchObject({ kind: 'token', id: 'tok-1' });
  });

  it('should fail as before for a token not verified lately, or never', async () => {
    databaseUp = false;
    await expect(resolve()).rejects.toThrow('ECONNREFUSED');
    databaseUp = true;
    await resolve();
    databaseUp = false;
    clock.now += TOKEN_OUTAGE_GRACE_MS + 1_000;
    await expect(resolve()).rejects.toThrow('ECONNREFUSED');
  });

  it('should never fall back on a token found revoked, nor one that expired since', async () => {
    await resolve();
    stored = { ...(stored as TokenRow), revokedAt: new Date(clock.now) };
    expect((await resolve()).caller).toMatchObject({ identity: null, ended: 'token-revoked' });
    databaseUp = false;
    await expect(resolve()).rejects.toThrow('ECONNREFUSED');

    databaseUp = true;
    stored = { ...(stored as TokenRow), revokedAt: null, expiresAt: new Date(clock.now + 60_000) };
    await resolve();
    databaseUp = false;
    clock.now += 120_000;
    expect((await resolve()).caller).toMatchObject({ identity: null, ended: 'token-expired' });
  });

  it('should never fall back on a token that can do more than read readiness and metrics', async () => {
    stored = { ...(stored as TokenRow), grants: [{ role: 'admin', wards: [], sites: [] }] };
    expect((await resolve()).caller.identity?.id).toBe('tok-1');
    databaseUp = false;
    await expect(resolve()).rejects.toThrow('ECONNREFUSED');
    stored = {
      ...(stored as TokenRow),
      grants: [
        { role: 'monitoring', wards: [], sites: [] },
        { role: 'ward-staff', wards: '*', sites: [] },
      ],
    };
    databaseUp = true;
    await resolve();
    databaseUp = false;
    await expect(resolve()).rejects.toThrow('ECONNREFUSED');
  });
});
