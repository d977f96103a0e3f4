import { auditApiUrl, auditCsvUrl, filtersOf, NO_FILTERS, paramsOf } from './audit-query';

describe('audit filters', () => {
  it('should put London times in the address as UTC instants, and read them back as London times', () => {
    const checked = paramsOf({
      ...NO_FILTERS,
      from: '2026-07-01T09:00',
      action: 'patient.view',
      patientId: ' pat-123 ',
    });
    if ('error' in checked) throw new Error(checked.error);
    expect(checked.params.toString()).toBe('from=2026-07-01T08%3A00%3A00.000Z&action=patient.view&patientId=pat-123');
    expect(filtersOf(checked.params)).toEqual({
      ...NO_FILTERS,
      from: '2026-07-01T09:00',
      action: 'patient.view',
      patientId: 'pat-123',
    });
  });

  it('should refuse a From after To, in words', () => {
    expect(paramsOf({ ...NO_FILTERS, from: '2026-01-14T10:00', to: '2026-01-14T09:00' })).toEqual({
      error: 'From must be before To.',
    });
  });

  it('should ask the API for a page with the filters and any older-page marker, and the CSV for every match', () => {
    const page = new URLSearchParams('wardId=ward-ash&outcome=denied&before=120');
    expect(auditApiUrl(page)).toBe('/api/audit?outcome=denied&wardId=ward-ash&before=120&limit=100');
    expect(auditCsvUrl(page)).toBe('/api/audit?outcome=denied&wardId=ward-ash&format=csv');
  });
});
