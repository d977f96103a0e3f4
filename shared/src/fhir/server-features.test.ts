import {
  ALL_FEATURES,
  describeFeatures,
  featuresFromCapabilityStatement,
  PATIENT_REVINCLUDES,
} from './server-features.js';

const param = (name: string) => ({ name, type: 'token' });
function statement(
  opts: {
    revinclude?: string[];
    lastUpdated?: 'per-resource' | 'common' | 'none';
    encounterParams?: string[];
    observationParams?: string[];
    serviceRequest?: boolean;
    medicationRequest?: boolean;
  } = {},
) {
  const lastUpdated = opts.lastUpdated ?? 'per-resource';
  const common = lastUpdated === 'common' ? [param('_lastUpdated')] : [];
  const own = lastUpdated === 'per-resource' ? [param('_lastUpdated')] : [];
  return {
    resourceType: 'CapabilityStatement',
    rest: [
      {
        mode: 'server',
        searchParam: common,
        resource: [
          {
            type: 'Patient',
            searchParam: [param('_id'), ...own],
            searchRevInclude: opts.revinclude ?? [...PATIENT_REVINCLUDES],
          },
          { type: 'Location', searchParam: [param('partof'), ...own] },
          {
            type: 'Encounter',
            searchParam: (opts.encounterParams ?? ['location', 'status', 'date', 'class']).map(param),
          },
          {
            type: 'Observation',
            searchParam: [...(opts.observationParams ?? ['patient', 'date', 'code']).map(param), ...own],
          },
          ...(opts.serviceRequest === false ? [] : [{ type: 'ServiceRequest', searchParam: [param('patient')] }]),
          ...(opts.medicationRequest === false
            ? []
            : [{ type: 'MedicationRequest', searchParam: [param('patient'), param('status')] }]),
        ],
      },
    ],
  };
}

describe('featuresFromCapabilityStatement', () => {
  it.each<[string, unknown, Partial<typeof ALL_FEATURES>]>([
    ['a full server', statement(), ALL_FEATURES],
    ['_lastUpdated declared once for every type', statement({ lastUpdated: 'common' }), { lastUpdated: true }],
    ['no _lastUpdated: full reads', statement({ lastUpdated: 'none' }), { lastUpdated: false }],
    ['no _revinclude declared: separate searches', statement({ revinclude: [] }), { revinclude: false }],
    [
      'only some _revinclude targets: separate searches',
      statement({ revinclude: ['Flag:patient'] }),
      { revinclude: false },
    ],
    ['a wildcard _revinclude', statement({ revinclude: ['*'] }), { revinclude: true }],
    [
      'Encounter without date and class',
      statement({ encounterParams: ['location', 'status'] }),
      { encounterDate: false, encounterClass: false },
    ],
    [
      'Observation without code',
      statement({ observationParams: ['patient', 'date'] }),
      { observationCode: false, observationDate: true },
    ],
    [
      'no ServiceRequest (an EPR facade without orders)',
      statement({ serviceRequest: false }),
      { ...ALL_FEATURES, serviceRequests: false },
    ],
    [
      'no MedicationRequest (prescribing in another system)',
      statement({ medicationRequest: false }),
      { ...ALL_FEATURES, medicationRequests: false },
    ],
    ['not a CapabilityStatement: everything assumed', { resourceType: 'OperationOutcome' }, ALL_FEATURES],
    ['nothing at all: everything assumed', null, ALL_FEATURES],
    [
      'no server part: everything assumed',
      { resourceType: 'CapabilityStatement', rest: [{ mode: 'client' }] },
      ALL_FEATURES,
    ],
    [
      'hostile shapes never throw',
      { resourceType: 'CapabilityStatement', rest: [{ mode: 'server', resource: 'x', searchParam: 7 }] },
      { revinclude: false, lastUpdated: false },
    ],
  ])('%s', (_name, input, expected) => {
    expect(featuresFromCapabilityStatement(input).features).toMatchObject(expected);
  });

  it('POST search cannot be declared in R4: it is assumed until refused', () => {
    expect(
      featuresFromCapabilityStatement(statement({ lastUpdated: 'none', revinclude: [] })).features.postSearch,
    ).toBe(true);
  });

  it('says why each feature is off', () => {
    const { notes } = featuresFromCapabilityStatement(statement({ lastUpdated: 'none', revinclude: ['Flag:patient'] }));
    expect(notes).toEqual([
      expect.stringContaining('Task:patient'),
      '_lastUpdated is not declared on Location and Observation: every read is a full read',
    ]);
    expect(notes[0]).not.toContain('Flag:patient');
  });

  it('describes the plan in use', () => {
    expect(describeFeatures(ALL_FEATURES)).toBe('POST search, _revinclude, changes-only reads (_lastUpdated)');
    expect(describeFeatures({ ...ALL_FEATURES, postSearch: false, revinclude: false, lastUpdated: false })).toBe(
      'GET search (long lists split), separate searches per resource type, full reads only',
    );
  });
});
