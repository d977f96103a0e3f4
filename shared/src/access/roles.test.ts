import { capabilitiesOf, grantsAllow, wardsAllowed, type AccessTarget, type Capability, type Grant } from './roles.js';

const oak = { id: 'ward-oak', siteId: 'site-north' };
const elm = { id: 'ward-elm', siteId: 'site-north' };
const fir = { id: 'ward-fir', siteId: 'site-south' };

const nurseOnOak: Grant = { role: 'ward-staff', wards: ['ward-oak'], sites: [] };
const managerNorth: Grant = { role: 'bed-manager', wards: [], sites: ['site-north'] };
const leadEverywhere: Grant = { role: 'inpatient-lead', wards: '*', sites: [] };
const admin: Grant = { role: 'admin', wards: [], sites: [] };
const officer: Grant = { role: 'safety-officer', wards: [], sites: [] };
const oakScreen: Grant = { role: 'ward-screen', wards: ['ward-oak'], sites: [] };
const southHeatmap: Grant = { role: 'heatmap-screen', wards: [], sites: ['site-south'] };

describe('grantsAllow', () => {
  it.each<[string, Grant[], Capability, AccessTarget, boolean]>([
    ['ward staff see their own ward', [nurseOnOak], 'ward.board', { ward: oak }, true],
    ['ward staff do not see another ward on the same site', [nurseOnOak], 'ward.board', { ward: elm }, false],
    ['ward staff open patient detail on their ward', [nurseOnOak], 'ward.patient', { ward: oak }, true],
    ['bed managers never open patient detail', [managerNorth], 'ward.patient', { ward: oak }, false],
    ['a site grant covers every ward of the site', [managerNorth], 'ward.board', { ward: elm }, true],
    ['a site grant does not cover another site', [managerNorth], 'site.beds', { site: 'site-south' }, false],
    ['a site grant covers its site', [managerNorth], 'site.beds', { site: 'site-north' }, true],
    ['naming a ward does not cover its whole site', [nurseOnOak], 'ward.board', { site: 'site-north' }, false],
    ['a trust-wide lead covers the trust', [leadEverywhere], 'digests.send', 'trust', true],
    [
      'a site lead does not cover the trust',
      [{ ...leadEverywhere, wards: [], sites: ['site-north'] }],
      'digests.send',
      'trust',
      false,
    ],
    ['a list of wards needs every ward covered', [managerNorth], 'ward.board', { wards: [oak, fir] }, false],
    ['a list of wards inside scope is allowed', [managerNorth], 'ward.board', { wards: [oak, elm] }, true],
    ['an empty grant list allows nothing', [], 'ward.board', 'anywhere', false],
    ['admins manage devices whatever their scope', [admin], 'devices.manage', 'trust', true],
    ['admins do not see boards', [admin], 'ward.board', { ward: oak }, false],
    ['admins do not see the heat map', [admin], 'heatmap.view', 'anywhere', false],
    ['the safety officer reads the audit log', [officer], 'audit.view', 'anywhere', true],
    ['the safety officer does not see boards', [officer], 'ward.board', { ward: oak }, false],
    ['a ward screen gets its ward', [oakScreen], 'ward.board', { ward: oak }, true],
    ['a ward screen gets no other ward', [oakScreen], 'ward.board', { ward: elm }, false],
    ['a ward screen never gets patient detail', [oakScreen], 'ward.patient', { ward: oak }, false],
    ['a ward screen gets no heat map', [oakScreen], 'heatmap.view', 'anywhere', false],
    ['a heat-map screen gets its site rows', [southHeatmap], 'heatmap.view', { ward: fir }, true],
    ['a heat-map screen gets no other site rows', [southHeatmap], 'heatmap.view', { ward: oak }, false],
    ['a heat-map screen gets no board', [southHeatmap], 'ward.board', { ward: fir }, false],
    ['two grants add up', [nurseOnOak, managerNorth], 'polls.request', { ward: elm }, true],
  ])('%s', (_name, grants, capability, target, expected) => {
    expect(grantsAllow(grants, capability, target)).toBe(expected);
  });
});

describe('wardsAllowed and capabilitiesOf', () => {
  it('should keep only the wards in scope, in order', () => {
    expect(wardsAllowed([managerNorth], 'ward.board', [fir, oak, elm]).map((w) => w.id)).toEqual([
      'ward-oak',
      'ward-elm',
    ]);
    expect(wardsAllowed([southHeatmap], 'heatmap.view', [fir, oak, elm]).map((w) => w.id)).toEqual(['ward-fir']);
  });

  it('should list what a set of grants can do, once each', () => {
    expect(capabilitiesOf([nurseOnOak, oakScreen])).toEqual([
      'ward.board',
      'ward.patient',
      'huddle.actions',
      'escalations.view',
      'devices.enrol',
    ]);
    expect(capabilitiesOf([])).toEqual([]);
  });
});
