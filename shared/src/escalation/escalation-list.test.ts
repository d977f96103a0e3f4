import type { EscalationView } from '../api/api.types.js';
import { applyEscalationUpdate, mostUrgent, newestFirst } from './escalation-list.js';

const view = (id: number, overrides: Partial<EscalationView> = {}): EscalationView => ({
  id,
  wardId: 'ward-a',
  wardName: 'Ash Ward',
  siteId: 'site-n',
  rule: 'occupancy-high',
  ruleLabel: 'Occupancy above 95%',
  kind: 'occupancy',
  subject: '',
  value: 97,
  latestValue: 97,
  detail: 'Occupancy 97%',
  raisedAt: `2026-11-21T10:0${id}:00Z`,
  lastSeenAt: `2026-11-21T10:0${id}:00Z`,
  ...overrides,
});

describe('the open escalations list', () => {
  it('should add a raised one newest first, replace an acknowledged one and drop a resolved one', () => {
    let list = applyEscalationUpdate([], { change: 'raised', escalation: view(1) });
    list = applyEscalationUpdate(list, { change: 'raised', escalation: view(2) });
    expect(list.map((e) => e.id)).toEqual([2, 1]);
    list = applyEscalationUpdate(list, {
      change: 'acknowledged',
      escalation: view(1, { acknowledgedBy: 'amy', acknowledgedAt: '2026-11-21T10:05:00Z' }),
    });
    expect(list.map((e) => [e.id, e.acknowledgedBy])).toEqual([
      [2, undefined],
      [1, 'amy'],
    ]);
    list = applyEscalationUpdate(list, {
      change: 'resolved',
      escalation: view(2, { resolvedAt: '2026-11-21T10:09:00Z' }),
    });
    expect(list.map((e) => e.id)).toEqual([1]);
  });

  it('should name the most urgent: NEWS2 before occupancy, unacknowledged before acknowledged, then the oldest', () => {
    const occupancy = view(1);
    const news2Acked = view(2, { kind: 'news2', acknowledgedBy: 'amy' });
    const news2 = view(3, { kind: 'news2' });
    const olderNews2 = view(0, { kind: 'news2' });
    expect(mostUrgent([occupancy, news2Acked, news2])?.id).toBe(3);
    expect(mostUrgent([occupancy, news2, olderNews2])?.id).toBe(0);
    expect(mostUrgent([occupancy])?.id).toBe(1);
    expect(mostUrgent([])).toBeNull();
    expect(newestFirst([view(1), view(3), view(2)]).map((e) => e.id)).toEqual([3, 2, 1]);
  });
});
