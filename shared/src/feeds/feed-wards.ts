/**
 * Which Wardflow ward a CSV row's unit or location means. Rostering and incident systems name wards
 * their own way ("Ward 7A - Cedar", "CEDAR WARD (MH)"), so the trust maps their names to ward ids in
 * FEEDS_CONFIG `wards`; a name not mapped is matched against the ward ids and names Wardflow knows,
 * ignoring case and spacing. A name that matches nothing, or two wards, is an error: a row is never
 * put on a ward by guesswork.
 */
import { feedKey } from './feed-config.js';

/** A ward as the feeds know it. */
export interface FeedWard {
  id: string;
  name: string;
}

export type WardMatch = { wardId: string } | { problem: string };

/** A function from a cell's text to the ward it means, or why none. */
export function wardMatcher(
  wards: readonly FeedWard[],
  mapping: Readonly<Record<string, string>>,
): (text: string) => WardMatch {
  const ids = new Set(wards.map((w) => w.id));
  const mapped = new Map(Object.entries(mapping).map(([name, id]) => [feedKey(name), id]));
  const byId = new Map(wards.map((w) => [feedKey(w.id), w.id]));
  const byName = new Map<string, string[]>();
  for (const w of wards) byName.set(feedKey(w.name), [...(byName.get(feedKey(w.name)) ?? []), w.id]);
  return (text) => {
    const key = feedKey(text);
    if (key === '') return { problem: 'required' };
    const target = mapped.get(key);
    if (target !== undefined)
      return ids.has(target)
        ? { wardId: target }
        : {
            problem: `"${text.trim()}" is mapped to ward id "${target}" (FEEDS_CONFIG wards), which Wardflow does not know`,
          };
    const id = byId.get(key);
    if (id !== undefined) return { wardId: id };
    const named = byName.get(key) ?? [];
    if (named.length === 1) return { wardId: named[0] as string };
    if (named.length > 1)
      return {
        problem: `"${text.trim()}" is the name of ${named.length} wards (${named.join(', ')}): map it to one in FEEDS_CONFIG wards`,
      };
    return {
      problem: `unknown ward "${text.trim()}": not a ward name or id Wardflow knows, nor mapped in FEEDS_CONFIG wards`,
    };
  };
}
