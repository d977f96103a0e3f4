import { DrizzleQueryError } from 'drizzle-orm/errors';
import {
  safeQueryError,
  scrubSerializedError,
  withoutQueryParameters,
  WithoutQueryParameters,
} from './query-errors.js';

const SNAPSHOT = JSON.stringify({ beds: [{ patient: { name: 'Jane Probe-Smith', nhsNumber: '9434765919' } }] });
const failed = () =>
  new DrizzleQueryError(
    'update "board_state" set "snapshot" = $2 where "ward_id" = $1',
    ['ward-ash', SNAPSHOT],
    new Error('terminating connection due to administrator command'),
  );

describe('query errors without their parameters', () => {
  it('should keep the database reason and the SQL, and drop the parameters', () => {
    const safe = safeQueryError(failed()) as Error;
    expect(safe.message).toBe(
      'terminating connection due to administrator command (Failed query: update "board_state" set "snapshot" = $2 where "ward_id" = $1)',
    );
    expect(safe.stack).not.toContain('9434765919');
    expect(safe.stack).toMatch(/\n\s+at /);
    expect(JSON.stringify(safe)).not.toContain('Jane');
    expect('params' in safe).toBe(false);
  });

  it('should leave other errors as they are', () => {
    const plain = new Error('FHIR server answered HTTP 503');
    expect(safeQueryError(plain)).toBe(plain);
  });

  it('should scrub text and serialized errors, stack included', () => {
    const error = failed();
    expect(withoutQueryParameters(error.message)).not.toContain('Jane');
    const serialized = scrubSerializedError({
      type: 'DrizzleQueryError',
      message: error.message,
      stack: error.stack,
      params: ['x', SNAPSHOT],
    });
    expect(JSON.stringify(serialized)).not.toMatch(/Jane|9434765919/);
    expect(serialized.stack).toMatch(/\n\s+at /);
  });

  it('should make a processor throw the scrubbed error (what BullMQ stores as the failed reason)', async () => {
    class Processor {
      @WithoutQueryParameters()
      async process(): Promise<void> {
        await Promise.resolve();
        throw failed();
      }
    }
    const thrown = (await new Processor().process().catch((e: unknown) => e)) as Error;
    expect(thrown.message).toContain('terminating connection');
    expect(`${thrown.message}${thrown.stack}`).not.toMatch(/Jane|9434765919/);
  });
});
