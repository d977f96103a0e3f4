/** The embedded provider's login page: a plain form (no scripts), the demo users listed, the problem in words. */
import type { DemoUser } from './demo-users.js';

export function loginPage(uid: string, users: readonly DemoUser[], problem: string | null): string {
  return `<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sign in - Wardflow demo identity provider</title><link rel="stylesheet" href="/interaction/style.css"></head>
<body>
<main>
<h1>Sign in</h1>
<p class="note">Wardflow demo identity provider. A trust signs in with its own (NHS CIS2, Entra ID, Keycloak).</p>
${problem === null ? '' : `<p class="problem" role="alert">${escapeHtml(problem)}</p>`}
<form method="post" action="/interaction/${escapeHtml(uid)}/login" autocomplete="off">
<label>Username <input name="username" required autofocus></label>
<label>Password <input name="password" type="password" required></label>
<button type="submit">Sign in</button>
</form>
<h2>Demo users</h2>
<ul>${users.map((u) => `<li><strong>${escapeHtml(u.username)}</strong>: ${escapeHtml(u.name)}</li>`).join('')}</ul>
<p class="note">The password is printed by <code>npm run demo</code>.</p>
</main>
</body>
</html>`;
}

export const STYLESHEET = `
body { font: 18px/1.5 system-ui, sans-serif; background: #0f1720; color: #f1f5f9; margin: 0; }
main { max-width: 28rem; margin: 4rem auto; padding: 2rem; background: #1e293b; border-radius: 8px; }
h1 { margin-top: 0; }
label { display: block; margin: 1rem 0; }
input { display: block; width: 100%; box-sizing: border-box; font: inherit; padding: .5rem; margin-top: .25rem; border-radius: 4px; border: 1px solid #64748b; background: #0f1720; color: inherit; }
button { font: inherit; font-weight: 600; padding: .6rem 1.5rem; border: 0; border-radius: 4px; background: #38bdf8; color: #0f1720; cursor: pointer; }
.problem { background: #7f1d1d; padding: .75rem 1rem; border-radius: 4px; }
.note { color: #cbd5e1; font-size: .9rem; }
code { font-size: .95em; }
`;

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}
