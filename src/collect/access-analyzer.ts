import { type AccessAnalyzerClient, type AnalyzerSummary, ListAnalyzersCommand, ListFindingsCommand, ListFindingsV2Command } from '@aws-sdk/client-accessanalyzer';
import { type JsonObject, toJsonObject } from './json-value.ts';
import { collectPages, mapBounded } from './paginate.ts';
import { plural, runSection, type SectionScope } from './section.ts';
import type { AccessAnalyzerRegion } from './snapshot-document.ts';

// Regions are independent endpoints with their own rate limits, but one account's credentials.
const REGION_CONCURRENCY = 4;

// Analyzers whose findings ListFindings (v1) returns, with principal, action and condition; the
// unused- and internal-access types answer only ListFindingsV2.
const EXTERNAL_ACCESS_TYPES = new Set(['ACCOUNT', 'ORGANIZATION']);

const ACTIVE_ONLY = { status: { eq: ['ACTIVE'] } };

/**
 * Each region's analyzers (ListAnalyzers) and the ACTIVE findings of its ACTIVE analyzers. A region
 * that fails (AccessDenied, a region not enabled, unreachable) records its error in its own entry:
 * the other regions stay known.
 */
export async function collectAccessAnalyzer(scope: SectionScope, regions: readonly string[]): Promise<{ readonly regions: readonly AccessAnalyzerRegion[] }> {
  const entries = await mapBounded(regions, REGION_CONCURRENCY, async (region): Promise<AccessAnalyzerRegion> => {
    const analyzers = await runSection(scope, `accessAnalyzer.regions[${region}].analyzers`, async ({ clients, note }) => {
      const value = await listAnalyzers(clients.regional(region).accessAnalyzer, note);
      return { value, detail: plural(value.length, 'analyzer') };
    });
    if (analyzers.kind === 'failed') return { region, errors: [{ part: 'analyzers', code: analyzers.error.code, message: analyzers.error.message }] };
    const findings = await runSection(scope, `accessAnalyzer.regions[${region}].findings`, async ({ clients, note }) => {
      const active = analyzers.value.filter((a) => a.status === 'ACTIVE');
      const value = (await Promise.all(active.map((a) => listFindings(clients.regional(region).accessAnalyzer, a, note)))).flat();
      return { value, detail: plural(value.length, 'active finding') };
    });
    const listed = analyzers.value.map((a) => toJsonObject(a));
    if (findings.kind === 'failed') return { region, analyzers: listed, errors: [{ part: 'findings', code: findings.error.code, message: findings.error.message }] };
    return { region, analyzers: listed, findings: findings.value };
  });
  return { regions: entries };
}

async function listAnalyzers(client: AccessAnalyzerClient, note: (detail: string) => void): Promise<AnalyzerSummary[]> {
  return collectPages(
    async (token) => {
      const response = await client.send(new ListAnalyzersCommand({ nextToken: token }));
      return { items: response.analyzers ?? [], next: response.nextToken };
    },
    (pages) => {
      if (pages > 1) note(`page ${pages}`);
    },
  );
}

/** ListFindings for external-access analyzers, ListFindingsV2 for the others; each finding with its analyzer and type. */
async function listFindings(client: AccessAnalyzerClient, analyzer: AnalyzerSummary, note: (detail: string) => void): Promise<JsonObject[]> {
  const analyzerArn = analyzer.arn ?? '';
  if (EXTERNAL_ACCESS_TYPES.has(analyzer.type ?? '')) {
    const found = await collectPages(async (token) => {
      const response = await client.send(new ListFindingsCommand({ analyzerArn, filter: ACTIVE_ONLY, nextToken: token }));
      return { items: response.findings ?? [], next: response.nextToken };
    });
    note(`${analyzer.name ?? analyzerArn}: ${plural(found.length, 'finding')}`);
    return found.map((f) => ({ ...toJsonObject(f), analyzerArn, findingType: 'ExternalAccess' }));
  }
  const found = await collectPages(async (token) => {
    const response = await client.send(new ListFindingsV2Command({ analyzerArn, filter: ACTIVE_ONLY, nextToken: token }));
    return { items: response.findings ?? [], next: response.nextToken };
  });
  note(`${analyzer.name ?? analyzerArn}: ${plural(found.length, 'finding')}`);
  // findingType is optional in the SDK's shape; the snapshot needs one to tell unused from external access.
  return found.map((f) => ({ ...toJsonObject(f), analyzerArn, findingType: f.findingType ?? 'Unknown' }));
}
