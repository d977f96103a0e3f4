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
    });
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
