/**
 * The site manager's email about one raised escalation: ward, rule, value, time and a link, nothing
 * about any patient beyond a bed label (SEC-9: minimum content, details behind a login). Pure.
 */
import { formatLondonDay, formatLondonTime, type EscalationView } from '@wardflow/shared';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function escalationEmail(
  escalation: EscalationView,
  dashboardUrl: string,
): { subject: string; text: string; html: string } {
  const link = `${dashboardUrl.replace(/\/+$/, '')}/sites`;
  const time = `${formatLondonDay(escalation.raisedAt)} ${formatLondonTime(escalation.raisedAt)}`;
  const value = escalation.value === null ? 'not measured' : String(escalation.value);
  const subject = `Wardflow escalation: ${escalation.wardName}: ${escalation.ruleLabel}`;
  const lines: Array<[string, string]> = [
    ['Ward', escalation.wardName],
    ['Rule', escalation.ruleLabel],
    ['What', escalation.detail],
    ['Value', value],
    ['Raised', time],
  ];
  const text = `${lines.map(([k, v]) => `${k}: ${v}`).join('\n')}\n\nOpen the bed management view to acknowledge it: ${link}\n`;
  const html =
    `<p>An escalation was raised on ${escapeHtml(escalation.wardName)}.</p><table>` +
    lines.map(([k, v]) => `<tr><th align="left">${k}</th><td>${escapeHtml(v)}</td></tr>`).join('') +
    `</table><p><a href="${escapeHtml(link)}">Open the bed management view</a> to acknowledge it.</p>`;
  return { subject, text, html };
}
