import type { StaffingDay, WardContext } from '../ward.types.js';
import { mergeWardContext, type ImportedStaffingDay, type WardFeeds } from './merge-ward-context.js';

const READ = '2026-12-06T09:00:00.000Z';
const IMPORTED = '2026-12-06T07:00:00.000Z';
const NONE: WardFeeds = { staffing: [], incidents: [], incidentsImportedAt: null };

const fhirDay = (date: string, overrides: Partial<StaffingDay> = {}): StaffingDay => ({
  date,
  plannedHours: 100,
  actualHours: 100,
  bankHours: 0,
  agencyHours: 0,
  sicknessHours: 0,
  reportedAt: null,
  ...overrides,
});
const rosterDay = (date: string, overrides: Partial<ImportedStaffingDay> = {}): ImportedStaffingDay => ({
  date,
  plannedHours: 240,
  actualHours: 228,
  bankHours: 24,
  agencyHours: 12,
  sicknessHours: 7.5,
  importedAt: IMPORTED,
  ...overrides,
});
/** A roster day as the merged context holds it: reported when its import was received. */
const asMerged = ({ importedAt, ...figures }: ImportedStaffingDay): StaffingDay => ({
  ...figures,
  reportedAt: importedAt,
});
const fhir = (overrides: Partial<WardContext> = {}): WardContext => ({
  readAt: READ,
  incidents: [],
  staffing: [],
  ...overrides,
});

describe('mergeWardContext', () => {
  it('should leave a FHIR context as it is, every part from FHIR, when nothing was imported', () => {
    const context = fhir({
      staffing: [fhirDay('2026-12-01')],
      incidents: [{ id: 'ae-1', categories: ['fall'], occurredAt: '2026-12-02T10:00:00Z' }],
    });
    expect(mergeWardContext(context, NONE)).toEqual({
      context,
      sources: {
        staffing: { '2026-12-01': { kind: 'fhir', readAt: READ } },
        incidents: [{ kind: 'fhir', readAt: READ }],
      },
    });
  });

  it('should take a day FHIR reports from FHIR, whole, and fill the days it does not report from the roster', () => {
    const { context, sources } = mergeWardContext(
      fhir({
        staffing: [
          fhirDay('2026-12-01'),
          // Reported with only one figure: still FHIR's day; figures are never mixed from two systems.
          fhirDay('2026-12-02', {
            plannedHours: null,
            actualHours: null,
            bankHours: 3,
            agencyHours: null,
            sicknessHours: null,
          }),
          // A report with no readable figure at all says nothing: the roster's day stands.
          fhirDay('2026-12-03', {
            plannedHours: null,
            actualHours: null,
            bankHours: null,
            agencyHours: null,
            sicknessHours: null,
          }),
        ],
      }),
      {
        ...NONE,
        staffing: [rosterDay('2026-12-01'), rosterDay('2026-12-02'), rosterDay('2026-12-03'), rosterDay('2026-11-30')],
      },
    );
    expect(context?.staffing).toEqual([
      asMerged(rosterDay('2026-11-30')),
      fhirDay('2026-12-01'),
      fhirDay('2026-12-02', {
        plannedHours: null,
        actualHours: null,
        bankHours: 3,
        agencyHours: null,
        sicknessHours: null,
      }),
      asMerged(rosterDay('2026-12-03')),
    ]);
    expect(sources.staffing).toEqual({
      '2026-11-30': { kind: 'import', importedAt: IMPORTED },
      '2026-12-01': { kind: 'fhir', readAt: READ },
      '2026-12-02': { kind: 'fhir', readAt: READ },
      '2026-12-03': { kind: 'import', importedAt: IMPORTED },
    });
  });

  it('should count an incident both sources have once, as FHIR has it, and leave out imported incidents of kinds not counted', () => {
    const { context, sources } = mergeWardContext(
      fhir({ incidents: [{ id: 'W1', categories: ['fall'], occurredAt: '2026-12-02T10:00:00Z' }] }),
      {
        staffing: [],
        incidents: [
          { ref: 'W1', categories: ['violence-aggression'], occurredAt: '2026-12-02T11:00:00Z', importedAt: IMPORTED },
          { ref: 'W2', categories: ['self-harm'], occurredAt: '2026-12-01T10:00:00Z', importedAt: IMPORTED },
          { ref: 'W3', categories: [], occurredAt: '2026-12-03T10:00:00Z', importedAt: IMPORTED },
        ],
        incidentsImportedAt: '2026-12-06T08:00:00.000Z',
      },
    );
    expect(context?.incidents).toEqual([
      { id: 'W2', categories: ['self-harm'], occurredAt: '2026-12-01T10:00:00Z' },
      { id: 'W1', categories: ['fall'], occurredAt: '2026-12-02T10:00:00Z' },
    ]);
    expect(sources.incidents).toEqual([
      { kind: 'fhir', readAt: READ },
      { kind: 'import', importedAt: '2026-12-06T08:00:00.000Z' },
    ]);
  });

  it('should build a context from the imports alone when FHIR gave none, read as of the newest import', () => {
    const { context } = mergeWardContext(null, {
      staffing: [rosterDay('2026-12-01')],
      incidents: [],
      incidentsImportedAt: '2026-12-06T08:00:00.000Z',
    });
    expect(context?.readAt).toBe('2026-12-06T08:00:00.000Z');
    expect(context?.staffing.map((d) => d.date)).toEqual(['2026-12-01']);
    expect(mergeWardContext(null, NONE)).toEqual({ context: null, sources: { staffing: {}, incidents: [] } });
  });
});
