/**
 * Regenerates the bundled privilege-escalation catalogue, data/privesc/paths.json, from the team's
 * shared folder (../shared/data/privesc, see its README):
 *
 *   node scripts/build-privesc-data.ts [shared-privesc-dir]
 *
 * Only the Apache-2.0 (pathfinding.cloud) and BSD-3-Clause (Rhino Security Labs, cloudsplaining)
 * sources enter; the GPL, CC-BY-SA and AGPL (PMapper) material, and iam-vulnerable, stay out. Per
 * path it keeps what guard evaluates and cites: id, name, category, services, the required
 * permissions with their resource-constraint notes, references, and the names other sources give
 * the method. data/privesc/README.md says what is dropped.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'data', 'privesc');
const SHARED = process.argv[2] ?? join(ROOT, '..', 'shared', 'data', 'privesc');

interface SourceRow {
  readonly source: string;
  readonly ref?: string | number;
  readonly name?: string;
}
interface IndexMethod {
  readonly id: string;
  readonly name: string;
  readonly category?: string;
  readonly required_actions: readonly string[];
  readonly sources: readonly SourceRow[];
}
interface PathfindingPath {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly services: readonly string[];
  readonly permissions: { readonly required: readonly { readonly permission: string; readonly resourceConstraints?: string }[] };
  readonly references?: readonly { readonly title: string; readonly url: string }[];
  readonly source_file: string;
}
interface RhinoMethod {
  readonly number: number;
  readonly title: string;
  readonly links: readonly string[];
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(join(SHARED, file), 'utf8')) as T;
}

const BUNDLED_SOURCES = new Set(['pathfinding.cloud', 'cloudsplaining', 'rhino-security-labs']);

/** Other names of the method in the bundled sources (cloudsplaining's method names, Rhino's titles). */
function alsoKnownAs(m: IndexMethod): { source: string; name: string }[] {
  const out: { source: string; name: string }[] = [];
  for (const s of m.sources) {
    if (s.source === 'pathfinding.cloud' || !BUNDLED_SOURCES.has(s.source) || s.name === undefined) continue;
    const name = s.source === 'rhino-security-labs' ? `${s.ref}. ${s.name}` : s.name;
    if (!out.some((o) => o.source === s.source && o.name === name)) out.push({ source: s.source, name });
  }
  return out;
}

/** cloudsplaining spells actions in lower case: restore the case the catalog uses where pathfinding.cloud has the same action. */
function casedAction(action: string, known: ReadonlyMap<string, string>): string {
  return known.get(action.toLowerCase()) ?? action;
}

function main(): void {
  const index = readJson<{ methods: readonly IndexMethod[] }>('privesc-methods-index.json');
  const pathfinding = readJson<{ source: { commit: string }; paths: readonly PathfindingPath[] }>('pathfinding-cloud-paths.json');
  const cloudsplaining = readJson<{ source: { commit: string }; privilege_escalation_methods: readonly { name: string; pathfinding_url?: string }[] }>('cloudsplaining-privesc-methods.json');
  const rhino = readJson<{ source: { commit: string }; methods: readonly RhinoMethod[] }>('rhino-security-labs-methods.json');

  const byId = new Map(pathfinding.paths.map((p) => [p.id, p]));
  const knownCase = new Map<string, string>();
  for (const p of pathfinding.paths) for (const r of p.permissions.required) knownCase.set(r.permission.toLowerCase(), r.permission);

  const paths = index.methods.map((m) => {
    const [source, localId] = m.id.split(':') as [string, string];
    if (source === 'pathfinding') {
      const p = byId.get(localId);
      if (p === undefined) throw new Error(`index method ${m.id} has no pathfinding.cloud path`);
      return {
        id: p.id,
        name: p.name,
        category: p.category,
        services: p.services,
        source: 'pathfinding.cloud',
        required: p.permissions.required.map((r) => ({ action: r.permission, note: r.resourceConstraints ?? null })),
        references: [{ title: `pathfinding.cloud ${p.id}`, url: `https://github.com/DataDog/pathfinding.cloud/blob/${pathfinding.source.commit}/${p.source_file}` }, ...(p.references ?? [])],
        alsoKnownAs: alsoKnownAs(m),
      };
    }
    const actions = m.required_actions.map((a) => casedAction(a, knownCase));
    const services = [...new Set(actions.map((a) => a.split(':')[0] ?? a))];
    const references =
      source === 'rhino'
        ? (rhino.methods.find((r) => String(r.number) === localId)?.links ?? []).map((url) => ({ title: `Rhino Security Labs method ${localId}`, url }))
        : [{ title: 'cloudsplaining PRIVILEGE_ESCALATION_METHODS', url: `https://github.com/salesforce/cloudsplaining/blob/${cloudsplaining.source.commit}/cloudsplaining/shared/constants.py` }];
    return {
      id: m.id,
      name: m.name,
      category: m.category ?? null,
      services,
      source: source === 'rhino' ? 'rhino-security-labs' : 'cloudsplaining',
      required: actions.map((action) => ({ action, note: null })),
      references,
      alsoKnownAs: alsoKnownAs(m).filter((a) => a.name !== m.name),
    };
  });

  const bundle = {
    note: 'Privilege-escalation paths bundled with guard: built by scripts/build-privesc-data.ts; see README.md in this folder for sources, licences and what was dropped.',
    sources: [
      { name: 'pathfinding.cloud', repository: 'DataDog/pathfinding.cloud', commit: pathfinding.source.commit, license: 'Apache-2.0', files: ['LICENSE-pathfinding.cloud-Apache-2.0.txt', 'NOTICE-pathfinding.cloud.txt'] },
      { name: 'cloudsplaining', repository: 'salesforce/cloudsplaining', commit: cloudsplaining.source.commit, license: 'BSD-3-Clause', files: ['LICENSE-cloudsplaining-BSD-3-Clause.txt'] },
      { name: 'rhino-security-labs', repository: 'RhinoSecurityLabs/AWS-IAM-Privilege-Escalation', commit: rhino.source.commit, license: 'BSD-3-Clause', files: ['LICENSE-rhino-BSD-3-Clause.txt'] },
    ],
    paths,
  };
  writeFileSync(join(OUT, 'paths.json'), `${JSON.stringify(bundle, null, 2)}\n`);
  for (const f of ['NOTICE-pathfinding.cloud.txt', 'LICENSE-cloudsplaining-BSD-3-Clause.txt', 'LICENSE-rhino-BSD-3-Clause.txt']) copyFileSync(join(SHARED, f), join(OUT, f));
  process.stdout.write(`data/privesc/paths.json: ${paths.length} paths\n`);
}

main();
