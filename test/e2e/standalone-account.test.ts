import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runGuard } from '../support/run-guard.ts';
import { snapshotFiles } from './permission-fixtures.ts';

/**
 * An account in no organization (`organizations: null`, known) against one whose Organizations
 * section was not collected (missing or in `errors`, unknown): a rule about an organization, its
 * management account, members or delegated administrators has nothing to judge on the first and
 * says so as an empty scope (never a pass finding), and is unknown on the others.
 */

const SMALL = JSON.parse(readFileSync(join(REPO, 'test/fixtures/snapshots/small.json'), 'utf8')) as Record<string, unknown>;
const file = snapshotFiles('guard-standalone-');

/** Every org.* rule, and the Identity Center rules that read the organization. */
const ORGANIZATION_RULES = [...readFileSync(join(REPO, 'policies/organizations.guard'), 'utf8').matchAll(/^rule (org\.[a-z-]+)/gm)]
  .map((m) => m[1] ?? '')
  // org.region-guardrail is switched off by its empty param (an OFF rule, never evaluated): empty-scopes.test.ts holds it.
  .filter((id) => id !== 'org.region-guardrail')
  .concat('idc.management-account-assignments');

interface EvalJson {
  rules: { id: string; emptyScope?: string }[];
  findings: { rule: string; status: string }[];
}

async function evaluate(data: unknown, name: string): Promise<EvalJson> {
  const run = await runGuard(['eval', 'policies/', '--snapshot', file(name, data), '--fail-on', 'none', '-f', 'json'], { cwd: REPO });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as EvalJson;
}

describe('organization rules on an account in no organization', () => {
  it('the library has them (the list is read from the rule file)', () => {
    expect(ORGANIZATION_RULES).toContain('org.delegated-admins-trusted');
    expect(ORGANIZATION_RULES.length).toBeGreaterThan(10);
  });

  it('`organizations: null`: each has an empty scope and no finding, so none claims a pass', async () => {
    expect(SMALL['organizations']).toBeNull();
    const report = await evaluate(SMALL, 'standalone');
    for (const id of ORGANIZATION_RULES) {
      expect([id, report.findings.filter((f) => f.rule === id).map((f) => f.status)]).toEqual([id, []]);
      expect([id, report.rules.find((r) => r.id === id)?.emptyScope]).toEqual([id, expect.stringMatching(/^(no-entities|filter)$/)]);
    }
  });

  it('Organizations not collected (missing, or named in errors): each is unknown', async () => {
    const { organizations: _, ...missing } = SMALL;
    const errored = { ...SMALL, errors: [...((SMALL['errors'] as unknown[] | undefined) ?? []), { section: 'organizations', code: 'AccessDenied', message: 'not authorized' }] };
    for (const [name, data] of [
      ['missing', missing],
      ['errored', errored],
    ] as const) {
      const report = await evaluate(data, name);
      for (const id of ORGANIZATION_RULES) {
        const statuses = [...new Set(report.findings.filter((f) => f.rule === id).map((f) => f.status))];
        expect([name, id, statuses]).toEqual([name, id, ['unknown']]);
      }
    }
  });

  it('`identityCenter: null` (no instance, known): the rules over permission sets and assignments have empty scopes; idc.enabled fails', async () => {
    const report = await evaluate({ ...SMALL, identityCenter: null }, 'no-instance');
    for (const id of ['idc.admin-assigned-narrowly', 'idc.admin-session-short', 'idc.assign-groups', 'idc.management-account-assignments']) {
      expect([id, report.findings.filter((f) => f.rule === id).length, report.rules.find((r) => r.id === id)?.emptyScope]).toEqual([id, 0, 'no-entities']);
    }
    expect(report.findings.filter((f) => f.rule === 'idc.enabled').map((f) => f.status)).toEqual(['fail']);
  });
});
