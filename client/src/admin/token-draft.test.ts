import { EMPTY_TOKEN_DRAFT, tokenRequest } from './token-draft';

describe('tokenRequest', () => {
  const draft = { ...EMPTY_TOKEN_DRAFT, name: 'Warehouse', roles: ['inpatient-lead' as const], wards: ['ward-ash'] };

  it('should make the request from a complete form', () => {
    expect(tokenRequest(draft)).toEqual({
      request: { name: 'Warehouse', roles: ['inpatient-lead'], wards: ['ward-ash'], sites: [], expiresInDays: 90 },
    });
    expect(tokenRequest({ ...draft, scope: 'trust' })).toMatchObject({ request: { wards: '*', sites: '*' } });
  });

  it.each([
    [{ name: ' ' }, 'Name the token after the program that will use it.'],
    [{ roles: [] }, 'Choose at least one role.'],
    [{ wards: [] }, 'Choose at least one ward or site, or the whole trust.'],
    [{ days: '0' }, 'Expiry must be a whole number of days from 1 to 366.'],
    [{ days: '367' }, 'Expiry must be a whole number of days from 1 to 366.'],
    [{ days: '1.5' }, 'Expiry must be a whole number of days from 1 to 366.'],
  ])('should say what is missing or wrong: %j', (change, error) => {
    expect(tokenRequest({ ...draft, ...change })).toEqual({ error });
  });
});
