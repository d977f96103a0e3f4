import { loadConfig } from '../config/app-config.js';
import { DEMO_MANAGER_USERNAME, SessionService } from './session.service.js';

describe('SessionService', () => {
  const NOW = Date.parse('2026-11-21T10:00:00Z');

  it('should give the simulated demo trust one manager with the demo password, and nobody else', async () => {
    const sessions = new SessionService(loadConfig({ DEMO_MANAGER_PASSWORD: 'demo password 1' }, { clientDistDir: null }), () => NOW);
    await sessions.onModuleInit();
    const ok = await sessions.signIn(DEMO_MANAGER_USERNAME, 'demo password 1');
    expect(ok?.user).toEqual({ username: 'demo', name: 'Demo bed manager', role: 'manager' });
    expect(sessions.userOf(ok?.token ?? null)?.username).toBe('demo');
    expect(await sessions.signIn('demo', 'demo password 2')).toBeNull();
  });

  it('should have no demo manager against a real FHIR server, or without a demo password', async () => {
    for (const env of [{ DEMO_MANAGER_PASSWORD: 'demo password 1', FHIR_BASE_URL: 'https://fhir.trust.nhs.uk/R4' }, {}]) {
      const sessions = new SessionService(loadConfig(env, { clientDistDir: null }), () => NOW);
      await sessions.onModuleInit();
      expect(await sessions.signIn('demo', 'demo password 1')).toBeNull();
    }
  });

  it('should not accept a token signed before a restart with a random secret', async () => {
    const env = { DEMO_MANAGER_PASSWORD: 'demo password 1' };
    const before = new SessionService(loadConfig(env, { clientDistDir: null }), () => NOW);
    await before.onModuleInit();
    const token = (await before.signIn('demo', 'demo password 1'))?.token ?? null;
    const after = new SessionService(loadConfig(env, { clientDistDir: null }), () => NOW);
    await after.onModuleInit();
    expect(after.userOf(token)).toBeNull();
  });
});
