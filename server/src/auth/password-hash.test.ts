import { hashPassword, PASSWORD_HASH_PATTERN, verifyPassword } from './password-hash.js';

describe('password hashes', () => {
  it('should verify the right password only, with a new salt each time', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(PASSWORD_HASH_PATTERN);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('correct horse battery', 'correct horse battery')).toBe(false);
  });
});
