/**
 * A principal's granted actions grouped by service and access level, for `guard permissions`: what
 * it can do at a glance (iam: 3 of 41 Permissions management actions, ...). Actions the catalog does
 * not know keep a group of their own, never dropped.
 */
import type { AccessLevel, ActionCatalog, CatalogAction } from './types.ts';

/** The access levels in the order the issue and the Service Authorization Reference list them. */
export const ACCESS_LEVELS: readonly AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

export interface LevelAccess {
  readonly level: AccessLevel;
  /** The granted actions of this level, catalog names, sorted. */
  readonly actions: readonly string[];
  /** How many actions of this level the service has in the catalog (`actions.length` of them are granted). */
  readonly inCatalog: number;
}

export interface ServiceAccess {
  /** Service prefix, lower case. */
  readonly service: string;
  /** Granted actions of the service, all levels. */
  readonly count: number;
  /** Only levels with a granted action, in ACCESS_LEVELS order. */
  readonly levels: readonly LevelAccess[];
}

export interface AccessSummary {
  /** By service prefix, sorted. */
  readonly services: readonly ServiceAccess[];
  /** Actions the catalog does not know, as given, once each, in the order given. */
  readonly unknown: readonly string[];
  /** Distinct catalog actions granted (unknown ones apart). */
  readonly count: number;
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Groups concrete action names (a grant's `actions`); a glob is not expanded here: it is unknown unless the catalog has that exact name. */
export function accessSummary(actions: readonly string[], catalog: ActionCatalog): AccessSummary {
  const known = new Map<string, CatalogAction>();
  const unknown: string[] = [];
  const unknownSeen = new Set<string>();
  for (const name of actions) {
    const action = catalog.lookup(name);
    if (action !== undefined) {
      known.set(action.name, action);
    } else if (!unknownSeen.has(name.toLowerCase())) {
      unknownSeen.add(name.toLowerCase());
      unknown.push(name);
    }
  }
  const byService = new Map<string, CatalogAction[]>();
  for (const action of known.values()) {
    const list = byService.get(action.service);
    if (list === undefined) byService.set(action.service, [action]);
    else list.push(action);
  }
  const services = [...byService.keys()].sort(byCodeUnit).map((service): ServiceAccess => {
    const granted = byService.get(service) ?? [];
    const everyAction = catalog.expand(`${service}:*`);
    const levels = ACCESS_LEVELS.flatMap((level): LevelAccess[] => {
      const names = granted.filter((a) => a.accessLevel === level).map((a) => a.name);
      if (names.length === 0) return [];
      return [{ level, actions: names.sort(byCodeUnit), inCatalog: everyAction.filter((a) => a.accessLevel === level).length }];
    });
    return { service, count: granted.length, levels };
  });
  return { services, unknown, count: known.size };
}
