/**
 * Configuration for tests: the demo's rules (the embedded identity provider may be used and no
 * production secrets are required), with whatever the test sets on top.
 */
import { loadConfig, type AppConfig } from '../config/app-config.js';

export function testConfig(env: Record<string, string | undefined> = {}): AppConfig {
  return loadConfig({ WARDFLOW_DEMO: 'true', ...env }, { clientDistDir: null });
}
