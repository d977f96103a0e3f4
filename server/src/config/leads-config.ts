/**
 * WARDS_CONFIG `leads` and `emailDomains`: who gets the weekly digest, for which wards, and the only
 * domains email may go to (SEC-9). Validated with the rest of the file; every problem names its field.
 * Ward ids cannot be checked here (wards are discovered from FHIR later): the digest service reports
 * unknown ones once wards are known.
 */
import type { Lead } from '@wardflow/shared';
import { z } from 'zod';
import { validate, within } from '../core/validate.js';

/** What WARDS_CONFIG says about digest recipients; `leads` null means "not configured" (the demo trust has defaults). */
export interface DigestRecipientsConfig {
  leads: Lead[] | null;
  /** Lower case. Empty: nothing may be sent (the demo trust adds its example domain). */
  emailDomains: string[];
}

export const EMPTY_DIGEST_RECIPIENTS: DigestRecipientsConfig = { leads: null, emailDomains: [] };

const domain = z
  .string()
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i,
    'expected a domain name such as "nhs.net"',
  )
  .transform((d) => d.toLowerCase());

const leadSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected 1-64 letters, digits, ".", "_" or "-"'),
    name: z.string().min(1).max(120),
    email: z.email('expected an email address'),
    wardIds: z.array(z.string().min(1)).min(1, 'a lead needs at least one ward'),
  })
  .strict();

/** Validates both fields together: each lead's address must be on an allow-listed domain. */
export function readDigestRecipients(
  leads: unknown,
  emailDomains: unknown,
): { config: DigestRecipientsConfig; problems: string[] } {
  const problems: string[] = [];
  const domains = validate(z.array(domain), emailDomains ?? [], within('emailDomains'));
  if (!domains.ok) problems.push(...domains.problems);
  if (leads === undefined) return { config: { leads: null, emailDomains: domains.ok ? domains.data : [] }, problems };
  const parsed = validate(z.array(leadSchema), leads, within('leads'));
  if (!parsed.ok) {
    problems.push(...parsed.problems);
    return { config: EMPTY_DIGEST_RECIPIENTS, problems };
  }
  const allowed = new Set(domains.ok ? domains.data : []);
  const seen = new Set<string>();
  parsed.data.forEach((lead, i) => {
    if (seen.has(lead.id)) problems.push(`leads.${i}.id: "${lead.id}" is used twice`);
    seen.add(lead.id);
    const at = lead.email.slice(lead.email.lastIndexOf('@') + 1).toLowerCase();
    if (!allowed.has(at))
      problems.push(
        `leads.${i}.email: domain ${at} is not in emailDomains (SEC-9: email only to allow-listed domains)`,
      );
  });
  if (problems.length > 0) return { config: EMPTY_DIGEST_RECIPIENTS, problems };
  return { config: { leads: parsed.data, emailDomains: domains.ok ? domains.data : [] }, problems };
}
