import type { EscalationView } from '@wardflow/shared';
import { escalationEmail } from './escalation-email.js';

const escalation: EscalationView = {
  id: 7,
  wardId: 'ward-a',
  wardName: 'Ash <Ward>',
  siteId: 'site-n',
  rule: 'news2-high',
  ruleLabel: 'NEWS2 of 7 or more',
  kind: 'news2',
  subject: 'enc-123',
  value: 8,
  latestValue: 8,
  detail: 'Bed 4: NEWS2 8',
  raisedAt: '2026-07-01T09:15:00Z',
  lastSeenAt: '2026-07-01T09:15:00Z',
};

describe('escalationEmail', () => {
  it('should carry ward, rule, value, London time and a link, escaped, and not the encounter id', () => {
    const email = escalationEmail(escalation, 'https://wardflow.trust.nhs.uk/');
    expect(email.subject).toBe('Wardflow escalation: Ash <Ward>: NEWS2 of 7 or more');
    expect(email.text).toContain('Ward: Ash <Ward>');
    expect(email.text).toContain('Value: 8');
    expect(email.text).toContain('10:15 BST');
    expect(email.text).toContain('https://wardflow.trust.nhs.uk/sites');
    expect(email.html).toContain('Ash &lt;Ward&gt;');
    expect(email.html).toContain('href="https://wardflow.trust.nhs.uk/sites"');
    expect(`${email.text}${email.html}`).not.toContain('enc-123');
  });
});
