import { readFileSync } from 'node:fs';

/** The bundled path catalogue (data/privesc/paths.json, see its README), read on first use. */

export interface CataloguePath {
  /** pathfinding.cloud id (`iam-001`), or `cloudsplaining:<method>` / `rhino:<number>`. */
  readonly id: string;
  readonly name: string;
  readonly category: string | null;
  readonly services: readonly string[];
  readonly source: string;
  /** The actions that together enable the path, with the source's note on the resource each needs. */
  readonly required: readonly { readonly action: string; readonly note: string | null }[];
  readonly references: readonly { readonly title: string; readonly url: string }[];
  readonly alsoKnownAs: readonly { readonly source: string; readonly name: string }[];
}

/**
 * src/model/permissions/escalation/ and dist/model/permissions/escalation/ sit at the same depth
 * below the package root, where data/ is: one relative URL serves the clone and the installed package.
 */
export const PATHS_FILE: URL = new URL('../../../../data/privesc/paths.json', import.meta.url);

let loaded: ReadonlyMap<string, CataloguePath> | undefined;

/** Every bundled path by id. The file ships with guard: a missing or malformed one is a bug, so it throws. */
export function pathCatalogue(): ReadonlyMap<string, CataloguePath> {
  if (loaded === undefined) {
    const data = JSON.parse(readFileSync(PATHS_FILE, 'utf8')) as { readonly paths?: readonly CataloguePath[] };
    if (!Array.isArray(data.paths)) throw new Error(`${PATHS_FILE.pathname}: no paths list`);
    loaded = new Map(data.paths.map((p) => [p.id, p]));
  }
  return loaded;
}
