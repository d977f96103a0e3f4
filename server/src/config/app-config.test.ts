import { ConfigError, loadConfig, parseDuration } from './app-config.js';

const defaults = { clientDistDir: null };

describe('loadConfig', () => {
  it('should give the documented defaults for an empty environment', () => {
    const config = loadConfig({}, defaults);
    expect(config).toMatchObject({
      port: 3000,
      role: 'all',
      fhirBaseUrl: null,
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
    expect(() => loadConfig({ CLEANING_ALERT_AFTER: value }, defaults)).toThrow(/CLEANING_ALERT_AFTER: expected a duration such as 15m/);
  });

  it('should treat empty strings as unset', () => {
    expect(loadConfig({ FHIR_BASE_URL: '', PORT: '' }, defaults)).toMatchObject({ fhirBaseUrl: null, port: 3000 });
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
    expect(loadConfig({ ...base, FHIR_AUTH: 'basic', FHIR_USERNAME: 'wardflow', FHIR_PASSWORD: 's3cret' }, defaults).fhirAuth).toEqual({
      kind: 'basic',
      username: 'wardflow',
      password: 's3cret',
    });
    expect(loadConfig({ ...base, FHIR_AUTH: 'bearer', FHIR_TOKEN: 'abc' }, defaults).fhirAuth).toEqual({ kind: 'bearer', token: 'abc' });
  });

  it('should name every variable SMART Backend Services needs, and the unreadable key file by path only', () => {
    let message = '';
    try {
      loadConfig({ ...base, FHIR_AUTH: 'smart-backend', FHIR_PRIVATE_KEY_FILE: '/nonexistent/key.pem' }, defaults);
    } catch (e) {
      message = (e as ConfigError).message;
    }
    for (const name of ['FHIR_TOKEN_URL', 'FHIR_CLIENT_ID', 'FHIR_KEY_ID', 'FHIR_SCOPE']) expect(message).toContain(`${name}: required when FHIR_AUTH=smart-backend`);
    expect(message).toContain('FHIR_PRIVATE_KEY_FILE: cannot read /nonexistent/key.pem (ENOENT)');
  });

  it('should refuse to send credentials over plain http to another machine, and to the simulator', () => {
    expect(() => loadConfig({ FHIR_BASE_URL: 'http://fhir.trust.nhs.uk/R4', FHIR_AUTH: 'bearer', FHIR_TOKEN: 'abc' }, defaults)).toThrow(
      'FHIR_BASE_URL: credentials are only sent over https (or to this machine), got http://fhir.trust.nhs.uk',
    );
    expect(() => loadConfig({ FHIR_AUTH: 'bearer', FHIR_TOKEN: 'abc' }, defaults)).toThrow('FHIR_AUTH: bearer needs FHIR_BASE_URL');
    expect(loadConfig({ FHIR_BASE_URL: 'http://127.0.0.1:8080/fhir', FHIR_AUTH: 'bearer', FHIR_TOKEN: 'abc' }, defaults).fhirAuth.kind).toBe('bearer');
  });
});

