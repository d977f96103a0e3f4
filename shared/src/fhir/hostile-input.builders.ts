/**
 * Hostile input for the readers' property tests: any resource a feed sends, with junk put at random
 * places in it. Nothing a feed sends may make a reader throw (docs/design.md section 8).
 */
import fc from 'fast-check';

export type Mutation = { path: number[]; value: unknown };

/** Puts each mutation's value at a path of key choices (indices into the keys at each level); undefined deletes. */
export function mutate<T>(resource: T, mutations: readonly Mutation[]): T {
  const root = structuredClone(resource) as unknown;
  for (const { path, value } of mutations) {
    let node = root as Record<string, unknown>;
    for (let depth = 0; depth < path.length; depth++) {
      const keys = Object.keys(node);
      if (keys.length === 0) break;
      const key = keys[(path[depth] as number) % keys.length] as string;
      const child = node[key];
      if (depth === path.length - 1 || typeof child !== 'object' || child === null) {
        if (value === undefined) delete node[key];
        else node[key] = value;
        break;
      }
      node = child as Record<string, unknown>;
    }
  }
  return root as T;
}

/** One to four mutations of paths up to `maxDepth` keys deep, with values from `junk`. */
export function mutationsOf(junk: fc.Arbitrary<unknown>, maxDepth = 5): fc.Arbitrary<Mutation[]> {
  return fc.array(fc.record({ path: fc.array(fc.nat(), { minLength: 1, maxLength: maxDepth }), value: junk }), {
    minLength: 1,
    maxLength: 4,
  });
}
