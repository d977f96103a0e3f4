/**
 * WARDS_CONFIG `users`: the interim sign-in's accounts until OIDC (SEC-2). Passwords are stored only
 * as scrypt hashes (`npm run hash-password -w server`), validated here so a pasted plain password is
 * refused at start-up rather than never matching.
 */
import type { SessionRole } from '@wardflow/shared';
import { z } from 'zod';
import { PASSWORD_HASH_PATTERN } from '../auth/password-hash.js';

export interface UserAccount {
  username: string;
  name: string;
  /** `scrypt$N$r$p$salt$hash` (base64url). */
  passwordHash: string;
  role: SessionRole;
}

const userSchema = z
  .object({
    username: z.string().regex(/^[a-z0-9._-]{2,64}$/i, 'expected 2-64 letters, digits, ".", "_" or "-"'),
    name: z.string().min(1).max(100),
    passwordHash: z.string().regex(PASSWORD_HASH_PATTERN, 'expected a scrypt hash from `npm run hash-password -w server`, not a password'),
    role: z.enum(['manager', 'staff']),
  })
  .strict();

const usersSchema = z.array(userSchema).refine((list) => new Set(list.map((u) => u.username.toLowerCase())).size === list.length, 'usernames must be unique');

/** The `users` section (absent: nobody), or problems naming each bad field. */
export function readUsersConfig(raw: unknown): { users: UserAccount[]; problems: string[] } {
  if (raw === undefined) return { users: [], problems: [] };
  const parsed = usersSchema.safeParse(raw);
  if (!parsed.success) return { users: [], problems: parsed.error.issues.map((i) => `users${i.path.length > 0 ? `.${i.path.join('.')}` : ''}: ${i.message}`) };
  return { users: parsed.data, problems: [] };
}
