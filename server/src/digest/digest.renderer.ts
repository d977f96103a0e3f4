/**
 * Turns a lead's digest (facts decided in shared/) into an email: HTML from MJML (nested tables and
 * inline styles, which is what Outlook's Word engine reads) and a plain-text part with the same
 * facts, plus one inline PNG trend chart per ward referenced by cid:. Nothing in the email is
 * fetched from elsewhere: no remote images, fonts, stylesheets or scripts.
 *
 * Speed (docs/design.md section 11: 1,000 leads in 60 s): MJML takes about a third of a second per email here, so a
 * run renders MJML once per email *shape* (number of wards, whether a note on missing wards is
 * there) with numbered placeholders where every piece of content goes, and fills them in per lead.
 * MJML passes the inside of mj-text and mj-table through as it is, so the filled template is the
 * HTML MJML would have made from the filled markup (a test holds it to that). Charts are the same
 * in every lead's email that week, so they are drawn once per ward per run.
 */
import { COMPOSITE_BANDS, londonStamp, type DigestContent, type DigestWard } from '@wardflow/shared';
import type { OutgoingEmail } from '../mail/mailer.adapter.js';
import { CHART_HEIGHT, CHART_WIDTH, describeTrend, renderTrendChart } from './trend-chart.renderer.js';

export interface RenderedDigest {
  subject: string;
  html: string;
  text: string;
  attachments: NonNullable<OutgoingEmail['attachments']>;
}

/** Placeholder i: letters and digits only, so MJML carries it unchanged through text and attributes. */
const token = (i: number) => `WFSLOT${i}X`;
const TOKENS = /WFSLOT(\d+)X/g;

/** Where content goes: straight in (direct rendering), or a placeholder recorded for later (templates). */
type Slot = (html: string) => string;

/**
 * One run's caches: charts by ward (one run is one week, so a ward's points are the same for every
 * lead) and compiled MJML templates by email shape. Make a new one per run.
 */
export class DigestRenderCache {
  private readonly charts = new Map<string, Buffer>();
  private readonly templates = new Map<string, Promise<string>>();

  chart(ward: DigestWard): Buffer {
    let png = this.charts.get(ward.wardId);
    if (png === undefined) {
      png = renderTrendChart(ward.daily);
      this.charts.set(ward.wardId, png);
    }
    return png;
  }

  template(shape: string, mjml: string): Promise<string> {
    let html = this.templates.get(shape);
    if (html === undefined) {
      html = compileMjml(mjml);
      this.templates.set(shape, html);
      // A failed compile is not kept: the next email of this shape tries again and reports its own error.
      html.catch(() => this.templates.delete(shape));
    }
    return html;
  }
}

async function compileMjml(mjml: string): Promise<string> {
  // Loaded on the first digest, not at start: MJML and what it brings (an HTML parser, a CSS inliner,
  // lodash) are megabytes of code a server would otherwise hold all week for one run.
  const { default: mjml2html } = await import('mjml');
  return (await mjml2html(mjml, { validationLevel: 'strict', keepComments: false })).html;
}

const BAND_STYLE: Record<string, { background: string; color: string }> = {
  RED: { background: '#d5281b', color: '#ffffff' },
  AMBER: { background: '#ffb81c', color: '#212b32' },
  OK: { background: '#e3f2e8', color: '#005a2b' },
};
const NEUTRAL = { background: '#e8edee', color: '#425563' };
const INK = '#212b32';
const MUTED = '#4c6272';
const BLUE = '#005eb8';

function esc(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** A band word in a box: the word always, the colour as well (CS-9). */
function badge(word: string, size = 13): string {
  const style = BAND_STYLE[word] ?? NEUTRAL;
  return `<span style="display:inline-block;padding:2px 8px;border-radius:3px;background-color:${style.background};color:${style.color};font-weight:bold;font-size:${size}px;letter-spacing:0.3px;white-space:nowrap;">${esc(word)}</span>`;
}

function chartCid(ward: DigestWard, week: string): string {
  return `trend-${ward.wardId.replace(/[^A-Za-z0-9-]/g, '_')}-${week}@wardflow`;
}

function freshnessNote(ward: DigestWard): string {
  if (ward.freshness === 'fresh') return '';
  const what = ward.freshness === 'expired' ? 'NOT CURRENT: colours removed' : 'Not up to date';
  return `<p style="margin:6px 0 0 0;padding:6px 8px;background-color:#fff4cc;border-left:4px solid #ffb81c;color:${INK};font-size:13px;"><strong>${what}.</strong> ${esc(ward.staleReason ?? '')} Data as of ${esc(ward.asOfText)}.</p>`;
}

/** The predicted-wards table's rows (inside mj-table, which MJML passes through as it is). */
function predictedRows(content: DigestContent): string {
  const head = `<tr><th align="left" style="padding:6px 8px;border-bottom:2px solid ${INK};font-size:13px;">Ward</th><th style="padding:6px 8px;border-bottom:2px solid ${INK};font-size:13px;">Next 7 days</th><th align="left" style="padding:6px 8px;border-bottom:2px solid ${INK};font-size:13px;">Top drivers and change</th></tr>`;
  const rows = content.predicted.map(
    (w) => `<tr>
  <td style="padding:10px 8px;border-bottom:1px solid #d8dde0;vertical-align:top;width:46%;"><strong style="font-size:15px;">${esc(w.name)}</strong><br/><span style="color:${MUTED};font-size:13px;">${esc(w.siteName)}</span></td>
  <td style="padding:10px 8px;border-bottom:1px solid #d8dde0;vertical-align:top;width:18%;text-align:center;"><strong style="font-size:22px;color:${INK};">${esc(w.probabilityText)}</strong><br/><span style="color:${MUTED};font-size:12px;">chance</span></td>
  <td style="padding:10px 8px;border-bottom:1px solid #d8dde0;vertical-align:top;font-size:13px;">${
    w.drivers.length === 0 ? 'No single measure stands out.' : `<strong>Why:</strong> ${w.drivers.map(esc).join('; ')}`
  }${w.change === null ? '' : `<br/><span style="color:${MUTED};">Last week: ${esc(w.change.text)}</span>`}</td>
</tr>`,
  );
  // With nothing predicted the table says so in one row, so the email's shape does not change.
  const none = `<tr><td colspan="3" style="padding:10px 8px;">No ward is predicted to need extra support in the coming week (chance ${esc(content.thresholdText)} or more).</td></tr>`;
  return rows.length === 0 ? none : `${head}\n${rows.join('\n')}`;
}

function wardHeading(ward: DigestWard): string {
  return `<h3 style="margin:0;font-size:18px;color:${INK};">${esc(ward.name)} <span style="font-weight:normal;color:${MUTED};font-size:14px;">${esc(ward.siteName)}</span></h3>
      <p style="margin:6px 0 0 0;">Composite <strong>${esc(ward.composite.text)}</strong> ${badge(ward.composite.bandWord)} &nbsp; Chance of needing extra support: <strong>${esc(ward.probabilityText)}</strong>${ward.predicted ? ' (listed above)' : ''}</p>
      <p style="margin:4px 0 0 0;color:${MUTED};font-size:13px;">${ward.change === null ? 'No score from a week before to compare with.' : `Since last week: ${esc(ward.change.text)}`}</p>
      ${freshnessNote(ward)}`.trimEnd();
}

function wardCells(ward: DigestWard): string {
  const head = `<tr><th align="left" style="padding:5px 8px;border-bottom:2px solid ${INK};font-size:13px;">Measure</th><th align="right" style="padding:5px 8px;border-bottom:2px solid ${INK};font-size:13px;">Value</th><th align="right" style="padding:5px 8px;border-bottom:2px solid ${INK};font-size:13px;">Band</th></tr>`;
  const cells = ward.cells.map(
    (c) => `<tr>
  <td style="padding:5px 8px;border-bottom:1px solid #e8edee;">${esc(c.label)}</td>
  <td style="padding:5px 8px;border-bottom:1px solid #e8edee;text-align:right;white-space:nowrap;"><strong>${esc(c.valueText)}</strong>${c.reason === undefined ? '' : `<br/><span style="color:${MUTED};font-size:12px;">${esc(c.reason)}</span>`}</td>
  <td style="padding:5px 8px;border-bottom:1px solid #e8edee;text-align:right;width:80px;">${badge(c.bandWord, 12)}</td>
</tr>`,
  );
  return `${head}\n${cells.join('\n')}`;
}

function wardBlock(ward: DigestWard, week: string, slot: Slot): string {
  const trendWords = describeTrend(ward.daily);
  const caption = `${esc(trendWords.charAt(0).toUpperCase() + trendWords.slice(1))}. Dashed lines: amber from ${COMPOSITE_BANDS.amber}, red from ${COMPOSITE_BANDS.red}; a gap is a day without a score.`;
  return `<mj-section background-color="#ffffff" padding="16px 0 8px 0" border-top="4px solid ${slot(BAND_STYLE[ward.composite.bandWord]?.background ?? '#aeb7bd')}">
  <mj-column>
    <mj-text padding="0 24px 4px 24px">${slot(wardHeading(ward))}</mj-text>
    <mj-image src="${slot(`cid:${chartCid(ward, week)}`)}" alt="${slot(esc(`${ward.name}: ${trendWords}`))}" width="${CHART_WIDTH}px" height="${CHART_HEIGHT}px" align="left" padding="8px 24px 0 24px" />
    <mj-text padding="2px 24px 6px 24px" font-size="12px" color="${MUTED}">${slot(caption)}</mj-text>
    <mj-table padding="0 24px 8px 24px" font-size="14px" color="${INK}" cellpadding="0" width="100%">${slot(wardCells(ward))}</mj-table>
  </mj-column>
</mj-section>`;
}

function headlineOf(content: DigestContent): string {
  const count = content.wards.length;
  return content.predicted.length === 0
    ? `None of your ${count} ward${count === 1 ? '' : 's'} is predicted to need extra support this week.`
    : `${content.predicted.length} of your ${count} ward${count === 1 ? '' : 's'} may need extra support in the coming week.`;
}

/** The email's shape: what decides its MJML structure (everything else is content in slots). */
function shapeOf(content: DigestContent): string {
  return `${content.wards.length}:${content.missingWardIds.length > 0 ? 'missing' : 'complete'}`;
}

function mjmlOf(content: DigestContent, slot: Slot): string {
  const headline = headlineOf(content);
  const missing =
    content.missingWardIds.length === 0
      ? ''
      : `<mj-section background-color="#ffffff" padding="0"><mj-column><mj-text padding="8px 24px" font-size="13px">${slot(
          `<p style="margin:0;padding:6px 8px;background-color:#fff4cc;border-left:4px solid #ffb81c;">Not in this email: ${content.missingWardIds.map(esc).join(', ')} (configured for you, but not known to the dashboard's data). Please tell the Wardflow administrator.</p>`,
        )}</mj-text></mj-column></mj-section>`;
  const spacer = '<mj-section padding="5px 0"><mj-column><mj-spacer height="1px" /></mj-column></mj-section>';
  return `<mjml>
<mj-head>
  <mj-title>${slot(esc(content.subject))}</mj-title>
  <mj-preview>${slot(esc(headline))}</mj-preview>
  <mj-attributes>
    <mj-all font-family="Arial, Helvetica, sans-serif" />
    <mj-text font-size="15px" line-height="1.45" color="${INK}" />
  </mj-attributes>
</mj-head>
<mj-body background-color="#f0f4f5" width="640px">
  <mj-section background-color="${BLUE}" padding="14px 0">
    <mj-column>
      <mj-text color="#ffffff" font-size="20px" font-weight="bold" padding="0 24px">Ward safety digest</mj-text>
      <mj-text color="#ffffff" font-size="14px" padding="2px 24px 0 24px">${slot(`${esc(content.weekLabel.charAt(0).toUpperCase() + content.weekLabel.slice(1))} · for ${esc(content.leadName)}`)}</mj-text>
    </mj-column>
  </mj-section>
  <mj-section background-color="#ffffff" padding="16px 0 4px 0">
    <mj-column>
      <mj-text padding="0 24px 6px 24px">${slot(`<p style="margin:0;font-size:17px;"><strong>${esc(headline)}</strong></p>
      <p style="margin:6px 0 0 0;color:${MUTED};font-size:13px;">Data as of ${esc(content.dataAsOfText)}. Listed when the chance of needing extra support in the next 7 days is ${esc(content.thresholdText)} or more.</p>`)}</mj-text>
      <mj-table padding="0 24px 12px 24px" font-size="14px" color="${INK}" cellpadding="0" width="100%">${slot(predictedRows(content))}</mj-table>
    </mj-column>
  </mj-section>
  ${missing}
  <mj-section padding="10px 0 4px 0"><mj-column><mj-text padding="0 24px" font-size="16px" font-weight="bold">Your wards, highest risk first</mj-text></mj-column></mj-section>
  ${content.wards.map((w) => wardBlock(w, content.week, slot)).join(`\n  ${spacer}\n  `)}
  <mj-section background-color="#ffffff" padding="16px 0" border-top="1px solid #d8dde0">
    <mj-column>
      <mj-button href="${slot(`${esc(content.dashboardUrl)}/heatmap`)}" background-color="${BLUE}" color="#ffffff" font-size="15px" font-weight="bold" align="left" padding="0 24px 10px 24px">Open the safety heat map</mj-button>
      <mj-text padding="0 24px" font-size="12px" color="${MUTED}">${slot(
        `Ward-level figures only; patient details stay behind the dashboard's sign-in. Sent by Wardflow to ${esc(content.email)} every Monday. Composed ${esc(londonStamp(content.generatedAt))}.`,
      )}</mj-text>
    </mj-column>
  </mj-section>
</mj-body>
</mjml>`;
}

/** The plain-text part: the same facts, in the same order, for readers and clients without HTML. */
export function digestText(content: DigestContent): string {
  const lines: string[] = [];
  lines.push(`Ward safety digest, ${content.weekLabel}, for ${content.leadName}`);
  lines.push(`Data as of ${content.dataAsOfText}.`);
  lines.push('');
  if (content.predicted.length === 0) {
    lines.push(
      `No ward is predicted to need extra support in the coming week (chance ${content.thresholdText} or more).`,
    );
  } else {
    lines.push(`MAY NEED EXTRA SUPPORT IN THE NEXT 7 DAYS (chance ${content.thresholdText} or more):`);
    for (const w of content.predicted) {
      lines.push(
        `- ${w.name} (${w.siteName}): ${w.probabilityText} chance.${w.drivers.length === 0 ? '' : ` Why: ${w.drivers.join('; ')}.`}`,
      );
      if (w.change !== null) lines.push(`  Last week: ${w.change.text}`);
    }
  }
  if (content.missingWardIds.length > 0)
    lines.push(
      '',
      `Not in this email (configured for you, not known to the data): ${content.missingWardIds.join(', ')}`,
    );
  lines.push('', 'YOUR WARDS, HIGHEST RISK FIRST');
  for (const w of content.wards) {
    lines.push('', `${w.name} (${w.siteName})`);
    lines.push(
      `  Composite ${w.composite.text} [${w.composite.bandWord}]; chance of needing extra support: ${w.probabilityText}`,
    );
    lines.push(
      `  ${w.change === null ? 'No score from a week before to compare with.' : `Since last week: ${w.change.text}`}`,
    );
    if (w.freshness !== 'fresh')
      lines.push(
        `  ${w.freshness === 'expired' ? 'NOT CURRENT' : 'Not up to date'}: ${w.staleReason ?? ''} Data as of ${w.asOfText}.`,
      );
    lines.push(
      `  Trend: ${describeTrend(w.daily)}; amber from ${COMPOSITE_BANDS.amber}, red from ${COMPOSITE_BANDS.red}`,
    );
    const width = Math.max(...w.cells.map((c) => c.label.length));
    for (const c of w.cells)
      lines.push(
        `  ${c.label.padEnd(width)}  ${c.valueText.padStart(18)}  ${c.bandWord}${c.reason === undefined ? '' : ` (${c.reason})`}`,
      );
  }
  lines.push('', `Open the safety heat map: ${content.dashboardUrl}/heatmap`);
  lines.push("Ward-level figures only; patient details stay behind the dashboard's sign-in.");
  return `${lines.join('\n')}\n`;
}

/** The HTML as MJML makes it from the filled markup, without templates: what the templates are tested against. */
export async function renderDigestHtmlDirect(content: DigestContent): Promise<string> {
  return compileMjml(mjmlOf(content, (html) => html));
}

/**
 * The email for a digest: HTML, text and the charts it references. The MJML for its shape is
 * compiled once per cache (a run); throws if MJML finds the markup invalid.
 */
export async function renderDigest(
  content: DigestContent,
  cache: DigestRenderCache = new DigestRenderCache(),
): Promise<RenderedDigest> {
  const values: string[] = [];
  const markup = mjmlOf(content, (html) => token(values.push(html) - 1));
  const template = await cache.template(shapeOf(content), markup);
  // One pass, so content that happens to look like a placeholder is never itself replaced.
  const html = template.replace(TOKENS, (_, i: string) => values[Number(i)] ?? '');
  return {
    subject: content.subject,
    html,
    text: digestText(content),
    attachments: content.wards.map((w) => ({
      filename: `${w.wardId}-trend.png`,
      content: cache.chart(w),
      cid: chartCid(w, content.week),
      contentType: 'image/png',
    })),
  };
}

/** For the preview page only: the HTML with each cid: image replaced by a data: URI (a browser cannot resolve cid:). */
export function inlineImages(rendered: RenderedDigest): string {
  let html = rendered.html;
  for (const a of rendered.attachments)
    html = html.split(`cid:${a.cid}`).join(`data:${a.contentType};base64,${a.content.toString('base64')}`);
  return html;
}
