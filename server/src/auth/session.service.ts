/**
 * The interim sign-in (until OIDC, SEC-2): accounts from WARDS_CONFIG `users`, or for the simulated
 * demo trust with none configured, one demo manager whose password scripts/demo.mjs makes and prints.
 * Sessions are signed cookies (session-token.ts); nothing is stored server-side, so signing out
 * clears the cookie and a stolen one stays valid until it expires: acceptable for acknowledging
 * escalations, not for patient detail (that waits for OIDC).
 */
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { SessionRole } from '@wardflow/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { UserAccount } from '../config/users-config.js';
import { CLOCK, type Clock } from '../core/tokens.js';
import { hashPassword, verifyPassword } from './password-hash.js';
import { createSessionToken, verifySessionToken } from './session-token.js';

export interface SignedInUser {
  username: string;
  name: string;
  role: SessionRole;
}

export const DEMO_MANAGER_USERNAME = 'demo';

/** Compared against when the username is unknown, so a wrong username takes as long as a wrong password. */
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

@Injectable()
export class SessionService implements OnModuleInit {
  private accounts: UserAccount[];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.accounts = config.users;
  }

  async onModuleInit(): Promise<void> {
    const demo = this.config.users.length === 0 && this.config.fhirBaseUrl === null && this.config.demoManagerPassword !== null;
    if (demo) {
      this.accounts = [{ username: DEMO_MANAGER_USERNAME, name: 'Demo bed manager', role: 'manager', passwordHash: await hashPassword(this.config.demoManagerPassword ?? '') }];
    }
  }

  /** The account for a username and password, or null; the same work either way. */
  async signIn(username: string, password: string): Promise<{ user: SignedInUser; token: string } | null> {
    const account = this.accounts.find((a) => a.username.toLowerCase() === username.toLowerCase());
    const ok = await verifyPassword(password, account?.passwordHash ?? DUMMY_HASH);
    if (!ok || account === undefined) return null;
    return { user: userOf(account), token: createSessionToken(this.config.sessionSecret, account.username, this.clock()) };
  }

  /** The signed-in user of a cookie value, if it is genuine, current and the account still exists. */
  userOf(token: string | null): SignedInUser | null {
    if (token === null) return null;
    const username = verifySessionToken(this.config.sessionSecret, token, this.clock());
    const account = username === null ? undefined : this.accounts.find((a) => a.username === username);
    return account === undefined ? null : userOf(account);
  }
}

const userOf = (a: UserAccount): SignedInUser => ({ username: a.username, name: a.name, role: a.role });
