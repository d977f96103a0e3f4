/**
 * Everyone who can call a demo Wardflow, signed in or enrolled for real: the five demo users through
 * the embedded OpenID provider, the demo API token, a wall screen enrolled through a pairing code, and
 * nobody. Requests carry what each would: cookies with the page's Origin, or a bearer token.
 */
import type { DeviceView, Grant, PairingStarted, PairingStatus, SessionResponse } from '@wardflow/shared';
import { CookieJar, signIn } from './sign-in.js';
import type { WardflowProcess } from './wardflow-process.js';

export type PrincipalName = 'anonymous' | 'nurse' | 'bedmanager' | 'lead' | 'admin' | 'safety' | 'token' | 'device';

export interface Principal {
  name: PrincipalName;
  /** Headers for REST: Cookie + Origin, or Authorization. */
  headers: Record<string, string>;
  /** For the socket handshake. */
  socket: { cookie?: string; token?: string; origin?: string };
  grants: Grant[];
}

export const DEMO_USERS = ['nurse', 'bedmanager', 'lead', 'admin', 'safety'] as const;

export async function signInAs(server: WardflowProcess, username: (typeof DEMO_USERS)[number]): Promise<Principal> {
  const { cookie } = await signIn(server.url, username, server.password);
  const session = (await (await fetch(`${server.url}/api/session`, { headers: { cookie } })).json()) as SessionResponse;
  if (!session.signedIn) throw new Error(`${username} is not signed in`);
  return {
    name: username,
    headers: { cookie, origin: server.url },
    socket: { cookie, origin: server.url },
    grants: session.identity.grants,
  };
}

const admins = new WeakMap<WardflowProcess, Promise<Principal>>();

/** The demo admin, signed in once per server (approving screens and managing credentials is for people only). */
export function adminOf(server: WardflowProcess): Promise<Principal> {
  let admin = admins.get(server);
  if (admin === undefined) {
    admin = signInAs(server, 'admin');
    admins.set(server, admin);
  }
  return admin;
}

/**
 * A wall screen enrolled as a browser would be: it asks for a pairing code (getting its pairing
 * cookie), the demo admin approves the code for `wardId`, and its next check collects its credential.
 */
export async function enrolScreen(
  server: WardflowProcess,
  wardId: string,
  name = "Nurses' station screen",
): Promise<Principal & { device: DeviceView; jar: CookieJar }> {
  const jar = new CookieJar();
  const pairing = await fetch(`${server.url}/api/devices/pairings`, {
    method: 'POST',
    headers: { origin: server.url, 'content-type': 'application/json' },
    body: JSON.stringify({ wardId }),
  });
  if (pairing.status !== 201) throw new Error(`pairing answered ${pairing.status}: ${await pairing.text()}`);
  jar.store(server.url, pairing);
  const { code } = (await pairing.json()) as PairingStarted;
  const admin = await adminOf(server);
  const approved = await fetch(`${server.url}/api/devices`, {
    method: 'POST',
    headers: { ...admin.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ code, name, wardId }),
  });
  if (approved.status !== 201) throw new Error(`approval answered ${approved.status}: ${await approved.text()}`);
  const device = (await approved.json()) as DeviceView;
  const check = await fetch(`${server.url}/api/devices/pairings/current`, {
    headers: { cookie: jar.header(server.url) ?? '' },
  });
  jar.store(server.url, check);
  const status = (await check.json()) as PairingStatus;
  if (status.state !== 'approved') throw new Error(`pairing status ${status.state}`);
  const cookie = jar.header(server.url) ?? '';
  return {
    name: 'device',
    headers: { cookie, origin: server.url },
    socket: { cookie, origin: server.url },
    grants: [{ role: 'ward-screen', wards: [wardId], sites: [] }],
    device,
    jar,
  };
}

export function tokenPrincipal(server: WardflowProcess): Principal {
  return {
    name: 'token',
    headers: { authorization: `Bearer ${server.token}` },
    socket: { token: server.token },
    grants: [],
  };
}

export const ANONYMOUS: Principal = { name: 'anonymous', headers: {}, socket: {}, grants: [] };
