import { validateResource } from '@medplum/core';
import type { Encounter, Location, Patient } from '@medplum/fhirtypes';
import { loadFhirDefinitions } from '../http/fhir-definitions.loader.js';
import { generateTrust } from './trust.generator.js';

const NOW = Date.parse('2026-11-21T10:30:00Z');

describe('generateTrust', () => {
  beforeAll(() => {
    loadFhirDefinitions();
  });

  it('should produce only valid FHIR R4 resources', () => {
    const { resources } = generateTrust({ seed: 1, sites: 2, wards: 12, bedsPerWard: [20, 30], nowMs: NOW });
    for (const resource of resources) {
      expect(validateResource(resource).filter((i) => i.severity === 'error')).toEqual([]);
    }
  });

  it("should give every resource and every patient's NHS number a unique value", () => {
    const { resources } = generateTrust({ seed: 2, sites: 3, wards: 40, bedsPerWard: [20, 30], nowMs: NOW });
    const keys = resources.map((r) => `${r.resourceType}/${r.id}`);
    expect(new Set(keys).size).toBe(keys.length);
    const numbers = resources
      .filter((r): r is Patient => r.resourceType === 'Patient')
      .map((p) => p.identifier?.[0]?.value);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('should name 200 wards uniquely with readable ids, half of each profile, on sites of their kind', () => {
    const { state, resources } = generateTrust({ seed: 1, sites: 4, wards: 200, bedsPerWard: [30, 30], nowMs: NOW });
    const wards = resources.filter(
      (r): r is Location => r.resourceType === 'Location' && r.physicalType?.coding?.[0]?.code === 'wa',
    );
    expect(wards).toHaveLength(200);
    expect(new Set(wards.map((w) => w.name)).size).toBe(200);
    for (const ward of wards) expect(ward.id).toMatch(/^ward-[a-z0-9-]+$/);
    expect(state.wards.filter((w) => w.profile === 'mental-health')).toHaveLength(100);
    const siteKind = new Map([
      ['site-1', 'acute'],
      ['site-2', 'mental-health'],
      ['site-3', 'acute'],
      ['site-4', 'mental-health'],
    ]);
    for (const ward of state.wards) expect(siteKind.get(ward.siteId)).toBe(ward.profile);
    const beds = resources.filter(
      (r) => r.resourceType === 'Location' && (r as Location).physicalType?.coding?.[0]?.code === 'bd',
    );
    expect(beds).toHaveLength(6000);
  });

  it('should put every current inpatient in a bed of its own', () => {
    const { resources } = generateTrust({ seed: 5, sites: 2, wards: 12, bedsPerWard: [20, 30], nowMs: NOW });
    const current = resources.filter((r): r is Encounter => r.resourceType === 'Encounter' && r.status !== 'finished');
    const beds = current.map(
      (e) =>
        e.location?.find((l) => l.status === 'active' && l.physicalType?.coding?.[0]?.code === 'bd')?.location
          .reference,
    );
    expect(beds.every((b) => b !== undefined)).toBe(true);
    expect(new Set(beds).size).toBe(beds.length);
  });

  it('should start one-site trusts with both profiles on that site', () => {
    const { state } = generateTrust({ seed: 1, sites: 1, wards: 4, bedsPerWard: [20, 20], nowMs: NOW });
    expect(state.sites.map((s) => s.id)).toEqual(['site-1']);
    expect(new Set(state.wards.map((w) => w.profile))).toEqual(new Set(['acute', 'mental-health']));
    expect(state.wards.every((w) => w.siteId === 'site-1')).toBe(true);
  });
});
