import { makeGrant } from '../auth/session.builders';
import { WARDS } from './admin.builders';
import { bindingOptions, enrolRequest } from './binding-options';

describe('bindingOptions', () => {
  it('should offer an admin every ward board and every site heat map', () => {
    expect(bindingOptions(WARDS, [makeGrant('admin')]).map((o) => o.label)).toEqual([
      'Ash Ward (North General)',
      'Birch Ward (North General)',
      'Cedar Ward (South Community)',
      'Heat map of North General',
      'Heat map of South Community',
    ]);
  });

  it("should offer ward staff only their own wards' boards, and no heat map even over a whole site", () => {
    expect(bindingOptions(WARDS, [makeGrant('ward-staff', ['ward-ash'])]).map((o) => o.value)).toEqual([
      'ward:ward-ash',
    ]);
    expect(
      bindingOptions(WARDS, [{ role: 'ward-staff', wards: [], sites: ['site-north'] }]).map((o) => o.value),
    ).toEqual(['ward:ward-ash', 'ward:ward-birch']);
  });

  it('should make the request for the option chosen', () => {
    const [ash] = bindingOptions(WARDS, [makeGrant('admin')]);
    expect(enrolRequest(' abc-d23 ', ' Ash station ', ash)).toEqual({
      code: 'abc-d23',
      name: 'Ash station',
      wardId: 'ward-ash',
    });
    expect(enrolRequest('ABC-D23', 'Heat', bindingOptions(WARDS, [makeGrant('admin')]).at(-1))).toEqual({
      code: 'ABC-D23',
      name: 'Heat',
      siteId: 'site-south',
    });
    expect(enrolRequest('ABC-D23', 'x', undefined)).toBeNull();
  });
});
