import type { Flag } from '@medplum/fhirtypes';
import { ingestRulesWith } from './ingest-rules.js';
import { DEFAULT_ISOLATION_CODES, INFECTION_SYSTEMS, infectionStatus } from './infection.js';
import { SYSTEMS } from './fhir-codes.js';

const now = Date.parse('2026-11-21T10:00:00Z');

function flag(system: string, code: string, extra: Partial<Flag> = {}): Flag {
  return {
    resourceType: 'Flag',
    id: `${code}-${Math.random()}`,
    status: 'active',
    code: { coding: [{ system, code }] },
    subject: { reference: 'Patient/p1' },
    period: { start: '2026-11-20T08:00:00Z' },
    ...extra,
  };
}
const alert = (code: string, extra: Partial<Flag> = {}) => flag(INFECTION_SYSTEMS.alert, code, extra);
const isolate = (code: string, extra: Partial<Flag> = {}) => flag(INFECTION_SYSTEMS.isolation, code, extra);

describe('infectionStatus', () => {
  it.each<[string, Flag[], ReturnType<typeof infectionStatus>]>([
    ['no flags', [], null],
    [
      'an MRSA alert',
      [alert('mrsa')],
      { isolation: null, alerts: [{ id: 'mrsa', label: 'MRSA', since: '2026-11-20T08:00:00.000Z' }] },
    ],
    [
      'COVID-19 by its SNOMED code',
      [flag(SYSTEMS.snomed, '840539006', { period: undefined })],
      { isolation: null, alerts: [{ id: 'covid-19', label: 'COVID-19', since: null }] },
    ],
    [
      'an alert that has ended',
      [alert('mrsa', { period: { start: '2026-11-01T00:00:00Z', end: '2026-11-21T09:00:00Z' } })],
      null,
    ],
    ['an alert not yet started', [alert('cpe', { period: { start: '2026-11-21T11:00:00Z' } })], null],
    ['an inactive alert', [alert('cpe', { status: 'inactive' })], null],
    ['an entered-in-error alert', [alert('cpe', { status: 'entered-in-error' })], null],
    ['an alert with an unreadable start', [alert('cpe', { period: { start: 'yesterday' } })], null],
    ['a code the trust has not mapped', [alert('scabies')], null],
    [
      'isolation with its precaution',
      [isolate('contact')],
      { isolation: { kind: 'contact', since: '2026-11-20T08:00:00.000Z' }, alerts: [] },
    ],
    [
      'isolation by the SNOMED procedure, precaution not said',
      [flag(SYSTEMS.snomed, '40174006')],
      { isolation: { kind: 'unspecified', since: '2026-11-20T08:00:00.000Z' }, alerts: [] },
    ],
    [
      'two isolations: the strictest is shown, from the earliest start',
      [isolate('contact', { period: { start: '2026-11-19T00:00:00Z' } }), isolate('airborne')],
      { isolation: { kind: 'airborne', since: '2026-11-20T08:00:00.000Z' }, alerts: [] },
    ],
    [
      'alerts in the configured order, each once, from their earliest start',
      [alert('norovirus'), alert('mrsa', { period: { start: '2026-11-21T09:00:00Z' } }), alert('mrsa')],
      {
        isolation: null,
        alerts: [
          { id: 'mrsa', label: 'MRSA', since: '2026-11-20T08:00:00.000Z' },
          { id: 'norovirus', label: 'Norovirus', since: '2026-11-20T08:00:00.000Z' },
        ],
      },
    ],
  ])('should read %s', (_case, flags, expected) => {
    expect(infectionStatus(flags, now)).toEqual(expected);
  });

  it('should not throw on malformed flags, and shows none of them', () => {
    const junk = [
      null,
      'flag',
      { resourceType: 'Flag', status: 'active', code: 'mrsa' },
      { resourceType: 'Flag', status: 'active', code: { coding: 'x' } },
    ];
    expect(infectionStatus(junk as unknown as Flag[], now)).toBeNull();
  });

  it("should recognise the trust's own codes and alerts after the defaults", () => {
    const rules = ingestRulesWith({
      infectionAlerts: [
        { id: 'mrsa', label: 'MRSA', codes: ['https://pas.example.nhs.uk/alert|MRSA+'] },
        { id: 'vre', label: 'VRE', codes: ['https://pas.example.nhs.uk/alert|VRE'] },
      ],
      isolationCodes: { droplet: ['https://pas.example.nhs.uk/iso|D'] },
    });
    const status = infectionStatus(
      [
        flag('https://pas.example.nhs.uk/alert', 'VRE'),
        flag('https://pas.example.nhs.uk/alert', 'MRSA+'),
        flag('https://pas.example.nhs.uk/iso', 'D'),
      ],
      now,
      rules.infectionAlerts,
      rules.isolationCodes,
    );
    expect(status?.alerts.map((a) => a.id)).toEqual(['mrsa', 'vre']);
    expect(status?.isolation?.kind).toBe('droplet');
    // The trust's codes add to the local ones; they never replace them.
    expect(rules.isolationCodes.droplet).toEqual([
      ...DEFAULT_ISOLATION_CODES.droplet,
      'https://pas.example.nhs.uk/iso|D',
    ]);
  });
});
