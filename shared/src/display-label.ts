/**
 * What the wall screen may call a patient (SEC-1): initials, never a full name.
 */

/** Initials from a given name and family name: "Jane Mary", "Smith" -> "J.S." (first given name only). */
export function initialsOf(given: readonly string[] | undefined, family: string | undefined): string {
  const first = given?.find((g) => g.trim().length > 0)?.trim()[0];
  const last = family?.trim()[0];
  const letters = [first, last].filter((c): c is string => c !== undefined).map((c) => c.toUpperCase());
  return letters.length === 0 ? '?' : letters.map((c) => `${c}.`).join('');
}

/**
 * For each key, the other keys sharing the same initials, so the board can warn before two
 * patients are confused (CS-8).
 */
export function sameInitialsGroups(entries: ReadonlyArray<{ key: string; initials: string }>): Map<string, string[]> {
  const byInitials = new Map<string, string[]>();
  for (const { key, initials } of entries) {
    if (initials === '?') continue;
    byInitials.set(initials, [...(byInitials.get(initials) ?? []), key]);
  }
  const result = new Map<string, string[]>();
  for (const { key, initials } of entries) {
    result.set(
      key,
      (byInitials.get(initials) ?? []).filter((other) => other !== key),
    );
  }
  return result;
}
