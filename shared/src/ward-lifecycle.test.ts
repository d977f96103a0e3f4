import { makeWard } from './testing/index.js';
import { normaliseSource, reconcileWards, sourceTag, type KnownWard } from './ward-lifecycle.js';
import type { Ward } from './ward.types.js';

const A = 'https://a.example.nhs.uk/fhir/R4';
const B = 'https://b.example.nhs.uk/fhir/R4';
const ward = (id: string, over: Partial<Ward> = {}): Ward => makeWard({ id, name: id, ...over });
const known = (id: string, source: string | null, over: Partial<Ward> = {}): KnownWard => ({
  ward: ward(id, over),
  source,
});
const retired = { since: '2026-12-01T10:00:00Z', reason: 'No longer found on the FHIR server' };

describe('reconcileWards', () => {
  it('serves every ward discovered, and retires a known ward discovery no longer finds', () => {
    const changes = reconcileWards([known('w1', A), known('w2', A)], [ward('w1'), ward('w3')], A);
    expect(changes.live.map((w) => w.id)).toEqual(['w1', 'w3']);
    expect(changes.retire).toEqual([{ id: 'w2', reason: 'No longer found on the FHIR server' }]);
    expect(changes.resume).toEqual([]);
    expect(changes.moveAside).toEqual([]);
  });

  it('resumes a retired ward that comes back, and leaves an already retired one alone', () => {
    const changes = reconcileWards([known('w1', A, { retired }), known('w2', A, { retired })], [ward('w1')], A);
    expect(changes.resume).toEqual(['w1']);
    expect(changes.retire).toEqual([]);
  });

  it('retires a ward WARDS_CONFIG excludes, saying so', () => {
    const changes = reconcileWards([known('w1', A)], [ward('w1'), ward('w2')], A, new Set(['w1']));
    expect(changes.live.map((w) => w.id)).toEqual(['w2']);
    expect(changes.retire).toEqual([{ id: 'w1', reason: 'Excluded in WARDS_CONFIG' }]);
  });

  it("never mixes two servers: a colliding id moves aside, retired, and the other server's wards retire", () => {
    const changes = reconcileWards([known('ward-1', A), known('ward-2', A)], [ward('ward-1'), ward('ward-9')], B);
    expect(changes.moveAside).toEqual([
      { from: 'ward-1', to: `ward-1@${sourceTag(A)}`, reason: `From another FHIR server (${A})` },
    ]);
    expect(changes.retire).toEqual([{ id: 'ward-2', reason: `From another FHIR server (${A})` }]);
    expect(changes.live.map((w) => w.id)).toEqual(['ward-1', 'ward-9']);
  });

  it('a second move of the same id gets a distinct name', () => {
    const changes = reconcileWards(
      [known('ward-1', A), known(`ward-1@${sourceTag(A)}`, A, { retired })],
      [ward('ward-1')],
      B,
    );
    expect(changes.moveAside[0]?.to).toBe(`ward-1@${sourceTag(A)}-2`);
  });

  it('adopts wards stored before sources were recorded, and retires those the server does not have', () => {
    const changes = reconcileWards([known('w1', null), known('w2', null)], [ward('w1')], A);
    expect(changes.moveAside).toEqual([]);
    expect(changes.live.map((w) => w.id)).toEqual(['w1']);
    expect(changes.retire).toEqual([{ id: 'w2', reason: 'No longer found on the FHIR server' }]);
  });

  it("going back to the first server moves the second server's ward aside and resumes the first's", () => {
    const moved = `ward-1@${sourceTag(A)}`;
    const changes = reconcileWards([known('ward-1', B), known(moved, A, { retired })], [ward('ward-1')], A);
    expect(changes.moveAside.map((m) => m.from)).toEqual(['ward-1']);
    // The first server's old history stays under its moved id: ids in use are never rewritten twice.
    expect(changes.resume).toEqual([]);
  });
});

describe('sources', () => {
  it('one server however its base URL is written', () => {
    expect(normaliseSource('HTTPS://A.example.nhs.uk/fhir/R4/')).toBe(A);
    expect(normaliseSource(A)).toBe(A);
  });

  it('tags are short, readable and differ by path', () => {
    expect(sourceTag(A)).toMatch(/^a\.example\.nhs\.uk-[0-9a-f]{6}$/);
    expect(sourceTag(A)).not.toBe(sourceTag('https://a.example.nhs.uk/fhir/STU3'));
  });
});
