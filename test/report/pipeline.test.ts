import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { parse as parseJunit } from 'junit2json';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRules } from '../../src/cli/load-rules.ts';
import { applyExceptionsFile, compareWithBaseline, compileProgram, type EvaluationResult, evaluate, findingFingerprint, parseBaseline, parseExceptionsFile } from '../../src/engine/index.ts';
import { normalizeSnapshot, parseSnapshot, type Snapshot } from '../../src/model/index.ts';
import { renderJson, renderJunit, renderMarkdown, renderSarif } from '../../src/report/index.ts';

/**
 * The reporters and CI-gate inputs fed by the real pipeline (rule files → checker → evaluator)
 * over the example account: every format is checked by its schema or parser, fingerprints survive
 * reordering of the snapshot's entities and of the rule files, and a baseline tracks the account
 * across two snapshots.
 */

const EXAMPLE = new URL('../../examples/snapshots/example-account.json', import.meta.url);
const RULES_A = `rule root-mfa "Root user has MFA" severity critical:
  root must have mfa

rule stale-keys "Access keys are rotated" severity high:
  access keys where active and age > 90d denied
`;
const RULES_B = `users unused > 90d denied
users must have mfa
`;

const Ajv = AjvDraft04Module.default;
const addFormats = addFormatsModule.default;
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(new URL('./sarif-schema/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8')) as object);

let dir = '';
let snapshotJson: Record<string, unknown> = {};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'guard-pipeline-'));
  writeFileSync(join(dir, 'a.guard'), RULES_A);
  writeFileSync(join(dir, 'b.guard'), RULES_B);
  snapshotJson = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function snapshotOf(data: unknown): Snapshot {
  const parsed = parseSnapshot(JSON.stringify(data), 'snapshot.json');
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.value;
}

async function run(data: unknown, ruleFiles: readonly string[] = ['a.guard', 'b.guard'], now?: number): Promise<EvaluationResult> {
  const loaded = await loadRules(ruleFiles, { cwd: dir });
  if (!loaded.program) throw new Error(loaded.diagnostics.map((d) => d.message).join('; '));
  return evaluate(compileProgram(loaded.program), normalizeSnapshot(snapshotOf(data), now === undefined ? {} : { now }));
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Reorders every entity list of the snapshot and the credential report's rows. */
function shuffled(data: Record<string, unknown>, order: (n: number) => number[]): Record<string, unknown> {
  const copy = clone(data) as { iam: { authorizationDetails: Record<string, unknown[]>; credentialReport: string; virtualMfaDevices: unknown[] } };
  const permute = <T>(items: readonly T[]): T[] => order(items.length).map((i) => items[i]!);
  for (const key of Object.keys(copy.iam.authorizationDetails)) copy.iam.authorizationDetails[key] = permute(copy.iam.authorizationDetails[key] ?? []);
  copy.iam.virtualMfaDevices = permute(copy.iam.virtualMfaDevices);
  const [header, ...rows] = copy.iam.credentialReport.split(/\r?\n/).filter((l) => l !== '');
  copy.iam.credentialReport = [header, ...permute(rows)].join('\r\n');
  return copy as unknown as Record<string, unknown>;
}

describe('reporters over the real pipeline', () => {
  it('produces findings, and each format passes its schema or parser', async () => {
    const result = await run(snapshotJson);
    expect(result.findings.length).toBeGreaterThan(5);
    const sarif = JSON.parse(renderSarif(result)) as unknown;
    expect(validateSarif(sarif) ? [] : validateSarif.errors).toEqual([]);
    const junit = await parseJunit(renderJunit(result), { attrValueProcessors: [] });
    expect(junit && 'testsuite' in junit && Array.isArray(junit.testsuite) && junit.testsuite.map((s) => s.name)).toEqual(['a.guard', 'b.guard']);
    const markdown = renderMarkdown(result);
    expect(markdown).toContain('#### high · `stale-keys`');
    const json = parseBaseline(renderJson(result), 'run.json');
    expect(json.ok && json.value.entries.length).toBe(result.findings.length);
  });

  it('keeps fingerprints stable when the snapshot entities and the rule files are reordered', async () => {
    const base = new Set((await run(snapshotJson)).findings.map((f) => findingFingerprint(f)));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { minLength: 64, maxLength: 64 }), fc.boolean(), async (seeds, swapFiles) => {
        // a deterministic permutation from the seeds: sort indices by their seed
        const order = (n: number): number[] => Array.from({ length: n }, (_, i) => i).sort((a, b) => seeds[a % seeds.length]! - seeds[b % seeds.length]! || a - b);
        const result = await run(shuffled(snapshotJson, order), swapFiles ? ['b.guard', 'a.guard'] : ['a.guard', 'b.guard']);
        expect(new Set(result.findings.map((f) => findingFingerprint(f)))).toEqual(base);
      }),
      { numRuns: 15 },
    );
  });

  it('tracks new, existing and resolved findings across two snapshots of the same account', async () => {
    const first = await run(snapshotJson);
    const baseline = parseBaseline(renderJson(first), 'guard-baseline.json');
    if (!baseline.ok) throw new Error('baseline');

    // a week later: carol got MFA (one finding resolved), a new user without MFA appeared (new)
    const later = clone(snapshotJson) as { capturedAt: string; iam: { credentialReport: string; authorizationDetails: { UserDetailList: Record<string, unknown>[] } } };
    later.capturedAt = '2026-12-04T10:00:00Z';
    const lines = later.iam.credentialReport.split(/\r?\n/).filter((l) => l !== '');
    const header = (lines[0] ?? '').split(',');
    const mfa = header.indexOf('mfa_active');
    const carol = lines.findIndex((l) => l.startsWith('carol,'));
    expect(carol).toBeGreaterThan(0);
    const cells = (lines[carol] ?? '').split(',');
    cells[mfa] = 'true';
    lines[carol] = cells.join(',');
    const template = lines[carol] ?? '';
    lines.push(template.replace(/^carol,arn:aws:iam::(\d+):user\/carol/, 'mallory,arn:aws:iam::$1:user/mallory').replace(new RegExp(`^((?:[^,]*,){${mfa}})true`), '$1false'));
    later.iam.credentialReport = lines.join('\r\n');
    const carolDetail = later.iam.authorizationDetails.UserDetailList.find((u) => u['UserName'] === 'carol');
    later.iam.authorizationDetails.UserDetailList.push({ ...clone(carolDetail ?? {}), UserName: 'mallory', UserId: 'AIDAMALLORY00000000', Arn: String(carolDetail?.['Arn'] ?? '').replace('carol', 'mallory') });

    const second = await run(later);
    const cmp = compareWithBaseline(second, baseline.value);
    const state = (rule: string, name: string): string | undefined => {
      const f = second.findings.find((x) => x.rule === rule && x.resource.name === name);
      return f && cmp.states.get(findingFingerprint(f));
    };
    expect(state('users-must-have-mfa', 'mallory')).toBe('new');
    expect(state('users-must-have-mfa', 'bob')).toBe('existing');
    expect(cmp.resolved.map((r) => [r.entry.rule, r.entry.resource.name])).toContainEqual(['users-must-have-mfa', 'carol']);
    expect(cmp.warnings).toEqual([]);
    const doc = JSON.parse(renderJson(second, { baseline: cmp })) as { summary: { new: number; resolved: number } };
    expect(doc.summary.new).toBeGreaterThanOrEqual(1);
    expect(doc.summary.resolved).toBeGreaterThanOrEqual(1);
  });

  it('applies an exceptions file around its expiry, with evaluation time from --now', async () => {
    const exceptions = parseExceptionsFile(
      'exceptions:\n  - rule: users-must-have-mfa\n    resource: bob\n    owner: identity-team\n    reason: hardware token on order\n    expires: 2026-12-01\n',
      'guard-exceptions.yaml',
    );
    if (!exceptions.ok) throw new Error('exceptions');
    const bob = (r: EvaluationResult) => r.findings.find((f) => f.rule === 'users-must-have-mfa' && f.resource.name === 'bob');
    const lastMoment = Date.parse('2026-12-01T23:59:59.999Z');
    const during = await run(snapshotJson, undefined, lastMoment);
    const waived = applyExceptionsFile(during, exceptions.value.entries, lastMoment);
    expect(bob(waived.result)?.status).toBe('waived');
    expect(waived.result.summary.waived).toBe(during.summary.waived + 1);
    const after = await run(snapshotJson, undefined, lastMoment + 1);
    const lapsed = applyExceptionsFile(after, exceptions.value.entries, lastMoment + 1);
    expect(bob(lapsed.result)?.status).toBe('fail');
    expect(lapsed.expired.map((m) => m.findings.length)).toEqual([1]);
  });
});
