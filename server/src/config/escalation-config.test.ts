import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempDir } from '../testing/test-databases.js';
import { readWardsConfig } from './wards-config.js';

describe('WARDS_CONFIG escalation, access and ward display options', () => {
  const dir = createTempDir();
  afterAll(() => dir.remove());
  const read = (json: unknown) => {
    const path = join(dir.path, `${Math.random()}.json`);
    writeFileSync(path, JSON.stringify(json));
    return readWardsConfig(path);
  };

  it('should give the ten default rules, no claim mapping and no display options when absent', () => {
    const { config, problems } = read({});
    expect(problems).toEqual([]);
    expect(config.escalation.rules.map((r) => r.id)).toEqual([
      'occupancy-high',
      'composite-red',
      'past-expected-discharge',
      'cleaning-long',
      'news2-high',
      'awol',
      'mha-section-7d',
      'mha-section-1d',
      'mha-rights-overdue',
      'mha-leave-overdue',
    ]);
    expect(config.escalation.notify).toEqual([]);
    expect(config.access).toBeNull();
    expect(config.wardDisplay).toEqual({});
  });

  it('should apply overrides, new rules, notify, the claim mapping and display options', () => {
    const { config, problems } = read({
      escalation: {
        rules: [
          { id: 'occupancy-high', threshold: 90, label: 'Occupancy above 90%' },
          { id: 'cleaning-4h', kind: 'cleaning-long', threshold: 4, label: 'Cleaning over 4 h' },
        ],
        notify: [{ siteId: 'site-1', email: 'beds@nhs.example' }],
      },
      access: {
        claim: 'nhsid_nrbac_roles[].role_code',
        rules: [
          { value: 'S8000:G8000:R8001', role: 'ward-staff', wards: ['ward-oak'], requires: { org_code: 'RWK' } },
          { value: 'S8000:G8000:R8003', role: 'bed-manager', sites: '*' },
          { value: 'wf-admins', role: 'admin' },
        ],
      },
      wards: { 'ward-oak': { displayLabel: 'bed-only', showMentalHealthAct: false } },
    });
    expect(problems).toEqual([]);
    expect(config.escalation.rules.find((r) => r.id === 'occupancy-high')?.threshold).toBe(90);
    expect(config.escalation.rules.find((r) => r.id === 'cleaning-4h')).toEqual({
      id: 'cleaning-4h',
      kind: 'cleaning-long',
      threshold: 4,
      enabled: true,
      label: 'Cleaning over 4 h',
    });
    expect(config.escalation.notify).toEqual([{ siteId: 'site-1', email: 'beds@nhs.example' }]);
    expect(config.access).toEqual({
      claim: 'nhsid_nrbac_roles[].role_code',
      nameClaim: 'name',
      rules: [
        { value: 'S8000:G8000:R8001', role: 'ward-staff', wards: ['ward-oak'], requires: { org_code: 'RWK' } },
        { value: 'S8000:G8000:R8003', role: 'bed-manager', sites: '*' },
        { value: 'wf-admins', role: 'admin' },
      ],
    });
    expect(config.wardDisplay).toEqual({ 'ward-oak': { displayLabel: 'bed-only', showMentalHealthAct: false } });
  });

  it('should name every problem with its field', () => {
    const { problems } = read({
      escalation: {
        rules: [{ id: 'news2-high', threshold: 50 }, { id: 'Bad Id' }],
        notify: [{ siteId: 's', email: 'not an email' }],
        extra: 1,
      },
      access: {
        claim: 'groups',
        rules: [
          { value: 'g1', role: 'superuser' },
          { value: 'g2', role: 'ward-staff' },
        ],
      },
      wards: { 'ward-oak': { displayLabel: 'surname', showMentalHealthAct: 'no' } },
    });
    const text = problems.join('\n');
    expect(text).toContain('escalation.rules.1.id: expected lower-case letters');
    expect(text).toContain('escalation.notify.0.email');
    expect(text).toContain('escalation: Unrecognized key: "extra"');
    expect(text).toContain('access.rules.0.role');
    expect(text).toContain('wards.ward-oak.displayLabel');
    expect(text).toContain('wards.ward-oak.showMentalHealthAct');
    for (const p of problems) expect(p).toMatch(/^WARDS_CONFIG: .*\.json: /);
    const range = read({ escalation: { rules: [{ id: 'news2-high', threshold: 50 }] } }).problems.join('\n');
    expect(range).toContain('threshold 50 is outside 1-20 for news2');
  });

  it('should refuse a clinical role with no scope, and say what replaced the username sign-in', () => {
    const unscoped = read({ access: { claim: 'groups', rules: [{ value: 'g2', role: 'ward-staff' }] } }).problems.join(
      '\n',
    );
    expect(unscoped).toContain('access.rules.0: role ward-staff needs "wards" or "sites"');
    const users = read({ users: [{ username: 'amy' }] }).problems.join('\n');
    expect(users).toContain('users: the username/password sign-in was replaced by OpenID Connect');
  });
});
