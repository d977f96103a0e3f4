/**
 * Process entry point: read configuration once, start, and shut down cleanly on SIGTERM/SIGINT.
 * Any start-up failure prints its reason and exits non-zero, so a supervisor shows the cause instead
 * of a crash loop.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger } from '@nestjs/common';
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
  const logger = new Logger('Wardflow');
  logger.log(`Listening on ${running.url} (role ${config.role})`);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    const seconds = Math.round(config.shutdownTimeoutMs / 1000);
    logger.log(
      `${signal} received: taking no new jobs, readiness says closing; waiting up to ${seconds} s for jobs in progress`,
    );
    // Jobs still running at the deadline are left to BullMQ: their locks lapse and a worker (this one
    // restarted, or another) takes them up again, so nothing is lost, only delayed.
    setTimeout(() => {
      logger.warn(`Still closing after SHUTDOWN_TIMEOUT (${seconds} s): exiting; unfinished jobs will be retried`);
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    running.close().then(
      () => {
        logger.log('Closed cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(`Closing failed: ${(error as Error).message}`);
        process.exit(1);
      },
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
