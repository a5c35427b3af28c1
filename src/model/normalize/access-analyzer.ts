import type { Entity, Unknown } from '../entities.ts';
import { UNKNOWN } from '../entities.ts';
import { EMPTY, exactList } from '../lists.ts';
import { arnAccount } from '../policy-document/principal.ts';
import { SECTIONS } from '../sections.ts';
import type { AccessAnalyzerRegion, AnalyzerFinding } from '../snapshot.ts';
import type { NormalizeContext } from './context.ts';
import { has } from './context.ts';
import type { MutableEntity, TypedEntity } from './new-entity.ts';
import { newEntity } from './new-entity.ts';
import { date } from './raw-values.ts';

/**
 * IAM Access Analyzer (docs/identity-center.md): one entity per region queried, its analyzers and
 * their active findings. A region whose analyzers or findings could not be listed (named in its
 * `errors`, or absent) keeps them unknown for that region alone.
 */

export interface AccessAnalyzerModel {
  readonly regions: readonly MutableEntity[];
  readonly analyzers: readonly MutableEntity[];
  readonly findings: readonly MutableEntity[];
  /** The regions are listed (the section was collected). */
  readonly regionsKnown: boolean;
  /** Every region's analyzers (findings) are listed: the collection is complete. */
  readonly analyzersKnown: boolean;
  readonly findingsKnown: boolean;
  /** The snapshot account's analyzers, every region; UNKNOWN when some region's are not known. */
  readonly accountAnalyzers: readonly Entity[] | Unknown;
}

const EXTERNAL_TYPES = new Set(['ACCOUNT', 'ORGANIZATION']);
const UNUSED_TYPES = new Set(['ACCOUNT_UNUSED_ACCESS', 'ORGANIZATION_UNUSED_ACCESS']);

function listed(region: AccessAnalyzerRegion, part: 'analyzers' | 'findings'): boolean {
  return region[part] !== undefined && !(region.errors ?? []).some((e) => e.part === part);
}

export function normalizeAccessAnalyzer(ctx: NormalizeContext): AccessAnalyzerModel {
  const known = has(ctx, SECTIONS.accessAnalyzerRegions);
  const regionList = known ? (ctx.snapshot.accessAnalyzer?.regions ?? []) : [];
  const regions: MutableEntity[] = [];
  const analyzers: MutableEntity[] = [];
  const findings: MutableEntity[] = [];
  let analyzersKnown = known;
  let findingsKnown = known;
  for (const r of regionList) {
    const analyzersListed = listed(r, 'analyzers');
    const findingsListed = listed(r, 'findings');
    analyzersKnown &&= analyzersListed;
    findingsKnown &&= findingsListed;
    const own = analyzersListed ? (r.analyzers ?? []).map((a) => analyzerEntity(r.region, a)) : [];
    const byArn = new Map(own.map((a) => [a.arn ?? '', a]));
    const found = findingsListed ? (r.findings ?? []).map((f) => findingEntity(r.region, f, byArn.get(f.analyzerArn) ?? (analyzersListed ? null : UNKNOWN))) : [];
    for (const a of own) a.attrs.findings = findingsListed ? exactList(found.filter((f) => f.attrs.analyzer === a)) : UNKNOWN;
    analyzers.push(...own);
    findings.push(...found);
    regions.push(
      newEntity('analyzer-region', `analyzer-region/${r.region}`, r.region, null, null, {
        region: r.region,
        analyzers: analyzersListed ? exactList(own) : UNKNOWN,
        findings: findingsListed ? exactList(found) : UNKNOWN,
      }),
    );
  }
  return { regions, analyzers, findings, regionsKnown: known, analyzersKnown, findingsKnown, accountAnalyzers: analyzersKnown ? exactList(analyzers) : UNKNOWN };
}

function analyzerEntity(region: string, a: NonNullable<AccessAnalyzerRegion['analyzers']>[number]): TypedEntity<'analyzer'> {
  return newEntity('analyzer', a.arn, a.name, a.arn, null, {
    name: a.name,
    arn: a.arn,
    region,
    type: a.type,
    status: a.status,
    active: a.status === 'ACTIVE',
    external_access: EXTERNAL_TYPES.has(a.type),
    unused_access: UNUSED_TYPES.has(a.type),
    organization_zone: a.type.startsWith('ORGANIZATION'),
    created: a.createdAt === undefined ? null : date(a.createdAt),
    findings: UNKNOWN,
  });
}

function findingEntity(region: string, f: AnalyzerFinding, analyzer: Entity | null | Unknown): TypedEntity<'analyzer-finding'> {
  const external = f.findingType === 'ExternalAccess';
  const principals = external ? Object.values(f.principal ?? {}) : EMPTY;
  const accounts = new Set<string>();
  for (const p of principals) {
    const account = /^\d{12}$/.test(p) ? p : arnAccount(p);
    if (account !== null && /^\d{12}$/.test(account)) accounts.add(account);
  }
  return newEntity('analyzer-finding', `${f.analyzerArn}/finding/${f.id}`, f.resource ?? f.id, null, analyzer === UNKNOWN ? null : analyzer, {
    id: f.id,
    analyzer,
    region,
    type: f.findingType,
    external_access: external,
    unused_access: f.findingType.startsWith('Unused'),
    status: f.status,
    resource: f.resource ?? null,
    resource_type: f.resourceType ?? null,
    resource_owner_account: f.resourceOwnerAccount ?? null,
    principals: exactList(principals),
    principal_accounts: exactList([...accounts].sort()),
    public: f.isPublic === true,
    actions: external ? exactList(f.action ?? EMPTY) : EMPTY,
    created: f.createdAt === undefined ? null : date(f.createdAt),
    updated: f.updatedAt === undefined ? null : date(f.updatedAt),
  });
}
