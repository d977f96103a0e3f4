import { composeBoard } from './board.js';
import { makeBed, makePatient, makeWardSnapshot } from './testing/board.builders.js';
import type { Ward, WardSnapshot } from './ward.types.js';

const ward: Ward = {
  id: 'w',
  name: 'Cedar',
  siteId: 's',
  siteName: 'S',
  profile: 'acute',
  displayLabel: 'initials',
  showMentalHealthAct: true,
};
const now = Date.parse('2026-11-21T10:00:00Z');
const snapshot = (asOf: string): WardSnapshot => makeWardSnapshot(asOf);

describe('composeBoard', () => {
  it('should show a retired ward as retired and nothing of its last patients, whatever the snapshot holds', () => {
    const last = makeWardSnapshot('2026-11-21T09:55:00Z', {
      beds: [makeBed({ status: 'occupied', patient: makePatient() })],
    });
    const board = composeBoard(
      { ...ward, retired: { since: '2026-11-21T09:58:00Z', reason: 'No longer found on the FHIR server' } },
      { version: 9, snapshot: last, staleReason: null, lastPollOk: true },
      now,
    );
    expect(board.freshness).toBe('expired');
    expect(board.staleReason).toBe(
      'Ward retired since Sat 21 Nov 09:58 GMT (No longer found on the FHIR server); no longer polled, its history is kept',
    );
    expect(board.beds).toEqual([]);
    expect(board.unplaced).toEqual([]);
    expect(board.census).toBeNull();
  });

  it('should be fresh with no reason after a recent successful poll', () => {
    const board = composeBoard(
      ward,
      { version: 3, snapshot: snapshot('2026-11-21T09:55:00Z'), staleReason: null, lastPollOk: true },
      now,
    );
    expect(board).toMatchObject({
      freshness: 'fresh',
      version: 3,
      asOf: '2026-11-21T09:55:00Z',
      serverTime: '2026-11-21T10:00:00.000Z',
    });
    expect(board.staleReason).toBeUndefined();
  });

  it('should keep the old data but say stale, with the reason, after a failed poll', () => {
    const board = composeBoard(
      ward,
      {
        version: 4,
        snapshot: snapshot('2026-11-21T09:55:00Z'),
        staleReason: 'FHIR server unreachable',
        lastPollOk: false,
      },
      now,
    );
    expect(board).toMatchObject({ freshness: 'stale', staleReason: 'FHIR server unreachable' });
    expect(board.census).not.toBeNull();
  });

  it('should be stale with the reason while a census drop is held, though FHIR answered', () => {
    const reason = 'Patients on the ward fell from 24 to 2: showing the previous board until the next poll confirms it';
    const board = composeBoard(
      ward,
      { version: 5, snapshot: snapshot('2026-11-21T09:55:00Z'), staleReason: reason, lastPollOk: true },
      now,
    );
    expect(board).toMatchObject({ freshness: 'stale', staleReason: reason });
  });

  it('should explain staleness from age alone', () => {
    const board = composeBoard(
      ward,
      { version: 4, snapshot: snapshot('2026-11-21T09:30:00Z'), staleReason: null, lastPollOk: true },
      now,
    );
    expect(board).toMatchObject({ freshness: 'stale', staleReason: 'No successful poll since the time shown' });
  });

  it('should be expired with a reason before the first data', () => {
    const board = composeBoard(ward, { version: 0, snapshot: null, staleReason: null, lastPollOk: null }, now);
    expect(board).toMatchObject({
      freshness: 'expired',
      asOf: null,
      census: null,
      beds: [],
      staleReason: 'No data received from FHIR yet',
    });
  });
});

describe('composeBoard: the ward display options, as served', () => {
  const patient = {
    encounterId: 'e1',
    initials: 'J.S.',
    sameInitialsAs: ['e2'],
    admittedAt: null,
    expectedDischargeDate: null,
    onLeave: false,
    news2: null,
    observationLevel: null,
    mentalHealthAct: { code: '3', label: 'Section 3', since: null },
    fallsRisk: null,
    glucose: null,
    awol: null,
    carePlanReview: null,
    assessments: [],
    delays: [],
    dataErrors: [],
  };
  const stored: WardSnapshot = {
    ...snapshot('2026-11-21T09:55:00Z'),
    beds: [{ id: 'b1', label: 'Bed 1', status: 'occupied', statusSince: null, patient }],
    unplaced: [{ patient: { ...patient, encounterId: 'e2' }, reason: 'no bed' }],
  };
  const serve = (w: Ward) =>
    composeBoard(w, { version: 1, snapshot: stored, staleReason: null, lastPollOk: true }, now);

  it('should show initials and the section on a ward that shows them', () => {
    const board = serve(ward);
    expect(board.beds[0]?.patient).toMatchObject({ initials: 'J.S.', mentalHealthAct: { code: '3' } });
  });

  it('should drop initials and the same-initials warning on a bed-only ward, and the section where it is hidden, whatever was stored', () => {
    const board = serve({ ...ward, displayLabel: 'bed-only', showMentalHealthAct: false });
    for (const p of [board.beds[0]?.patient, board.unplaced[0]?.patient]) {
      expect(p).toMatchObject({
        initials: null,
        sameInitialsAs: [],
        mentalHealthAct: null,
        encounterId: expect.any(String),
      });
    }
  });
});
