/**
 * The small trend chart in each ward's part of the digest: the ward's daily composite over the last
 * weeks as a PNG drawn with pngjs, attached to the email and shown by cid:, so the email never
 * fetches an image from anywhere (Outlook blocks remote images, and the trust's network may too).
 * Drawn at twice the size it is shown, for sharp lines on high-density screens. No text in the image:
 * the email says in words what it shows (alt text and caption), as a chart alone is colour only (CS-9).
 */
import { COMPOSITE_BANDS, type DailyComposite } from '@wardflow/shared';
import { PNG } from 'pngjs';

/** Shown size in CSS pixels; the image is drawn at SCALE times this. */
export const CHART_WIDTH = 260;
export const CHART_HEIGHT = 64;
const SCALE = 2;

type Rgb = readonly [number, number, number];
const WHITE: Rgb = [255, 255, 255];
const GREEN_ZONE: Rgb = [234, 245, 237];
const AMBER_ZONE: Rgb = [253, 243, 220];
const RED_ZONE: Rgb = [250, 226, 226];
const AMBER_LINE: Rgb = [196, 128, 0];
const RED_LINE: Rgb = [190, 30, 45];
const INK: Rgb = [0, 48, 135]; // NHS dark blue
const GREY: Rgb = [174, 183, 189];

class Canvas {
  readonly png: PNG;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.png = new PNG({ width, height, colorType: 2, inputColorType: 2, inputHasAlpha: false });
  }

  set(x: number, y: number, [r, g, b]: Rgb): void {
    const xi = Math.round(x);
    const yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= this.width || yi >= this.height) return;
    // pngjs keeps RGBA in `data` whatever the output colour type.
    const i = (yi * this.width + xi) * 4;
    this.png.data[i] = r;
    this.png.data[i + 1] = g;
    this.png.data[i + 2] = b;
    this.png.data[i + 3] = 255;
  }

  fill(x0: number, y0: number, x1: number, y1: number, colour: Rgb): void {
    for (let y = Math.max(0, Math.floor(y0)); y < Math.min(this.height, Math.ceil(y1)); y++) {
      for (let x = Math.max(0, Math.floor(x0)); x < Math.min(this.width, Math.ceil(x1)); x++) this.set(x, y, colour);
    }
  }

  dot(cx: number, cy: number, radius: number, colour: Rgb): void {
    for (let y = -radius; y <= radius; y++) {
      for (let x = -radius; x <= radius; x++) if (x * x + y * y <= radius * radius) this.set(cx + x, cy + y, colour);
    }
  }

  line(x0: number, y0: number, x1: number, y1: number, radius: number, colour: Rgb): void {
    const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0)));
    for (let s = 0; s <= steps; s++)
      this.dot(x0 + ((x1 - x0) * s) / steps, y0 + ((y1 - y0) * s) / steps, radius, colour);
  }

  dashed(y: number, colour: Rgb): void {
    for (let x = 0; x < this.width; x++)
      if (Math.floor(x / (6 * SCALE)) % 2 === 0) for (let t = 0; t < SCALE; t++) this.set(x, y + t, colour);
  }
}

/** What the chart shows, in words: for alt text and the plain-text part. */
export function describeTrend(points: readonly DailyComposite[]): string {
  const values = points.map((p) => p.composite).filter((v): v is number => v !== null);
  if (values.length === 0) return 'no composite scores in the period';
  const first = values[0]!;
  const last = values.at(-1)!;
  return `daily composite over ${points.length} days: from ${first} to ${last} (lowest ${Math.min(...values)}, highest ${Math.max(...values)})`;
}

/** The PNG of a ward's daily composites (oldest first), with the amber and red thresholds marked. */
export function renderTrendChart(points: readonly DailyComposite[]): Buffer {
  const w = CHART_WIDTH * SCALE;
  const h = CHART_HEIGHT * SCALE;
  const canvas = new Canvas(w, h);
  const pad = 4 * SCALE;
  const values = points.map((p) => p.composite).filter((v): v is number => v !== null);
  // 0 to at least a little above red, so the red zone is always there to compare with.
  const top = Math.max(COMPOSITE_BANDS.red + 15, ...values.map((v) => v + 5));
  const yOf = (v: number) => pad + (h - 2 * pad) * (1 - v / top);
  canvas.fill(0, 0, w, h, WHITE);
  canvas.fill(0, yOf(top), w, yOf(COMPOSITE_BANDS.red), RED_ZONE);
  canvas.fill(0, yOf(COMPOSITE_BANDS.red), w, yOf(COMPOSITE_BANDS.amber), AMBER_ZONE);
  canvas.fill(0, yOf(COMPOSITE_BANDS.amber), w, yOf(0) + pad, GREEN_ZONE);
  canvas.dashed(Math.round(yOf(COMPOSITE_BANDS.red)), RED_LINE);
  canvas.dashed(Math.round(yOf(COMPOSITE_BANDS.amber)), AMBER_LINE);
  const n = points.length;
  const xOf = (i: number) => pad + (n <= 1 ? (w - 2 * pad) / 2 : ((w - 2 * pad) * i) / (n - 1));
  let previous: { x: number; y: number } | null = null;
  points.forEach((p, i) => {
    if (p.composite === null) {
      // A day without a score is a gap, not a line drawn through a guess.
      previous = null;
      return;
    }
    const here = { x: xOf(i), y: yOf(p.composite) };
    if (previous !== null) canvas.line(previous.x, previous.y, here.x, here.y, SCALE, INK);
    else canvas.dot(here.x, here.y, SCALE, INK);
    previous = here;
  });
  const lastIndex = points.findLastIndex((p) => p.composite !== null);
  if (lastIndex >= 0) {
    const last = points[lastIndex]!.composite!;
    const colour = last >= COMPOSITE_BANDS.red ? RED_LINE : last >= COMPOSITE_BANDS.amber ? AMBER_LINE : INK;
    canvas.dot(xOf(lastIndex), yOf(last), 3 * SCALE, WHITE);
    canvas.dot(xOf(lastIndex), yOf(last), 2 * SCALE, colour);
  } else {
    canvas.line(pad, h / 2, w - pad, h / 2, 1, GREY);
  }
  return PNG.sync.write(canvas.png, { colorType: 2 });
}
