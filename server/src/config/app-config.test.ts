import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempDir } from '../testing/test-databases.js';
import { ConfigError, loadConfig as loadAny, parseDuration, withListenPort } from './app-config.js';

const defaults = { clientDistDir: null };
/** Most tests are about one variable: run them with the demo's rules, so no production secret is needed. */
const loadConfig = (env: Record<string, string | undefined>, d: typeof defaults) =>
  loadAny({ WARDFLOW_DEMO: 'true', ...env }, d);

describe('loadConfig', () => {
  it('should refuse an empty environment: a worker reads a FHIR server, and the message says how to try the simulated trust', () => {
    expect(() => loadConfig({}, defaults)).toThrow(/FHIR_BASE_URL: required for the all role .*npm run demo/);
  });

  it('should give the documented defaults for an environment with only FHIR_BASE_URL, and an api role without it', () => {
    expect(loadConfig({ WARDFLOW_ROLE: 'api' }, defaults).fhirBaseUrl).toBeNull();
    const config = loadConfig({ FHIR_BASE_URL: 'http://127.0.0.1:8080/fhir/R4' }, defaults);
    expect(config).toMatchObject({
      port: 3000,
      role: 'all',
      fhirBaseUrl: 'http://127.0.0.1:8080/fhir/R4',
      redisUrl: 'redis://127.0.0.1:6379',
      databaseUrl: null,
      dataDir: '.data',
      pollIntervalMs: 15 * 60_000,
      cleaningAlertAfterMs: 2 * 3_600_000,
    });
  });

  it('should read every variable it documents', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        FHIR_BASE_URL: 'https://fhir.trust.nhs.uk/R4/',
        REDIS_URL: 'redis://redis:6379',
        DATABASE_URL: 'postgres://wardflow@db/wardflow',
        POLL_INTERVAL: '5m',
        WARDFLOW_ROLE: 'worker',
        CLEANING_ALERT_AFTER: '90m',
      },
      defaults,
    );
    expect(config).toMatchObject({
      port: 8080,
      fhirBaseUrl: 'https://fhir.trust.nhs.uk/R4',
      redisUrl: 'redis://redis:6379',
      databaseUrl: 'postgres://wardflow@db/wardflow',
      pollIntervalMs: 300_000,
      role: 'worker',
      cleaningAlertAfterMs: 90 * 60_000,
    });
  });

  it.each(['soon', '30s', '200h'])('should refuse CLEANING_ALERT_AFTER=%s, naming the variable', (value) => {
    expect(() => loadConfig({ CLEANING_ALERT_AFTER: value }, defaults)).toThrow(
      /CLEANING_ALERT_AFTER: expected a duration such as 15m/,
    );
  });

  it('should treat empty strings as unset', () => {
    expect(loadConfig({ WARDFLOW_ROLE: 'api', FHIR_BASE_URL: '', PORT: '' }, defaults)).toMatchObject({
      fhirBaseUrl: null,
      port: 3000,
    });
  });

  it('should name every bad variable and what it expected', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', POLL_INTERVAL: 'often', REDIS_URL: 'http://x', FHIR_BASE_URL: 'ftp://x' }, defaults);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('PORT');
    expect(message).toContain('POLL_INTERVAL: expected a duration such as 15m');
    expect(message).toContain('REDIS_URL: expected redis://');
    expect(message).toContain('FHIR_BASE_URL: expected an http(s) URL');
  });
});

describe('parseDuration', () => {
  it.each([
    ['15m', 900_000],
    ['30s', 30_000],
    ['1h', 3_600_000],
    ['250ms', 250],
    ['15', null],
    ['m', null],
  ])('should read %s as %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
});

describe('loadConfig: FHIR authentication', () => {
  const base = { FHIR_BASE_URL: 'https://fhir.trust.nhs.uk/R4' };

  it('should default to no authentication', () => {
    expect(loadConfig(base, defaults).fhirAuth).toEqual({ kind: 'none' });
  });

  it('should read basic and bearer credentials', () => {
    expect(
      loadConfig({ ...base, FHIR_AUTH: 'basic', FHIR_USERNAME: 'wardflow', FHIR_PASSWORD: 's3cret' }, defaults)
        .fhirAuth,
    ).toEqual({
      kind: 'basic',
      username: 'wardflow',
      password: 's3cret',
    });
    expect(loadConfig({ ...base, FHIR_AUTH: 'bearer', FHIR_TOKEN: 'abc' }, defaults).fhirAuth).toEqual({
      kind: 'bearer',
      token: 'abc',
    });
  });

  it('should name every variable SMART Backend Services needs, and the unreadable key file by path only', () => {
    let message = '';
    try {
      loadConfig({ ...base, FHIR_AUTH: 'smart-backend', FHIR_PRIVATE_KEY_FILE: '/nonexistent/key.pem' }, defaults);
    } catch (e) {
      message = (e as ConfigError).message;
    }
    for (const name of ['FHIR_TOKEN_URL', 'FHIR_CLIENT_ID', 'FHIR_KEY_ID', 'FHIR_SCOPE'])
      expect(message).toContain(`${name}: required when FHIR_AUTH=smart-backend`);
    expect(message).toContain('FHIR_PRIVATE_KEY_FILE: cannot read /nonexistent/key.pem (ENOENT)');
  });

  it('should refuse to send credentials over plain http to another machine, or without a FHIR server', () => {
    expect(() =>
      loadConfig({ FHIR_BASE_URL: 'http://fhir.trust.nhs.uk/R4', FHIR_AUTH: 'bearer', FHIR_TOKEN: 'abc' }, defaults),
    ).toThrow('FHIR_BASE_URL: credentials are only sent over https (or to this machine), got http://fhir.trust.nhs.uk');
    expect(() => loadConfig({ WARDFLOW_ROLE: 'api', FHIR_AUTH: 'bearer', FHIR_TOKEN: 'abc' }, defaults)).toThrow(
      'FHIR_AUTH: bearer needs FHIR_BASE_URL',
    );
    expect(
      loadConfig({ FHIR_BASE_URL: 'http://127.0.0.1:8080/fhir', FHIR_AUTH: 'bearer', FHIR_TOKEN: 'abc' }, defaults)
        .fhirAuth.kind,
    ).toBe('bearer');
  });
});

describe('loadConfig: sign-in and secrets outside the demo', () => {
  const dir = createTempDir();
  afterAll(() => dir.remove());
  const wardsConfig = join(dir.path, 'wards.json');
  writeFileSync(
    wardsConfig,
    JSON.stringify({ access: { claim: 'groups', rules: [{ value: 'wf-admins', role: 'admin' }] } }),
  );
  const production = {
    FHIR_BASE_URL: 'https://fhir.trust.nhs.uk/R4',
    OIDC_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
    OIDC_CLIENT_ID: 'wardflow',
    OIDC_CLIENT_SECRET: 'client secret',
    SESSION_SECRET: 's'.repeat(40),
    WARDS_CONFIG: wardsConfig,
  };
  const problemsOf = (env: Record<string, string>): string => {
    try {
      loadAny({ FHIR_BASE_URL: production.FHIR_BASE_URL, ...env }, defaults);
      return '';
    } catch (e) {
      return (e as ConfigError).message;
    }
  };

  it('should name every missing secret at once when not in the demo', () => {
    const message = problemsOf({});
    expect(message).toContain('OIDC_ISSUER: required');
    expect(message).toContain('SESSION_SECRET: required outside the demo');
    expect(message).toContain('an "access" section is required');
  });

  it('should start with the identity provider, a client secret, the session secret and the claim mapping', () => {
    const config = loadAny(production, defaults);
    expect(config.demo).toBe(false);
    expect(config.auth.oidc).toEqual({
      issuer: production.OIDC_ISSUER,
      clientId: 'wardflow',
      clientAuth: { kind: 'client_secret_basic', secret: 'client secret' },
      scopes: 'openid profile email',
    });
    expect(config.auth.secretSource).toBe('configured');
    expect(config.auth.accessMapping?.rules).toEqual([{ value: 'wf-admins', role: 'admin' }]);
    expect(config.auth).toMatchObject({
      sessionIdleMs: 30 * 60_000,
      sessionAbsoluteMs: 12 * 3_600_000,
      forceLogin: true,
      demoApiToken: null,
    });
    expect(config.host).toBe('127.0.0.1');
  });

  it('should refuse the demo token and password outside the demo', () => {
    const message = problemsOf({ ...production, DEMO_API_TOKEN: 'x'.repeat(40), DEMO_PASSWORD: 'password1' });
    expect(message).toContain('DEMO_API_TOKEN: honoured by npm run demo only');
    expect(message).toContain('DEMO_PASSWORD: honoured by npm run demo only');
  });

  it('should read a private_key_jwt key (as NHS CIS2 requires) and say what is wrong with a bad one', () => {
    const keyFile = join(dir.path, 'key.pem');
    writeFileSync(
      keyFile,
      generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    const { OIDC_CLIENT_SECRET: _secret, ...withoutSecret } = production;
    const config = loadAny(
      {
        ...withoutSecret,
        OIDC_PRIVATE_KEY_FILE: keyFile,
        OIDC_KEY_ID: 'wardflow-1',
        OIDC_KEY_ALG: 'RS512',
        OIDC_SCOPES: 'profile nationalrbacaccess',
      },
      defaults,
    );
    expect(config.auth.oidc?.clientAuth).toMatchObject({
      kind: 'private_key_jwt',
      keyId: 'wardflow-1',
      algorithm: 'RS512',
    });
    expect(config.auth.oidc?.scopes).toBe('openid profile nationalrbacaccess');
    const notPem = join(dir.path, 'not.pem');
    writeFileSync(notPem, 'hello');
    expect(problemsOf({ ...withoutSecret, OIDC_PRIVATE_KEY_FILE: notPem })).toContain(
      'is not a PKCS#8 PEM private key',
    );
    expect(problemsOf({ ...withoutSecret, OIDC_PRIVATE_KEY_FILE: '/nonexistent.pem' })).toContain(
      'OIDC_PRIVATE_KEY_FILE: cannot read /nonexistent.pem (ENOENT)',
    );
    expect(problemsOf(withoutSecret)).toContain('OIDC_CLIENT_SECRET: required for client_secret_basic');
  });

  it.each([
    ['http://idp.trust.nhs.uk/realms/wardflow', false],
    ['http://127.0.0.1:8080/realms/wardflow', true],
    ['https://idp.trust.nhs.uk/realms/wardflow', true],
  ])('should accept OIDC_ISSUER %s only over https or on this machine: %s', (issuer, ok) => {
    expect(problemsOf({ ...production, OIDC_ISSUER: issuer }) === '').toBe(ok);
  });

  it('should need PUBLIC_URL when listening beyond this machine, and make cookies Secure under https', () => {
    expect(problemsOf({ ...production, HOST: '0.0.0.0' })).toContain('PUBLIC_URL: required when HOST is 0.0.0.0');
    const config = loadAny({ ...production, HOST: '0.0.0.0', PUBLIC_URL: 'https://wardflow.trust.nhs.uk/' }, defaults);
    expect(config).toMatchObject({
      host: '0.0.0.0',
      publicUrl: 'https://wardflow.trust.nhs.uk',
      publicOrigin: 'https://wardflow.trust.nhs.uk',
    });
    expect(config.auth.secureCookies).toBe(true);
    expect(loadAny(production, defaults).auth.secureCookies).toBe(false);
  });

  it('should read TRUST_PROXY as off, a hop count or addresses', () => {
    expect(loadAny(production, defaults).trustProxy).toBe(false);
    expect(loadAny({ ...production, TRUST_PROXY: '1' }, defaults).trustProxy).toBe(1);
    expect(loadAny({ ...production, TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }, defaults).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
    expect(loadAny({ ...production, TRUST_PROXY: 'loopback, uniquelocal' }, defaults).trustProxy).toEqual([
      'loopback',
      'uniquelocal',
    ]);
    expect(problemsOf({ ...production, TRUST_PROXY: 'everyone' })).toContain('TRUST_PROXY');
  });

  it('should follow the chosen port with an unset PUBLIC_URL, and keep a configured one', () => {
    const chosen = withListenPort(loadConfig({ WARDFLOW_ROLE: 'api', PORT: '0' }, defaults), 41234);
    expect(chosen).toMatchObject({
      port: 41234,
      publicUrl: 'http://127.0.0.1:41234',
      publicOrigin: 'http://127.0.0.1:41234',
    });
    expect(chosen.digest.publicUrl).toBe('http://127.0.0.1:41234');
    expect(
      withListenPort(loadConfig({ WARDFLOW_ROLE: 'api', PORT: '0', PUBLIC_URL: 'https://wf.example' }, defaults), 41234)
        .publicUrl,
    ).toBe('https://wf.example');
  });

  it('should refuse an idle timeout longer than the absolute one, and an audit retention under a year', () => {
    expect(problemsOf({ ...production, SESSION_IDLE_TIMEOUT: '13h' })).toContain(
      'SESSION_IDLE_TIMEOUT: must not be longer than SESSION_ABSOLUTE_TIMEOUT',
    );
    expect(problemsOf({ ...production, AUDIT_RETENTION: '30d' })).toContain('AUDIT_RETENTION: expected a duration');
    expect(loadAny({ ...production, AUDIT_RETENTION: '3650d' }, defaults).auditRetentionMs).toBe(3650 * 86_400_000);
  });
});
