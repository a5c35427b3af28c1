import { readFileSync } from 'node:fs';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import type { Log, Result } from 'sarif';
import { describe, expect, it } from 'vitest';
import { applyExceptionsFile, compareWithBaseline, findingFingerprint, parseBaseline, parseExceptionsFile } from '../../src/engine/index.ts';
import { renderJson, renderSarif, SECURITY_SEVERITY } from '../../src/report/index.ts';
import { ACCOUNT, cleanResult, fixtureFindings, fixtureResult, IAM_FILE, ROOT_FILE } from './fixtures.ts';

// Both packages are CommonJS setting `module.exports = X` and `X.default = X`: `.default` works under either interop.
const Ajv = AjvDraft04Module.default;
const addFormats = addFormatsModule.default;

const schema: unknown = JSON.parse(readFileSync(new URL('./sarif-schema/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }); // the schema has a pattern that is invalid with the `u` flag
addFormats(ajv);
const validateSarif = ajv.compile(schema as object);

function expectValid(text: string): Log {
  const log = JSON.parse(text) as Log;
  const ok = validateSarif(log);
  expect(ok ? [] : validateSarif.errors).toEqual([]);
  return log;
}

function results(log: Log): Result[] {
  return log.runs[0]?.results ?? [];
}

describe('renderSarif', () => {
  it('is valid SARIF 2.1.0 for the fixture, a clean run, and with baseline and exceptions', () => {
    expectValid(renderSarif(fixtureResult()));
    expectValid(renderSarif(cleanResult(), { toolVersion: '0.1.0', informationUri: 'https://example.com/guard' }));
    const baseline = parseBaseline(renderJson(fixtureResult(fixtureFindings().slice(0, 3))), 'baseline.json');
    if (!baseline.ok) throw new Error('fixture baseline invalid');
    const file = parseExceptionsFile(
      'exceptions:\n  - rule: users-unused\n    resource: "a,b:c%d"\n    owner: team\n    reason: r\n    expires: 2026-01-01\n  - rule: nothing\n    resource: x\n    owner: team\n    reason: r\n    expires: 2030-01-01\n',
      'guard-exceptions.yaml',
    );
    if (!file.ok) throw new Error('fixture exceptions invalid');
    const applied = applyExceptionsFile(fixtureResult(), file.value.entries, Date.parse('2026-11-27T10:00:00Z'));
    const log = expectValid(renderSarif(applied.result, { baseline: compareWithBaseline(applied.result, baseline.value), exceptions: applied, srcRoot: '/repo', automationId: `guard/${ACCOUNT}/` }));
    const notes = log.runs[0]?.invocations?.[0]?.toolExecutionNotifications ?? [];
    expect(notes.map((n) => n.message.text).join('\n')).toMatch(/expired on 2026-01-01[\s\S]*matches no finding/);
    expect(results(log).filter((r) => r.baselineState === 'new').length).toBe(fixtureFindings().length - 3);
  });

  it('rejects what the schema forbids (the validator is live)', () => {
    const log = JSON.parse(renderSarif(fixtureResult())) as Record<string, unknown>;
    expect(validateSarif({ ...log, version: '2.0.0' })).toBe(false);
  });

  it('describes every rule with severity, tags and help', () => {
    const log = expectValid(renderSarif(fixtureResult()));
    const rules = log.runs[0]?.tool.driver.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual(fixtureResult().rules.map((r) => r.id));
    const rootMfa = rules[0];
    expect(rootMfa).toMatchObject({
      id: 'root-mfa',
      name: 'RootMfa',
      shortDescription: { text: 'Root user has MFA' },
      fullDescription: { text: 'The root user can do anything, including closing the account.' },
      help: { text: 'Enable a hardware MFA device on the root user.' },
      helpUri: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html',
      defaultConfiguration: { level: 'error' },
    });
    expect(rootMfa?.properties?.tags).toEqual(expect.arrayContaining(['critical', 'CIS 1.5', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html']));
    const severities = Object.fromEntries(rules.map((r) => [r.id, r.properties?.['security-severity']]));
    expect(severities).toEqual({
      'root-mfa': '9.5',
      'root-no-access-keys': '9.5',
      'password-policy-strong': '5.5',
      'stale-keys': '8.0',
      'users-unused': '3.0',
      'mfa-devices-info': '0.0',
    });
    expect(SECURITY_SEVERITY.high).toBe('8.0');
  });

  it("keeps within code scanning's tag limit however many references a rule has", () => {
    const references = Array.from({ length: 30 }, (_, i) => `ref-${i}`);
    const result = { ...fixtureResult(), rules: fixtureResult().rules.map((r) => ({ ...r, references })) };
    const rule = expectValid(renderSarif(result)).runs[0]?.tool.driver.rules?.[0];
    expect(rule?.properties?.tags).toHaveLength(10);
    expect(rule?.properties?.['references']).toEqual(references);
  });

  it('maps status and severity to levels, unknowns to warnings that say data was missing, waivers to suppressions', () => {
    const log = expectValid(renderSarif(fixtureResult()));
    const all = results(log);
    const byName = (name: string): Result => {
      const found = all.find((r) => r.locations?.[0]?.logicalLocations?.[0]?.name === name);
      if (!found) throw new Error(`no result for ${name}`);
      return found;
    };
    expect(byName('<root_account>').level).toBe('error');
    expect(byName('alice/AKIAALICE1').level).toBe('error');
    expect(byName('device-01').level).toBe('note');
    const unknown = byName('password policy');
    expect(unknown.level).toBe('warning');
    expect(unknown.message.text).toMatch(/^data was missing/);
    const waived = byName('legacy-ci/AKIALEGACY1');
    expect(waived.suppressions).toEqual([
      {
        kind: 'inSource',
        status: 'accepted',
        justification: 'moving to OIDC; until 2027-03-01',
        location: { physicalLocation: { artifactLocation: { uri: 'policies/iam%20users.guard', uriBaseId: '%SRCROOT%' }, region: { startLine: 3, startColumn: 3 } } },
      },
    ]);
    for (const r of all) {
      const rule = log.runs[0]?.tool.driver.rules?.[r.ruleIndex ?? -1];
      expect(rule?.id).toBe(r.ruleId);
    }
  });

  it('locates each result on its rule line and names the AWS resource', () => {
    const log = expectValid(renderSarif(fixtureResult()));
    const root = results(log)[0];
    expect(root?.locations?.[0]).toEqual({
      physicalLocation: { artifactLocation: { uri: 'policies/root.guard', uriBaseId: '%SRCROOT%' }, region: { startLine: 3, startColumn: 1 } },
      logicalLocations: [{ name: '<root_account>', fullyQualifiedName: `arn:aws:iam::${ACCOUNT}:root`, kind: 'resource', properties: { resourceType: 'root' } }],
    });
    const files = new Set(results(log).map((r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri));
    expect(files).toEqual(new Set([ROOT_FILE, IAM_FILE.replace(' ', '%20')]));
    const noArn = results(log).find((r) => r.ruleId === 'password-policy-strong');
    expect(noArn?.locations?.[0]?.logicalLocations?.[0]?.fullyQualifiedName).toBe('password-policy/password policy');
  });

  it('makes absolute rule paths relative to srcRoot, and file: URIs outside it', () => {
    const moved = fixtureResult().findings.map((f) => ({ ...f, location: { ...f.location, file: `/repo/${f.location.file}` } }));
    const result = { ...fixtureResult(moved), rules: fixtureResult().rules.map((r) => ({ ...r, location: { ...r.location, file: `/repo/${r.location.file}` } })) };
    const inside = expectValid(renderSarif(result, { srcRoot: '/repo' }));
    expect(results(inside)[0]?.locations?.[0]?.physicalLocation?.artifactLocation).toEqual({ uri: 'policies/root.guard', uriBaseId: '%SRCROOT%' });
    expect(inside.runs[0]?.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///repo/' } });
    const outside = expectValid(renderSarif(result, { srcRoot: '/elsewhere' }));
    expect(results(outside)[0]?.locations?.[0]?.physicalLocation?.artifactLocation).toEqual({ uri: 'file:///repo/policies/root.guard' });
  });

  it('carries the stable fingerprint of each finding', () => {
    const log = expectValid(renderSarif(fixtureResult()));
    expect(results(log).map((r) => r.partialFingerprints?.['guard/v1'])).toEqual(fixtureFindings().map((f) => findingFingerprint(f)));
    const reordered = expectValid(renderSarif(fixtureResult([...fixtureFindings()].reverse())));
    expect(new Set(results(reordered).map((r) => r.partialFingerprints?.['guard/v1']))).toEqual(new Set(results(log).map((r) => r.partialFingerprints?.['guard/v1'])));
  });

  it('reports missing snapshot sections as tool notifications', () => {
    const log = expectValid(renderSarif(fixtureResult()));
    expect(log.runs[0]?.invocations?.[0]?.toolExecutionNotifications?.[0]?.message.text).toMatch(/iam\.passwordPolicy was not collected/);
  });
});
