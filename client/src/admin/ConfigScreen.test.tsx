import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import type { ConfigView } from '@wardflow/shared';
import { ConfigScreen } from './ConfigScreen';

const config: ConfigView = {
  role: 'all',
  publicUrl: 'https://wardflow.trust.example',
  host: '0.0.0.0',
  port: 3000,
  trustProxy: false,
  demo: false,
  fhir: {
    baseUrl: 'https://fhir.trust.example/R4',
    auth: 'client-credentials',
    timeoutMs: 10_000,
    pollIntervalMs: 15 * 60_000,
  },
  oidc: {
    issuer: 'https://login.trust.example',
    clientId: 'wardflow',
    clientAuth: 'private_key_jwt',
    scopes: 'openid profile',
    embedded: true,
  },
  sessions: {
    idleTimeoutMs: 30 * 60_000,
    absoluteTimeoutMs: 12 * 60 * 60_000,
    cookieName: '__Host-wardflow-session',
    secure: true,
  },
  access: {
    claim: 'groups',
    nameClaim: 'name',
    rules: [{ value: 'wardflow-ash-nurses', role: 'ward-staff', wards: ['ward-ash'], sites: [] }],
  },
  wards: [
    {
      id: 'ward-ash',
      name: 'Ash Ward',
      siteId: 'site-north',
      profile: 'acute',
      displayLabel: 'initials',
      showMentalHealthAct: true,
    },
  ],
  database: 'postgresql',
  redis: 'redis://redis:6379/',
  digest: {
    schedule: '0 6 * * 1',
    smtp: 'smtp://mail.trust.example:25',
    from: 'wardflow@trust.example',
    emailDomains: ['nhs.net'],
  },
  feeds: { dropDir: '/var/lib/wardflow/feeds', scanIntervalMs: 60_000, settleMs: 30_000 },
  historyBackfillDays: 180,
  auditRetentionDays: 2555,
};

describe('ConfigScreen', () => {
  it('should show the settings in readable sections, durations in words, and the role rules by ward name', () => {
    render(
      <MemoryRouter>
        <ConfigScreen config={config} error={null} />
      </MemoryRouter>,
    );
    const feeds = within(screen.getByRole('region', { name: 'Staffing and incident feeds' }));
    expect(feeds.getByText('Looked in every').nextElementSibling?.textContent).toBe('1 minute');
    expect(
      within(screen.getByRole('region', { name: 'History' })).getByText('Backfilled from FHIR on first start')
        .nextElementSibling?.textContent,
    ).toBe('180 days');
    const sessions = within(screen.getByRole('region', { name: 'Sessions' }));
    expect(sessions.getByText('Signed out after no use for').nextElementSibling?.textContent).toBe('30 minutes');
    expect(sessions.getByText('Signed out at the latest after').nextElementSibling?.textContent).toBe('12 hours');
    expect(
      within(screen.getByRole('region', { name: 'FHIR server' })).getByText('Each ward read every').nextElementSibling
        ?.textContent,
    ).toBe('15 minutes');
    expect(
      within(screen.getByRole('table', { name: 'Role rules' })).getByRole('row', { name: /wardflow-ash-nurses/ })
        .textContent,
    ).toBe('wardflow-ash-nurses—Ward staffward Ash Ward');
    expect(screen.getByText(/for trying Wardflow out only/)).toBeTruthy();
  });

  it('should say why the configuration could not be shown', () => {
    render(
      <MemoryRouter>
        <ConfigScreen config={null} error="Your role does not include this." />
      </MemoryRouter>,
    );
    expect(screen.getByRole('alert').textContent).toBe(
      'Could not load the configuration: Your role does not include this.',
    );
  });
});
