import { claimValues, displayNameFromClaims, grantsFromClaims, type ClaimMapping } from './claim-mapping.js';

describe('claimValues', () => {
  it.each<[string, Record<string, unknown>, string, string[]]>([
    ['Entra ID groups', { groups: ['0b1c-guid', 'a2d3-guid'] }, 'groups', ['0b1c-guid', 'a2d3-guid']],
    ['a single string', { role: 'admin' }, 'role', ['admin']],
    [
      'Keycloak realm roles',
      { realm_access: { roles: ['wardflow-admin', 'offline_access'] } },
      'realm_access.roles',
      ['wardflow-admin', 'offline_access'],
    ],
    [
      'CIS2 RBAC role codes',
      {
        nhsid_nrbac_roles: [
          { role_code: 'S8000:G8000:R8001', org_code: 'RWK' },
          { role_code: 'S8000:G8000:R8003', activity_codes: ['B0360', 'B0370'] },
        ],
      },
      'nhsid_nrbac_roles[].role_code',
      ['S8000:G8000:R8001', 'S8000:G8000:R8003'],
    ],
    [
      'CIS2 activity codes through two arrays',
      { nhsid_nrbac_roles: [{ activity_codes: ['B0360'] }, { activity_codes: ['B0370', 'B0360'] }] },
      'nhsid_nrbac_roles[].activity_codes[]',
      ['B0360', 'B0370', 'B0360'],
    ],
    ['numbers as text', { groups: [42] }, 'groups', ['42']],
    ['objects and booleans ignored', { groups: [{ id: 'x' }, true, null] }, 'groups', []],
    ['a missing claim', { sub: 'u1' }, 'groups', []],
    ['no prototype properties', { sub: 'u1' }, 'constructor', []],
  ])('should read %s', (_name, claims, path, expected) => {
    expect(claimValues(claims, path)).toEqual(expected);
  });
});

describe('grantsFromClaims', () => {
  const mapping: ClaimMapping = {
    claim: 'groups',
    nameClaim: 'name',
    rules: [
      { value: 'wf-oak-nurses', role: 'ward-staff', wards: ['ward-oak'] },
      { value: 'wf-north-managers', role: 'bed-manager', sites: ['site-north'] },
      { value: 'wf-admins', role: 'admin' },
    ],
  };

  it('should give one grant per matching rule, with scopes defaulting to none', () => {
    expect(grantsFromClaims({ groups: ['wf-admins', 'wf-oak-nurses', 'unrelated'] }, mapping)).toEqual([
      { role: 'ward-staff', wards: ['ward-oak'], sites: [] },
      { role: 'admin', wards: [], sites: [] },
    ]);
  });

  it('should give nothing to claims that match no rule, and match exactly', () => {
    expect(grantsFromClaims({ groups: ['WF-ADMINS', 'wf-admins '] }, mapping)).toEqual([]);
    expect(grantsFromClaims({}, mapping)).toEqual([]);
  });
});

describe('grantsFromClaims with required fields beside the value', () => {
  const cis2: ClaimMapping = {
    claim: 'nhsid_nrbac_roles[].role_code',
    nameClaim: 'name',
    rules: [{ value: 'S8000:G8000:R8001', role: 'ward-staff', wards: ['ward-oak'], requires: { org_code: 'RWK' } }],
  };

  it('should count a CIS2 role only where the person holds it at this trust', () => {
    const here = { nhsid_nrbac_roles: [{ role_code: 'S8000:G8000:R8001', org_code: 'RWK' }] };
    const elsewhere = {
      nhsid_nrbac_roles: [
        { role_code: 'S8000:G8000:R8001', org_code: 'RXX' },
        { role_code: 'S8000:G8000:R8003', org_code: 'RWK' },
      ],
    };
    expect(grantsFromClaims(here, cis2)).toEqual([{ role: 'ward-staff', wards: ['ward-oak'], sites: [] }]);
    expect(grantsFromClaims(elsewhere, cis2)).toEqual([]);
    expect(grantsFromClaims({ nhsid_nrbac_roles: [{ role_code: 'S8000:G8000:R8001' }] }, cis2)).toEqual([]);
  });

  it('should check top-level claims beside a top-level claim (an Entra tenant)', () => {
    const entra: ClaimMapping = {
      claim: 'groups',
      nameClaim: 'name',
      rules: [{ value: 'g-admins', role: 'admin', requires: { tid: 'trust-tenant' } }],
    };
    expect(grantsFromClaims({ groups: ['g-admins'], tid: 'trust-tenant' }, entra)).toHaveLength(1);
    expect(grantsFromClaims({ groups: ['g-admins'], tid: 'other-tenant' }, entra)).toEqual([]);
  });
});

describe('displayNameFromClaims', () => {
  it('should prefer the configured claim, then the usual ones, then the subject', () => {
    expect(displayNameFromClaims({ display: 'Sister Ada Lovelace', name: 'A L' }, 'display')).toBe(
      'Sister Ada Lovelace',
    );
    expect(displayNameFromClaims({ preferred_username: 'ada.l' }, 'name')).toBe('ada.l');
    expect(displayNameFromClaims({ sub: 'abc' }, 'name')).toBe('abc');
    expect(displayNameFromClaims({}, 'name')).toBe('Unknown user');
  });
});
