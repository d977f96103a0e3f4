import { Writable } from 'node:stream';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { pino, type LoggerOptions } from 'pino';
import { loggingParams } from './logging.js';

/** A pino logger with the server's options, writing into an array of lines. */
function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const options = loggingParams({ logLevel: 'info', role: 'all' }).pinoHttp as LoggerOptions;
  return {
    logger: pino({ level: options.level, hooks: options.hooks, serializers: options.serializers }, sink),
    lines,
  };
}

describe('log lines', () => {
  const failed = new DrizzleQueryError(
    'update "board_state" set "snapshot" = $2 where "ward_id" = $1',
    ['ward-ash', '{"beds":[{"patient":{"name":"Jane Probe-Smith","nhsNumber":"9434765919"}}]}'],
    new Error('terminating connection due to administrator command'),
  );

  it("should never write a failed query's parameters, whether logged as an error or inside a message", () => {
    const { logger, lines } = capture();
    logger.error({ err: failed }, 'Poll failed');
    logger.warn(`Poll of ward ward-ash failed: ${failed.message}`);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toMatch(/Jane|9434765919/);
      expect(line).toContain('board_state');
    }
    expect(JSON.parse(lines[0] ?? '{}').err.message).toContain('params: (withheld)');
  });
});
