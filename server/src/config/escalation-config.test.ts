import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempDir } from '../testing/test-databases.js';
import { readWardsConfig } from './wards-config.js';

const HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

describe('WARDS_CONFIG escalation and users', () => {
  const dir = createTempDir();
  afterAll(() => dir.remove());
  const read = (json: unknown) => {
    const path = join(dir.path, `${Math.random()}.json`);
    writeFileSync(path, JSON.stringify(json));
    return readWardsConfig(path);
  };

  it('should give the six default rules and nobody to sign in when absent', () => {
    const { config, problems } = read({});
    expect(problems).toEqual([]);
    expect(config.escalation.rules.map((r) => r.id)).toEqual(['occupancy-high', 'composite-red', 'past-expected-discharge', 'cleaning-long', 'news2-high', 'awol']);
    expect(config.escalation.notify).toEqual([]);
    expect(config.users).toEqual([]);
  });

  it('should apply overrides, new rules, notify and users', () => {
    const { config, problems } = read({
      escalation: { rules: [{ id: 'occupancy-high', threshold: 90, label: 'Occupancy above 90%' }, { id: 'cleaning-4h', kind: 'cleaning-long', threshold: 4, label: 'Cleaning over 4 h' }], notify: [{ siteId: 'site-1', email: 'beds@nhs.example' }] },
      users: [{ username: 'amy', name: 'Amy', role: 'manager', passwordHash: HASH }],
    });
    expect(problems).toEqual([]);
    expect(config.escalation.rules.find((r) => r.id === 'occupancy-high')?.threshold).toBe(90);
    expect(config.escalation.rules.find((r) => r.id === 'cleaning-4h')).toEqual({ id: 'cleaning-4h', kind: 'cleaning-long', threshold: 4, enabled: true, label: 'Cleaning over 4 h' });
    expect(config.escalation.notify).toEqual([{ siteId: 'site-1', email: 'beds@nhs.example' }]);
    expect(config.users.map((u) => u.username)).toEqual(['amy']);
  });

  it('should name every problem with its field', () => {
    const { problems } = read({
      escalation: { rules: [{ id: 'news2-high', threshold: 50 }, { id: 'Bad Id' }], notify: [{ siteId: 's', email: 'not an email' }], extra: 1 },
      users: [{ username: 'amy', name: 'Amy', role: 'manager', passwordHash: 'hunter2' }, { username: 'bob', name: 'Bob', role: 'admin', passwordHash: HASH }],
    });
    const text = problems.join('\n');
    expect(text).toContain('escalation.rules.1.id: expected lower-case letters');
    expect(text).toContain('escalation.notify.0.email');
    expect(text).toContain('escalation: Unrecognized key: "extra"');
    expect(text).toContain('users.0.passwordHash: expected a scrypt hash');
    expect(text).toContain('users.1.role');
    for (const p of problems) expect(p).toMatch(/^WARDS_CONFIG: .*\.json: /);
    const range = read({ escalation: { rules: [{ id: 'news2-high', threshold: 50 }] } }).problems.join('\n');
    expect(range).toContain('threshold 50 is outside 1-20 for news2');
  });
});
