/**
 * Configuration for tests: the demo's rules (the embedded identity provider may be used and no
 * production secrets are required), with whatever the test sets on top. A worker needs a FHIR server;
 * tests that do not read one get an address where nothing answers.
 */
import { loadConfig, type AppConfig } from '../config/app-config.js';

export function testConfig(env: Record<string, string | undefined> = {}): AppConfig {
  return loadConfig(
    { WARDFLOW_DEMO: 'true', FHIR_BASE_URL: 'http://127.0.0.1:9/fhir/R4', ...env },
    { clientDistDir: null },
  );
}
