/**
 * Every way a FHIR server can misbehave, against a whole poll (docs/design.md section 8): a real
 * fault-injecting proxy in front of the simulator, the real FhirReader and IngestService, PGlite and
 * Redis. Each fault must end in the documented state: the previous complete board stays (CS-4),
 * marked stale with a reason a nurse can read; nothing throws; the next good poll recovers.
 */
import type { Ward } from '@wardflow/shared';
import type { Fault } from '../testing/fault-proxy.js';
import { startIngestHarness, type IngestHarness } from '../testing/ingest-harness.js';

type Bundle = Record<string, unknown> & { entry?: unknown[]; link?: Array<{ relation: string; url: string }> };

// Encounter searches go as POST /Encounter/_search (the location list is long); next pages come back as GET.
const onEncounterSearch = (_method: string, path: string) =>
  path.startsWith('/Encounter?') || path.startsWith('/Encounter/_search');
const onBedSearch = (_method: string, path: string) =>
  path.startsWith('/Location?') || path.startsWith('/Location/_search');

const withNext = (url: (proxyBase: string, page: Bundle) => string): Fault => ({
  kind: 'rewrite',
  rewrite: (body, proxyBase) => ({
    ...body,
    link: [
      ...((body as Bundle).link ?? []).filter((l) => l.relation !== 'next'),
      { relation: 'next', url: url(proxyBase, body as Bundle) },
    ],
  }),
});

const scenarios: Array<{ name: string; matches: (m: string, p: string) => boolean; fault: Fault; reason: string }> = [
  {
    name: 'HTTP 500',
    matches: onEncounterSearch,
    fault: { kind: 'status', status: 500 },
    reason: 'FHIR server answered HTTP 500',
  },
  {
    name: 'HTTP 503 with Retry-After, every time',
    matches: onEncounterSearch,
    fault: { kind: 'status', status: 503, headers: { 'Retry-After': '0' } },
    reason: 'FHIR server answered HTTP 503',
  },
  {
    name: 'HTTP 429',
    matches: onEncounterSearch,
    fault: { kind: 'status', status: 429, headers: { 'Retry-After': '0' } },
    reason: 'FHIR server answered HTTP 429',
  },
  { name: 'a hang', matches: onEncounterSearch, fault: { kind: 'hang' }, reason: 'FHIR server did not answer in time' },
  {
    name: 'a truncated body',
    matches: onEncounterSearch,
    fault: { kind: 'truncated' },
    reason: 'FHIR server sent an unreadable answer',
  },
  {
    name: 'a body that is not JSON',
    matches: onEncounterSearch,
    fault: { kind: 'not-json' },
    reason: 'FHIR server sent an unreadable answer',
  },
  {
    name: 'an HTML page with status 200',
    matches: onEncounterSearch,
    fault: { kind: 'html-200' },
    reason: 'FHIR server sent an unreadable answer',
  },
  {
    name: 'a next link to another origin',
    matches: onBedSearch,
    fault: withNext(() => 'http://attacker.example/fhir/R4/Location?page=2'),
    reason: 'FHIR paging could not be completed safely',
  },
  {
    name: 'a paging loop',
    matches: onBedSearch,
    // Every page says "next: this same page", a real page the server serves again and again.
    fault: withNext((_proxyBase, page) => page.link?.find((l) => l.relation === 'self')?.url ?? ''),
    reason: 'FHIR paging could not be completed safely',
  },
  {
    name: 'an OperationOutcome error inside a 200 searchset',
    matches: onEncounterSearch,
    fault: {
      kind: 'rewrite',
      rewrite: (body) => ({
        ...body,
        entry: [
          ...((body as Bundle).entry ?? []),
          {
            resource: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'too-costly' }] },
            search: { mode: 'outcome' },
          },
        ],
      }),
    },
    reason: 'FHIR server reported an error inside its search results',
  },
];

describe('a poll against a misbehaving FHIR server', () => {
  let harness: IngestHarness;
  let ward: Ward;
  const proxy = {
    inject: (rule: Parameters<NonNullable<IngestHarness['proxy']>['inject']>[0]) => harness.proxy?.inject(rule),
  };

  beforeAll(async () => {
    harness = await startIngestHarness({
      seed: 5,
      faultProxy: true,
      reader: { timeoutMs: 400, backoffBaseMs: 20, maxRetryAfterMs: 2_000 },
    });
    ward = harness.wards[0] as Ward;
    // Building the simulated trust takes seconds, longer on a loaded CI machine.
  }, 120_000);

  // If start-up failed there is nothing to close, and saying so would hide the real error.
  afterAll(async () => (harness as IngestHarness | undefined)?.close());

  afterEach(() => proxy.inject(null));

  it.each(scenarios)(
    'should keep the last board, stale with a readable reason, on $name, and recover after',
    async ({ matches, fault, reason }) => {
      expect(await harness.ingest.pollWard(ward)).toMatchObject({ ok: true });
      const good = await harness.boards.getBoardState(ward.id);

      proxy.inject({ matches, fault });
      const outcome = await harness.ingest.pollWard(ward);
      expect(outcome).toMatchObject({ ok: false, reason });
      const failed = await harness.boards.getBoardState(ward.id);
      expect(failed).toMatchObject({ staleReason: reason, lastPollOk: false });
      expect(failed?.asOf).toEqual(good?.asOf);
      expect(failed?.snapshot).toEqual(good?.snapshot);
      expect(failed?.version).toBe((good?.version ?? 0) + 1);

      proxy.inject(null);
      expect(await harness.ingest.pollWard(ward)).toMatchObject({ ok: true, held: false });
      expect(await harness.boards.getBoardState(ward.id)).toMatchObject({ staleReason: null, lastPollOk: true });
    },
  );

  it('should keep both patients on the board while a bed swap is half recorded, then show the swap', async () => {
    const search = (await (
      await fetch(`${harness.simulator.baseUrl}/Encounter?location=Location/${ward.id}&status=in-progress&_count=100`)
    ).json()) as {
      entry: Array<{
        resource: {
          id: string;
          location: Array<{ location: { reference: string }; status?: string; period?: { start?: string } }>;
        };
      }>;
    };
    const [a, b] = search.entry.map((e) => e.resource);
    if (a === undefined || b === undefined) throw new Error('need two inpatients');
    const bedOf = (enc: typeof a) =>
      enc.location.find((l) => l.status === 'active' && l.location.reference.includes('-bed-'))?.location.reference ??
      '';
    const [bedA, bedB] = [bedOf(a), bedOf(b)];
    const moveTo = async (enc: typeof a, bed: string, at: string) => {
      const moved = {
        ...enc,
        location: enc.location.map((l) =>
          l.location.reference === bedOf(enc) ? { ...l, location: { reference: bed }, period: { start: at } } : l,
        ),
      };
      const response = await fetch(`${harness.simulator.baseUrl}/Encounter/${enc.id}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/fhir+json' },
        body: JSON.stringify(moved),
      });
      expect(response.ok).toBe(true);
    };

    await moveTo(a, bedB, new Date().toISOString());
    expect(await harness.ingest.pollWard(ward)).toMatchObject({ ok: true });
    const half = (await harness.boards.getBoardState(ward.id))?.snapshot;
    const bedBId = bedB.split('/')[1];
    expect(half?.beds.find((bed) => bed.id === bedBId)?.patient?.encounterId).toBe(a.id);
    expect(half?.unplaced.map((u) => u.patient.encounterId)).toEqual([b.id]);

    await moveTo(b, bedA, new Date(Date.now() + 1_000).toISOString());
    expect(await harness.ingest.pollWard(ward)).toMatchObject({ ok: true });
    const swapped = (await harness.boards.getBoardState(ward.id))?.snapshot;
    expect(swapped?.beds.find((bed) => bed.id === bedA.split('/')[1])?.patient?.encounterId).toBe(b.id);
    expect(swapped?.unplaced).toEqual([]);
  });

  it('should find a patient whose encounter names only the bed, not the ward', async () => {
    const search = (await (
      await fetch(`${harness.simulator.baseUrl}/Encounter?location=Location/${ward.id}&status=in-progress&_count=100`)
    ).json()) as { entry: Array<{ resource: { id: string; location: Array<{ location: { reference: string } }> } }> };
    const encounter = search.entry[0]?.resource;
    if (encounter === undefined) throw new Error('need an inpatient');
    const bedOnly = {
      ...encounter,
      location: encounter.location.filter((l) => l.location.reference !== `Location/${ward.id}`),
    };
    const response = await fetch(`${harness.simulator.baseUrl}/Encounter/${encounter.id}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify(bedOnly),
    });
    expect(response.ok).toBe(true);
    // The ward-only search no longer finds it; the board must.
    const byWard = (await (
      await fetch(`${harness.simulator.baseUrl}/Encounter?location=Location/${ward.id}&_id=${encounter.id}`)
    ).json()) as { total?: number };
    expect(byWard.total).toBe(0);

    expect(await harness.ingest.pollWard(ward)).toMatchObject({ ok: true });
    const snapshot = (await harness.boards.getBoardState(ward.id))?.snapshot;
    const placed = snapshot?.beds.find((b) => b.patient?.encounterId === encounter.id);
    expect(placed).toBeDefined();
    expect(snapshot?.unplaced.map((u) => u.patient.encounterId)).not.toContain(encounter.id);
  });

  it('should ignore an entered-in-error NEWS2 and keep showing the valid one', async () => {
    await harness.ingest.pollWard(ward);
    const before = (await harness.boards.getBoardState(ward.id))?.snapshot;
    const bed = before?.beds.find((b) => b.patient?.news2 !== null && b.patient !== null);
    if (bed?.patient?.news2 == null) throw new Error('need a patient with NEWS2');
    const encounter = (await (
      await fetch(`${harness.simulator.baseUrl}/Encounter/${bed.patient.encounterId}`)
    ).json()) as { subject: { reference: string } };
    const response = await fetch(`${harness.simulator.baseUrl}/Observation`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'Observation',
        status: 'entered-in-error',
        code: { coding: [{ system: 'http://snomed.info/sct', code: '1104051000000101' }] },
        subject: encounter.subject,
        encounter: { reference: `Encounter/${bed.patient.encounterId}` },
        effectiveDateTime: new Date().toISOString(),
        valueQuantity: { value: 15, unit: '{score}', system: 'http://unitsofmeasure.org', code: '{score}' },
      }),
    });
    expect(response.ok).toBe(true);
    await harness.ingest.pollWard(ward);
    const after = (await harness.boards.getBoardState(ward.id))?.snapshot?.beds.find((b) => b.id === bed.id);
    expect(after?.patient?.news2).toEqual(bed.patient.news2);
    expect(after?.patient?.dataErrors).toEqual([]);
  });
});
