/**
 * The whole path, for real: FHIR simulator over HTTP -> BullMQ poll job on Redis -> snapshot in the
 * database -> Socket.IO push to a socket.io-client; then a change made on the FHIR server reaches
 * the socket as a new version after the next poll.
 */
import type { Board, WardSummary } from '@wardflow/shared';
import { baseEnv, startWardflowProcess, type WardflowProcess } from '../support/wardflow-process.js';
import { connect, nextBoard, subscribe, type WardSocket } from '../support/socket.js';

interface FhirBundle {
  entry?: Array<{ resource: Record<string, unknown> & { id: string; resourceType: string } }>;
}

describe('walking skeleton: FHIR -> poll job -> socket', () => {
  let server: WardflowProcess;
  let socket: WardSocket;

  beforeAll(async () => {
    server = await startWardflowProcess(baseEnv());
  });

  afterAll(async () => {
    socket?.disconnect();
    await server?.stop();
  });

  it('should answer liveness and list every simulated ward', async () => {
    expect(await (await fetch(`${server.url}/api/health`)).json()).toEqual({ status: 'ok' });
    const wards = await server.json<WardSummary[]>(`/api/wards`);
    expect(wards.length).toBeGreaterThanOrEqual(12);
    expect(new Set(wards.map((w) => w.siteId)).size).toBeGreaterThanOrEqual(2);
    expect(new Set(wards.map((w) => w.profile))).toEqual(new Set(['acute', 'mental-health']));
  });

  it('should push a complete board on subscribe, then a new version when a patient changes in FHIR', async () => {
    const wards = await server.json<WardSummary[]>(`/api/wards`);
    const ward = wards[0] as WardSummary;
    socket = await connect(server.url, { token: server.token });
    const ack = await subscribe(socket, ward.id);
    if (!('data' in ack)) throw new Error(`subscribe failed: ${ack.error}`);

    // The first poll is queued at start; wait for it if the ack came before it finished.
    const first: Board = ack.data.asOf !== null ? ack.data : await nextBoard(socket, (b) => b.asOf !== null);
    expect(first.freshness).toBe('fresh');
    expect(first.beds.length).toBeGreaterThanOrEqual(20);
    expect(first.census?.beds).toBe(first.beds.length);
    const occupied = first.beds.find((b) => b.patient !== null);
    expect(occupied?.patient?.initials).toMatch(/^[A-Z]\.[A-Z]\.$/);

    // Rename the patient in that bed on the FHIR server, as the trust's PAS would.
    const encounter = (await (
      await fetch(`${server.fhirBaseUrl}/Encounter/${occupied?.patient?.encounterId}`)
    ).json()) as {
      subject: { reference: string };
    };
    const patientUrl = `${server.fhirBaseUrl}/${encounter.subject.reference}`;
    const patient = (await (await fetch(patientUrl)).json()) as Record<string, unknown>;
    const put = await fetch(patientUrl, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({ ...patient, name: [{ use: 'official', given: ['Zara'], family: 'Quinton' }] }),
    });
    expect(put.ok).toBe(true);

    const accepted = await server.api(`/api/polls`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ wardId: ward.id }),
    });
    expect(accepted.status).toBe(202);

    // Other polls (the schedulers' first runs) may land first; the change must arrive in a later version.
    const updated = await nextBoard(
      socket,
      (b) => b.beds.find((bed) => bed.id === occupied?.id)?.patient?.initials === 'Z.Q.',
    );
    expect(updated.version).toBeGreaterThan(first.version);
    expect(Date.parse(updated.asOf ?? '')).toBeGreaterThan(Date.parse(first.asOf ?? ''));

    // REST and socket agree.
    const rest = await server.json<Board>(`/api/wards/${ward.id}/board`);
    expect(rest.version).toBe(updated.version);
  });

  it('should never put NHS numbers, names or birth dates on the wall feed (SEC-1)', async () => {
    const wards = await server.json<WardSummary[]>(`/api/wards`);
    const ward = wards[1] as WardSummary;
    const ack = await subscribe(socket, ward.id);
    if (!('data' in ack)) throw new Error(ack.error);
    const board =
      ack.data.asOf !== null ? ack.data : await nextBoard(socket, (b) => b.asOf !== null && b.ward.id === ward.id);
    // Every string in the feed, as a screen could show it. A leak is a field holding an identifier, a
    // name part or a birth date, or any text containing a full name (substrings alone prove nothing:
    // a patient called Ward must not fail because the ward is "Cedar Ward").
    const shown = stringLeaves(board);

    const bundle = (await (
      await fetch(
        `${server.fhirBaseUrl}/Encounter?location=Location/${ward.id}&status=in-progress,onleave&_include=Encounter:subject&_count=100`,
      )
    ).json()) as FhirBundle;
    const patients = (bundle.entry ?? []).map((e) => e.resource).filter((r) => r.resourceType === 'Patient');
    expect(patients.length).toBeGreaterThan(0);
    for (const patient of patients) {
      const identifiers = ((patient.identifier as Array<{ value: string }> | undefined) ?? []).map((i) => i.value);
      const names = (patient.name as Array<{ family?: string; given?: string[] }> | undefined) ?? [];
      const nameParts = names
        .flatMap((n) => [n.family, ...(n.given ?? [])])
        .filter((p): p is string => p !== undefined);
      const fullNames = names.map((n) => [...(n.given ?? []), n.family].filter(Boolean).join(' '));
      const forbidden = [
        ...identifiers,
        ...nameParts,
        ...(typeof patient.birthDate === 'string' ? [patient.birthDate] : []),
      ];
      for (const value of shown) {
        expect(forbidden).not.toContain(value);
        for (const fullName of fullNames) expect(value).not.toContain(fullName);
        for (const id of identifiers) expect(value).not.toContain(id);
      }
    }
  });

  it('should report readiness with Redis, database, schedulers and every ward polled', async () => {
    const response = await server.api(`/api/ready`);
    const body = (await response.json()) as {
      status: string;
      checks: Array<{ name: string; ok: boolean; detail: string }>;
    };
    expect(response.status).toBe(200);
    expect(body.status).toBe('ready');
    expect(body.checks.map((c) => c.name).sort()).toEqual([
      'database',
      'digest',
      'digest schedule',
      'fhir-plan',
      'maintenance',
      'prediction acute',
      'prediction mental-health',
      'redis',
      'schedulers',
    ]);
    // The FHIR request plan in use, from the simulator's CapabilityStatement, and what the wards are keyed by.
    expect(body.checks.find((c) => c.name === 'fhir-plan')?.detail).toMatch(
      /^POST search, _revinclude, changes-only reads \(_lastUpdated\); wards keyed by source http:\/\/127\.0\.0\.1:\d+\/fhir\/R4$/,
    );
    // The weekly digest: its scheduler is there, and nothing has failed (the demo trust has its own leads).
    expect(body.checks.find((c) => c.name === 'digest schedule')?.detail).toBe(
      'weekly digest at "0 7 * * 1" Europe/London',
    );
    expect(body.checks.find((c) => c.name === 'digest')?.detail).toBe('no failed or unknown weekly emails');
    // The demo trust starts with simulated history, so each profile's model is fitted and says on what.
    expect(body.checks.find((c) => c.name === 'prediction acute')?.detail).toMatch(/^Fitted on \d+ ward-days/);
  });
});

function stringLeaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringLeaves);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringLeaves);
  return [];
}
