import { testConfig } from '../testing/test-config.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDigestRecipients } from './leads-config.js';

const lead = { id: 'matron-1', name: 'Matron', email: 'matron@trust.nhs.uk', wardIds: ['ward-1'] };

describe('digest recipients in WARDS_CONFIG', () => {
  it('should accept leads on allow-listed domains, case-insensitively', () => {
    const { config, problems } = readDigestRecipients([{ ...lead, email: 'Matron@Trust.NHS.uk' }], ['TRUST.nhs.uk']);
    expect(problems).toEqual([]);
    expect(config.emailDomains).toEqual(['trust.nhs.uk']);
    expect(config.leads).toHaveLength(1);
  });

  it('should treat absent leads as not configured', () => {
    expect(readDigestRecipients(undefined, undefined)).toEqual({
      config: { leads: null, emailDomains: [] },
      problems: [],
    });
  });

  it('should name every problem with its field', () => {
    const { problems } = readDigestRecipients(
      [lead, { ...lead, email: 'someone@gmail.com' }, { ...lead, id: 'x', wardIds: [] }],
      ['trust.nhs.uk', 'not a domain'],
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'emailDomains.1: expected a domain name such as "nhs.net"',
        'leads.2.wardIds: a lead needs at least one ward',
      ]),
    );
    const domainOnly = readDigestRecipients(
      [lead, { ...lead, id: 'b', email: 'someone@gmail.com' }, lead],
      ['trust.nhs.uk'],
    ).problems;
    expect(domainOnly).toEqual([
      'leads.1.email: domain gmail.com is not in emailDomains (SEC-9: email only to allow-listed domains)',
      'leads.2.id: "matron-1" is used twice',
    ]);
  });

  it('should stop start-up naming the file and field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wardflow-leads-'));
    try {
      const file = join(dir, 'wards.json');
      writeFileSync(
        file,
        JSON.stringify({ leads: [{ ...lead, email: 'a@elsewhere.org' }], emailDomains: ['trust.nhs.uk'] }),
      );
      expect(() => testConfig({ WARDS_CONFIG: file })).toThrow(
        `WARDS_CONFIG: ${file}: leads.0.email: domain elsewhere.org is not in emailDomains`,
      );
      writeFileSync(file, JSON.stringify({ leads: [lead], emailDomains: ['trust.nhs.uk'] }));
      expect(testConfig({ WARDS_CONFIG: file }).digest).toMatchObject({
        leads: [lead],
        emailDomains: ['trust.nhs.uk'],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['SMTP_URL', 'http://mail.trust.nhs.uk', 'expected smtp://host:port or smtps://host:port'],
    ['DIGEST_SCHEDULE', 'every monday', 'expected a five-field cron pattern'],
    ['DIGEST_THRESHOLD', '2', 'expected a probability between 0.01 and 1'],
    ['DIGEST_FROM', 'wardflow', 'expected an email address'],
    ['PUBLIC_URL', 'ftp://x', 'expected an http(s) URL'],
  ])('should reject %s=%s', (name, value, message) => {
    expect(() => testConfig({ [name]: value })).toThrow(`${name}: ${message}`);
  });

  it('should default the digest settings', () => {
    expect(testConfig({}).digest).toEqual({
      smtpUrl: null,
      smtpTimeoutMs: 30_000,
      from: 'wardflow@localhost',
      schedule: '0 7 * * 1',
      threshold: 0.3,
      publicUrl: 'http://127.0.0.1:3000',
      leads: null,
      emailDomains: [],
    });
  });
});
