/**
 * What this process does, from WARDFLOW_ROLE: an `api` process serves screens and people (controllers,
 * sockets), a `worker` runs the jobs (polls, scoring, digests, maintenance), `all` does both. Each
 * feature module is registered with these, and brings only the providers its parts need.
 */
import type { DynamicModule, Provider, Type } from '@nestjs/common';

export interface ProcessParts {
  servesScreens: boolean;
  runsWorkers: boolean;
}

/** A feature's providers and controllers by the part of the process they belong to. */
export interface FeatureParts {
  /** Needed in every process that loads the feature. */
  shared?: Provider[];
  /** Only where screens and people are served (api and all). */
  screens?: Provider[];
  /** Only where jobs run (worker and all). */
  workers?: Provider[];
  controllers?: Type[];
}

export function partsFor(parts: ProcessParts, feature: FeatureParts): { providers: Provider[]; controllers: Type[] } {
  return {
    providers: [
      ...(feature.shared ?? []),
      ...(parts.servesScreens ? (feature.screens ?? []) : []),
      ...(parts.runsWorkers ? (feature.workers ?? []) : []),
    ],
    controllers: parts.servesScreens ? (feature.controllers ?? []) : [],
  };
}

/**
 * A feature module's `register`, made to return the same module object for the same parts: Nest keys
 * dynamic modules by reference, so two features importing a third would otherwise get two instances.
 */
export function oncePerParts(build: (parts: ProcessParts) => DynamicModule): (parts: ProcessParts) => DynamicModule {
  const built = new Map<string, DynamicModule>();
  return (parts) => {
    const key = `${parts.servesScreens}/${parts.runsWorkers}`;
    let module = built.get(key);
    if (module === undefined) built.set(key, (module = build(parts)));
    return module;
  };
}
