/** Typed builders for the escalation components' tests (docs/style.md rule 11). */
import type { EscalationUpdate, EscalationView, EscalationsSubscribeRequest, SubscribeAck } from '@wardflow/shared';
import { FakeLiveTransport } from '../live/live.builders';
import type { EscalationTransport } from './escalation-feed';

export const NOW = Date.parse('2026-11-21T14:00:00Z');

export function makeEscalation(id: number, overrides: Partial<EscalationView> = {}): EscalationView {
  return {
    id,
    wardId: 'ward-a',
    wardName: 'Ash Ward',
    siteId: 'site-north',
    rule: 'occupancy-high',
    ruleLabel: 'Occupancy above 95%',
    kind: 'occupancy',
    subject: '',
    value: 97,
    latestValue: 97,
    detail: 'Occupancy 97% (29 of 30 open beds; above 95%)',
    raisedAt: new Date(NOW - id * 10 * 60_000).toISOString(),
    lastSeenAt: new Date(NOW).toISOString(),
    ...overrides,
  };
}

/** A transport the test drives by hand. */
export class FakeEscalationTransport extends FakeLiveTransport<EscalationView[]> implements EscalationTransport {
  readonly subscriptions: EscalationsSubscribeRequest[] = [];
  push: (update: EscalationUpdate) => void = () => undefined;

  constructor() {
    super(() => Promise.resolve({ data: [] }));
  }

  onEscalation(listener: (update: EscalationUpdate) => void): void {
    this.push = listener;
  }
  subscribe(request: EscalationsSubscribeRequest): Promise<SubscribeAck<EscalationView[]>> {
    this.subscriptions.push(request);
    return this.answer();
  }
}
