/**
 * `npm run hash-password -w server`: reads a password from standard input (typed, or piped) and prints
 * its scrypt hash for WARDS_CONFIG `users[].passwordHash`. The password is never an argument, so it
 * stays out of shell history and the process list.
 */
import { createInterface } from 'node:readline';
import { hashPassword } from './password-hash.js';

const MIN_LENGTH = 12;

const input = createInterface({ input: process.stdin, terminal: false });
if (process.stdin.isTTY) process.stderr.write(`Password (at least ${MIN_LENGTH} characters), then Enter: `);
input.once('line', (line) => {
  input.close();
  const password = line.replace(/\r$/, '');
  if (password.length < MIN_LENGTH) {
    process.stderr.write(`\nToo short: use at least ${MIN_LENGTH} characters.\n`);
    process.exitCode = 1;
    return;
  }
  void hashPassword(password).then((hash) => process.stdout.write(`${hash}\n`));
});
