/**
 * Process entry point: read configuration once, start, and shut down cleanly on SIGTERM/SIGINT.
 * Any start-up failure prints its reason and exits non-zero, so a supervisor shows the cause instead
 * of a crash loop.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWardflow, StartupError } from './bootstrap.js';
import { ConfigError, loadConfig } from './config/app-config.js';

const here = dirname(fileURLToPath(import.meta.url));
const bundledClient = resolve(here, '../../client/dist');

async function main(): Promise<void> {
  const config = loadConfig(process.env, { clientDistDir: existsSync(bundledClient) ? bundledClient : null });
  const running = await startWardflow(config);
  process.stdout.write(
    `\nWardflow is running: ${running.url}  (role ${config.role}, FHIR ${running.fhirBaseUrl ?? 'none: api role'})\n\n`,
  );
  if (running.demoSignIn !== null) {
    process.stdout.write(
      `DEMO sign-in: embedded identity provider at ${running.demoSignIn.issuer} (for the demo only: set OIDC_ISSUER for a trust).\n` +
        `  Sign in at ${running.url}/auth/login with one of these users, password: ${running.demoSignIn.password}\n` +
        running.demoSignIn.users.map((u) => `    ${u}\n`).join('') +
        '\n',
    );
  }
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`${signal} received: closing\n`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StartupError) {
    process.stderr.write(`\nWardflow cannot start.\n${error.message}\n\n`);
  } else {
    process.stderr.write(`\nWardflow cannot start: ${(error as Error).stack ?? String(error)}\n\n`);
  }
  process.exit(1);
});
