import type { Location, Observation } from '@medplum/fhirtypes';
import {
  SharedVocabulary,
  chooseRead,
  mergeById,
  pruneObservations,
  withinLookback,
  type WardReadState,
} from './ward-read-state.js';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-22T10:00:00Z');
const opts = { reconcileIntervalMs: HOUR, clockSkewMs: 5 * 60_000, forceFull: false };

const state = (over: Partial<WardReadState> = {}): WardReadState => ({
  fullReadAt: NOW - 30 * 60_000,
  lastReadAt: NOW - 15 * 60_000,
  locations: new Map(),
  patientIds: new Set(),
  observations: new Map(),
  incidents: [],
  staffingReports: [],
  ...over,
});

describe('chooseRead', () => {
  it('should read in full the first time', () => {
    expect(chooseRead(undefined, NOW, opts)).toEqual({ kind: 'full', why: 'first read' });
  });

  it('should read changes since the last read less the clock skew in between full reads', () => {
    expect(chooseRead(state(), NOW, opts)).toEqual({ kind: 'changes', since: NOW - 20 * 60_000 });
  });

  it('should reconcile once the last full read is as old as the interval', () => {
    expect(chooseRead(state({ fullReadAt: NOW - HOUR }), NOW, opts)).toMatchObject({
      kind: 'full',
      why: 'reconciliation',
    });
    expect(chooseRead(state({ fullReadAt: NOW - HOUR + 1 }), NOW, opts).kind).toBe('changes');
  });

  it('should read in full when asked to confirm, and always when the interval is 0', () => {
    expect(chooseRead(state(), NOW, { ...opts, forceFull: true })).toMatchObject({ kind: 'full', why: 'confirmation' });
    expect(chooseRead(state({ fullReadAt: NOW }), NOW, { ...opts, reconcileIntervalMs: 0 }).kind).toBe('full');
  });

  it('should read in full at the turn of the London day, in BST and in GMT (CS-10)', () => {
    // 23:10Z on 1 July is 00:10 BST on 2 July, so a full read at 22:50Z was yesterday; in GMT, 23:50Z is still the same day.
    const bst = Date.parse('2026-07-01T23:10:00Z');
    expect(
      chooseRead(state({ fullReadAt: bst - 20 * 60_000, lastReadAt: bst - 15 * 60_000 }), bst, opts),
    ).toMatchObject({ why: 'new day' });
    const gmt = Date.parse('2026-11-22T23:50:00Z');
    expect(chooseRead(state({ fullReadAt: gmt - 20 * 60_000, lastReadAt: gmt - 15 * 60_000 }), gmt, opts).kind).toBe(
      'changes',
    );
    const gmtMidnight = Date.parse('2026-11-23T00:05:00Z');
    expect(
      chooseRead(
        state({ fullReadAt: gmtMidnight - 20 * 60_000, lastReadAt: gmtMidnight - 15 * 60_000 }),
        gmtMidnight,
        opts,
      ),
    ).toMatchObject({ why: 'new day' });
  });
});

describe('mergeById', () => {
  const bed = (id: string, lastUpdated: string | undefined, name: string): Location => ({
    resourceType: 'Location',
    id,
    name,
    ...(lastUpdated === undefined ? {} : { meta: { lastUpdated } }),
  });

  it('should replace by id with the newer copy and add new ones', () => {
    const beds = new Map([['b1', bed('b1', '2026-11-22T09:00:00Z', 'old')]]);
    mergeById(beds, [bed('b1', '2026-11-22T09:30:00Z', 'new'), bed('b2', '2026-11-22T09:30:00Z', 'two')]);
    expect([...beds.values()].map((b) => b.name)).toEqual(['new', 'two']);
  });

  it('should never let an older copy from an overlapping change search replace a newer one', () => {
    const beds = new Map([['b1', bed('b1', '2026-11-22T09:30:00Z', 'newer')]]);
    mergeById(beds, [bed('b1', '2026-11-22T09:00:00Z', 'older')]);
    expect(beds.get('b1')?.name).toBe('newer');
  });

  it('should keep resources without an id apart rather than drop them', () => {
    const beds = new Map<string, Location>();
    mergeById(beds, [
      { resourceType: 'Location', name: 'a' },
      { resourceType: 'Location', name: 'b' },
    ]);
    expect(beds.size).toBe(2);
  });
});

describe('observation pruning', () => {
  const obs = (id: string, encounter: string, effective: Partial<Observation>): Observation => ({
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { text: 'x' },
    encounter: { reference: `Encounter/${encounter}` },
    ...effective,
  });
  const cutoff = NOW - 24 * HOUR;

  it('should keep what a full read would fetch: recent readings and periods still open or ending after the cutoff', () => {
    expect(withinLookback(obs('a', 'e1', { effectiveDateTime: new Date(cutoff).toISOString() }), cutoff)).toBe(true);
    expect(withinLookback(obs('a', 'e1', { effectiveDateTime: new Date(cutoff - 1).toISOString() }), cutoff)).toBe(
      false,
    );
    expect(withinLookback(obs('a', 'e1', { effectivePeriod: { start: '2026-01-01T00:00:00Z' } }), cutoff)).toBe(true);
    expect(
      withinLookback(
        obs('a', 'e1', { effectivePeriod: { start: '2026-01-01T00:00:00Z', end: '2026-02-01T00:00:00Z' } }),
        cutoff,
      ),
    ).toBe(false);
    expect(withinLookback(obs('a', 'e1', {}), cutoff)).toBe(false);
  });

  it('should drop the readings of patients who left and readings that aged out', () => {
    const held = new Map<string, Observation>([
      ['stay', obs('stay', 'e1', { effectiveDateTime: new Date(NOW - HOUR).toISOString() })],
      ['aged', obs('aged', 'e1', { effectiveDateTime: new Date(NOW - 25 * HOUR).toISOString() })],
      ['left', obs('left', 'e2', { effectiveDateTime: new Date(NOW - HOUR).toISOString() })],
    ]);
    pruneObservations(held, { encounterIds: new Set(['e1']), stayOfPatient: new Map() }, new Set(), cutoff);
    expect([...held.keys()]).toEqual(['stay']);
  });

  it('should keep a reading that names only a patient still on the ward, and one of a stay not here yet', () => {
    const recent = new Date(NOW - HOUR).toISOString();
    const held = new Map<string, Observation>([
      [
        'patient-only',
        {
          ...obs('patient-only', 'x', { effectiveDateTime: recent }),
          encounter: undefined,
          subject: { reference: 'Patient/p1' },
        },
      ],
      [
        'gone',
        {
          ...obs('gone', 'x', { effectiveDateTime: recent }),
          encounter: undefined,
          subject: { reference: 'Patient/p2' },
        },
      ],
      ['elsewhere', { ...obs('elsewhere', 'e9', { effectiveDateTime: recent }), subject: { reference: 'Patient/p1' } }],
    ]);
    pruneObservations(
      held,
      { encounterIds: new Set(['e1']), stayOfPatient: new Map([['p1', 'e1']]) },
      new Set(['p1']),
      cutoff,
    );
    // p2 left: their reading goes. The reading of p1's stay e9 stays held (e9 may arrive on the ward
    // next poll, and a change read would not fetch it again); the board does not show it (stay-links).
    expect([...held.keys()]).toEqual(['patient-only', 'elsewhere']);
  });
});

describe('SharedVocabulary', () => {
  const reading = (id: string, patient: string): Observation => ({
    resourceType: 'Observation',
    id,
    status: 'final',
    meta: {
      lastUpdated: '2026-11-22T09:00:00Z',
      profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Observation'],
    },
    code: { coding: [{ system: 'http://snomed.info/sct', code: '1104051000000101', display: 'NEWS2 total score' }] },
    subject: { reference: `Patient/${patient}`, display: `Patient ${patient}` },
    effectiveDateTime: '2026-11-22T09:00:00Z',
    valueQuantity: { value: 3, unit: 'score', system: 'http://unitsofmeasure.org', code: '{score}' },
  });

  it('should leave every value as it was', () => {
    const vocabulary = new SharedVocabulary();
    const held = vocabulary.share(reading('o1', 'p1'));
    expect(held).toEqual(reading('o1', 'p1'));
  });

  it("should hold each vocabulary string once, and no ids, references, a reference's display or times", () => {
    const vocabulary = new SharedVocabulary();
    for (let i = 0; i < 50; i++) vocabulary.share(reading(`o${i}`, `p${i}`));
    // Observation, final, the profile, the SNOMED system, code and display, score, UCUM, {score}.
    expect(vocabulary.size).toBe(9);
  });

  it('should stop taking new strings at its limit, and still return the resource whole', () => {
    const vocabulary = new SharedVocabulary(3);
    for (let i = 0; i < 10; i++) {
      const odd = { ...reading(`o${i}`, 'p'), status: `status-${i}` } as unknown as Observation;
      expect(vocabulary.share(odd)).toEqual(odd);
    }
    expect(vocabulary.size).toBe(3);
  });
});
