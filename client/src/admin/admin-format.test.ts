import { auditTimeOf, isoToLondonLocal, londonLocalToIso, scopeText, verificationWords } from './admin-format';

describe('London wall-clock times in forms', () => {
  it("should read a London time typed in winter as GMT and in summer as BST, whatever the browser's zone", () => {
    expect(londonLocalToIso('2026-01-14T09:30')).toBe('2026-01-14T09:30:00.000Z');
    expect(londonLocalToIso('2026-07-01T09:30')).toBe('2026-07-01T08:30:00.000Z');
    expect(londonLocalToIso('yesterday')).toBeNull();
  });

  it('should read times either side of the spring clock change correctly', () => {
    expect(londonLocalToIso('2026-03-29T00:30')).toBe('2026-03-29T00:30:00.000Z');
    expect(londonLocalToIso('2026-03-29T02:30')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('should show a UTC instant back as London time', () => {
    expect(isoToLondonLocal('2026-07-01T08:30:00.000Z')).toBe('2026-07-01T09:30');
    expect(isoToLondonLocal('2026-01-14T09:30:00.000Z')).toBe('2026-01-14T09:30');
  });

  it('should stamp audit entries with year, second and GMT or BST', () => {
    expect(auditTimeOf('2026-01-13T14:05:09Z')).toBe('Tue 13 Jan 2026 14:05:09 GMT');
    expect(auditTimeOf('2026-07-01T08:00:00Z')).toBe('Wed 1 Jul 2026 09:00:00 BST');
  });
});

describe('scopeText', () => {
  it('should name the whole trust, sites and wards in words', () => {
    expect(scopeText('*', [])).toBe('Whole trust');
    expect(
      scopeText(
        ['ward-ash'],
        ['site-north'],
        new Map([
          ['ward-ash', 'Ash Ward'],
          ['site-north', 'North General'],
        ]),
      ),
    ).toBe('site North General; ward Ash Ward');
    expect(scopeText([], [])).toBe('Nowhere');
  });
});

describe('verificationWords', () => {
  const base = {
    ok: true,
    rowsChecked: 1234,
    firstSeq: 5,
    lastSeq: 1238,
    lastHash: 'abc123',
    retentionRemovedThrough: 4,
    checkedAt: '2026-01-14T14:00:00Z',
  };

  it('should say a whole chain is whole, how much was checked, and what to compare the newest fingerprint with', () => {
    const words = verificationWords(base);
    expect(words.ok).toBe(true);
    expect(words.headline).toBe('The chain is whole: all 1,234 entries (numbers 5 to 1238) are as they were written.');
    expect(words.details.join(' ')).toContain('removed by the retention job');
    expect(words.details.join(' ')).toContain('abc123');
    expect(words.details.join(' ')).toContain(
      'compare this with the fingerprint the worker writes to its log every day',
    );
  });

  it('should say where a broken chain breaks and what to do', () => {
    const words = verificationWords({
      ...base,
      ok: false,
      problem: { seq: 57, reason: 'hash does not match the entry' },
    });
    expect(words.ok).toBe(false);
    expect(words.headline).toBe(
      'The audit log has been altered or damaged: the chain breaks at entry number 57: hash does not match the entry. Entries from there on cannot be trusted. Tell the clinical safety officer and IT.',
    );
  });

  it('should say an empty log has nothing to check', () => {
    expect(
      verificationWords({
        ...base,
        rowsChecked: 0,
        firstSeq: null,
        lastSeq: null,
        lastHash: null,
        retentionRemovedThrough: null,
      }).headline,
    ).toBe('The audit log is empty: there is nothing to check yet.');
  });
});
