import { EscalationFeed, type EscalationsState } from './escalation-feed';
import { FakeEscalationTransport, makeEscalation } from './escalations.builders';

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('EscalationFeed', () => {
  it('should subscribe on every connect, show the list newest first, and apply pushes for its ward only', async () => {
    const transport = new FakeEscalationTransport();
    transport.answer = () => Promise.resolve({ data: [makeEscalation(3), makeEscalation(1)] });
    const feed = new EscalationFeed(transport, 'ward-a');
    let state: EscalationsState | null = null;
    feed.start((s) => (state = s));
    transport.connect();
    await flush();
    expect(transport.subscriptions).toEqual([{ wardId: 'ward-a' }]);
    expect(state).toMatchObject({ status: 'live', error: null });
    expect(state!.open.map((e) => e.id)).toEqual([1, 3]);

    transport.push({ change: 'raised', escalation: makeEscalation(9, { wardId: 'ward-b' }) });
    transport.push({
      change: 'acknowledged',
      escalation: makeEscalation(1, { acknowledgedBy: 'amy', acknowledgedAt: new Date().toISOString() }),
    });
    transport.push({ change: 'resolved', escalation: makeEscalation(3, { resolvedAt: new Date().toISOString() }) });
    expect(state!.open.map((e) => [e.id, e.acknowledgedBy])).toEqual([[1, 'amy']]);

    transport.disconnect();
    expect(state!.status).toBe('lost');
    transport.answer = () => Promise.resolve({ data: [] });
    transport.connect();
    await flush();
    expect(transport.subscriptions).toHaveLength(2);
    expect(state).toMatchObject({ status: 'live', open: [] });
    feed.stop();
    expect(transport.closed).toBe(true);
  });

  it('should keep a push that arrives while the subscription is in flight', async () => {
    const transport = new FakeEscalationTransport();
    let answer: (value: { data: ReturnType<typeof makeEscalation>[] }) => void = () => undefined;
    transport.answer = () => new Promise((resolve) => (answer = resolve));
    const feed = new EscalationFeed(transport, null);
    let state: EscalationsState | null = null;
    feed.start((s) => (state = s));
    transport.connect();
    transport.push({ change: 'raised', escalation: makeEscalation(2, { wardId: 'ward-b' }) });
    answer({ data: [makeEscalation(1)] });
    await flush();
    expect(transport.subscriptions).toEqual([{}]);
    // Both, newest raised first: the push is not lost under the list that answered the subscription.
    expect(state!.open.map((e) => e.id)).toEqual([1, 2]);
  });

  it('should say why when the server refuses the subscription', async () => {
    const transport = new FakeEscalationTransport();
    transport.answer = () => Promise.resolve({ error: 'Unknown ward ward-z' });
    const feed = new EscalationFeed(transport, 'ward-z');
    let state: EscalationsState | null = null;
    feed.start((s) => (state = s));
    transport.connect();
    await flush();
    expect(state!.error).toBe('Unknown ward ward-z');
  });

  it('should empty the list and keep the reason when the server ends access, ignoring later pushes', async () => {
    const transport = new FakeEscalationTransport();
    transport.answer = () => Promise.resolve({ data: [makeEscalation(1)] });
    const feed = new EscalationFeed(transport, null);
    let state: EscalationsState | null = null;
    feed.start((s) => (state = s));
    transport.connect();
    await flush();
    expect(state!.open).toHaveLength(1);
    transport.endAccess('session-idle');
    transport.push({ change: 'raised', escalation: makeEscalation(2) });
    expect(state).toMatchObject({ ended: 'session-idle', open: [] });
  });

  it('should keep the reason of a refused handshake', () => {
    const transport = new FakeEscalationTransport();
    const feed = new EscalationFeed(transport, 'ward-a');
    let state: EscalationsState | null = null;
    feed.start((s) => (state = s));
    transport.endAccess('no-credential');
    expect(state).toMatchObject({ ended: 'no-credential', open: [] });
  });
});
