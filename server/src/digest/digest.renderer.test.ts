import { PNG } from 'pngjs';
import { makeDigest, makeDigestWard } from './digest.builders.js';
import { DigestRenderCache, inlineImages, renderDigest, renderDigestHtmlDirect } from './digest.renderer.js';

const lead = {
  id: 'matron-1',
  name: 'Matron, Royal Infirmary',
  email: 'matron@trust.example',
  wardIds: ['2a', 'cedar', '3b'],
};

describe('digest rendering', () => {
  const content = makeDigest(lead, [
    makeDigestWard('2a', 2),
    makeDigestWard('cedar', 3),
    makeDigestWard('3b', 5, { prediction: null }),
  ]);

  it('should put every ward and every cell with its value and band word in the HTML, and the same facts in the text', async () => {
    const email = await renderDigest(content);
    for (const ward of content.wards) {
      expect(email.html).toContain(ward.name);
      expect(email.text).toContain(ward.name);
      expect(email.html).toContain(ward.composite.text);
      for (const cell of ward.cells) {
        expect(email.html).toContain(`>${cell.label}<`);
        expect(email.html).toContain(`<strong>${cell.valueText}</strong>`);
        expect(email.text).toMatch(
          new RegExp(`${cell.label}\\s+${cell.valueText.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+${cell.bandWord}`),
        );
      }
      expect(email.html.match(new RegExp(`>(RED|AMBER|OK|no data)</span>`, 'g'))!.length).toBeGreaterThanOrEqual(
        ward.cells.length,
      );
    }
  });

  it('should list the predicted wards with probability and drivers in both parts', async () => {
    const email = await renderDigest(content);
    expect(content.predicted.length).toBeGreaterThan(0);
    for (const ward of content.predicted) {
      expect(email.html).toContain(`${ward.probabilityText}</strong>`);
      expect(email.text).toContain(
        `${ward.name} (${ward.siteName}): ${ward.probabilityText} chance. Why: ${ward.drivers.join('; ')}.`,
      );
      for (const driver of ward.drivers) expect(email.html).toContain(driver);
    }
    expect(email.html).toContain(content.subject);
  });

  it('should carry the data time, the dashboard link and the change since last week', async () => {
    const email = await renderDigest(content);
    expect(email.html).toContain('Data as of Mon 30 Mar 06:45 BST');
    expect(email.text).toContain('Data as of Mon 30 Mar 06:45 BST');
    expect(email.html).toContain('href="http://127.0.0.1:3000/heatmap"');
    expect(email.text).toContain('http://127.0.0.1:3000/heatmap');
    expect(email.text).toContain(`Since last week: ${content.wards[0]!.change!.text}`);
  });

  it('should depend on no external image, stylesheet or script', async () => {
    const email = await renderDigest(content);
    expect(email.html).not.toMatch(/<script/i);
    expect(email.html).not.toMatch(/<link[^>]+stylesheet/i);
    const sources = [...email.html.matchAll(/src="([^"]+)"/g)].map((m) => m[1]);
    expect(sources).toHaveLength(content.wards.length);
    for (const src of sources) expect(src).toMatch(/^cid:/);
    expect(email.attachments.map((a) => `cid:${a.cid}`).sort()).toEqual([...sources].sort());
  });

  it('should attach each chart as a real PNG, drawn once per ward per run', async () => {
    const charts = new DigestRenderCache();
    const first = await renderDigest(content, charts);
    const second = await renderDigest(makeDigest({ ...lead, id: 'other' }, [makeDigestWard('2a', 2)]), charts);
    const png = PNG.sync.read(first.attachments[0]!.content);
    expect([png.width, png.height]).toEqual([520, 128]);
    expect(second.attachments.find((a) => a.filename === '2a-trend.png')!.content).toBe(
      first.attachments.find((a) => a.filename === '2a-trend.png')!.content,
    );
  });

  it('should give, through its template, the HTML MJML makes from the filled markup', async () => {
    const cache = new DigestRenderCache();
    const other = makeDigest({ ...lead, id: 'two', name: 'Service lead & deputy' }, [
      makeDigestWard('9z', 8),
      makeDigestWard('cedar', 3),
      makeDigestWard('4c', 11),
    ]);
    await renderDigest(content, cache);
    // The second email of the same shape is filled from the first one's template.
    expect((await renderDigest(other, cache)).html).toBe(await renderDigestHtmlDirect(other));
    const missing = makeDigest({ ...lead, wardIds: ['2a', 'gone'] }, [makeDigestWard('2a', 2)]);
    expect((await renderDigest(missing, cache)).html).toBe(await renderDigestHtmlDirect(missing));
  });

  it('should inline images as data: URIs for the preview only', async () => {
    const email = await renderDigest(content);
    const preview = inlineImages(email);
    expect(preview).not.toContain('cid:');
    expect(preview).toContain('src="data:image/png;base64,');
    expect(email.html).toContain('cid:');
  });

  it('should escape names from configuration', async () => {
    const email = await renderDigest(
      makeDigest({ ...lead, name: 'A <b>lead</b>' }, [makeDigestWard('x', 1, { name: 'Ward <script>' })]),
    );
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('Ward &lt;script&gt;');
  });
});
