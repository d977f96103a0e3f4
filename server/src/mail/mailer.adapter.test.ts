import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempDir } from '../testing/test-databases.js';
import { MailRefusedError, NodemailerMailer, recipientDomains, recipientProblem } from './mailer.adapter.js';

describe('mailer adapter', () => {
  it.each([
    ['a@trust.nhs.uk', ['trust.nhs.uk']],
    ['Matron <A@Trust.NHS.uk>, b@nhs.net', ['trust.nhs.uk', 'nhs.net']],
    ['no-at-sign', [null]],
  ])('should read the domains of %s', (to, domains) => {
    expect(recipientDomains(to)).toEqual(domains);
  });

  it('should refuse any recipient off the allow-list (SEC-9), exact domains only', () => {
    expect(recipientProblem('a@trust.nhs.uk', ['trust.nhs.uk'])).toBeNull();
    expect(recipientProblem('a@evil.trust.nhs.uk', ['trust.nhs.uk'])).toBe(
      'recipient domain evil.trust.nhs.uk is not in emailDomains (SEC-9)',
    );
    expect(recipientProblem('a@trust.nhs.uk, b@gmail.com', ['trust.nhs.uk'])).toBe(
      'recipient domain gmail.com is not in emailDomains (SEC-9)',
    );
    expect(recipientProblem('', ['trust.nhs.uk'])).toBe('no recipient');
  });

  it('should write each message to the outbox once per Message-ID, and list it', async () => {
    const dir = createTempDir();
    const mailer = new NodemailerMailer({
      smtpUrl: null,
      from: 'wardflow@trust.nhs.uk',
      outboxDir: join(dir.path, 'outbox'),
      allowedDomains: ['trust.nhs.uk'],
      timeoutMs: 1_000,
    });
    try {
      const email = {
        to: 'matron@trust.nhs.uk',
        subject: 'Digest',
        html: '<p>Hello</p>',
        text: 'Hello',
        messageId: '<digest.2026-03-30.bWF0cm9u@trust.nhs.uk>',
      };
      expect(await mailer.send(email)).toEqual({
        messageId: '<digest.2026-03-30.bWF0cm9u@trust.nhs.uk>',
        via: 'outbox',
      });
      await mailer.send(email);
      const files = await mailer.outbox();
      expect(files.map((f) => f.file)).toEqual(['digest.2026-03-30.bWF0cm9u@trust.nhs.uk.eml']);
      const raw = readFileSync(join(dir.path, 'outbox', files[0]!.file), 'utf8');
      expect(raw).toContain('Message-ID: <digest.2026-03-30.bWF0cm9u@trust.nhs.uk>');
      expect(raw).toContain('From: wardflow@trust.nhs.uk');
      await expect(mailer.send({ ...email, to: 'someone@gmail.com' })).rejects.toBeInstanceOf(MailRefusedError);
    } finally {
      mailer.close();
      dir.remove();
    }
  });

  it('should list an empty outbox before anything was written', async () => {
    const dir = createTempDir();
    const mailer = new NodemailerMailer({
      smtpUrl: null,
      from: 'w@x.example',
      outboxDir: join(dir.path, 'none'),
      allowedDomains: [],
      timeoutMs: 1_000,
    });
    expect(await mailer.outbox()).toEqual([]);
    mailer.close();
    dir.remove();
  });
});
