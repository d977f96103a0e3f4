/**
 * The one validation pipe (SEC-8, docs/style.md rule 8): bodies, queries, path parameters and socket
 * event payloads are parsed with a zod schema, and anything else is a 400 (on a socket, an ack with the
 * error) naming each bad field and what it expected. Handlers receive
 * typed values and never see raw input.
 */
import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { validate } from '../core/validate.js';

export class ZodPipe<T> implements PipeTransform<unknown, T> {
  /** `refusal`: one message instead of the issues, where the caller knows better words (a socket event's expected shape). */
  constructor(
    private readonly schema: z.ZodType<T>,
    private readonly refusal?: string,
  ) {}

  transform(value: unknown): T {
    const checked = validate(this.schema, value ?? {}, (path) => path || 'input');
    if (checked.ok) return checked.data;
    throw new BadRequestException(this.refusal ?? checked.problems.join('; '));
  }
}

/** A path or body id: FHIR ids and our own, capped in length and characters before any lookup. */
export const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'expected an id of 1-128 letters, digits, ".", "_", ":" or "-"');

/** An ISO 8601 date-time or date that is a real one ("2026-02-30" is refused, not rolled over). */
export const isoDateTime = z.union([z.iso.datetime({ offset: true }), z.iso.date()], {
  error: 'expected an ISO 8601 date-time such as 2026-12-06T09:00:00Z, or a date',
});
