import { parse, type TestCase, type TestSuite, type TestSuites } from 'junit2json';
import { describe, expect, it } from 'vitest';
import { compareWithBaseline, parseBaseline } from '../../src/engine/index.ts';
import { chunked, junitParts, renderJson, renderJunit } from '../../src/report/index.ts';
import { AWKWARD_NAMES, cleanResult, fixtureFindings, fixtureResult, IAM_FILE, ROOT_FILE } from './fixtures.ts';

// Keep attribute values as strings: resource names such as `123` must not turn into numbers.
const STRINGS = { attrValueProcessors: [] };

async function parsed(xml: string): Promise<TestSuites> {
  const out = await parse(xml, STRINGS);
  if (!out || !('testsuite' in out) || Array.isArray(out)) throw new Error('expected <testsuites>');
  return out as TestSuites;
}

function suite(doc: TestSuites, name: string): TestSuite {
  const found = doc.testsuite?.find((s) => s.name === name);
  if (!found) throw new Error(`no testsuite ${name}`);
  return found;
}

function cases(doc: TestSuites): TestCase[] {
  return (doc.testsuite ?? []).flatMap((s) => s.testcase ?? []);
}

describe('renderJunit', () => {
  it('parses with a JUnit parser: a suite per rule file, a case per (rule, resource)', async () => {
    const doc = await parsed(renderJunit(fixtureResult()));
    expect(doc.testsuite?.map((s) => s.name)).toEqual([ROOT_FILE, IAM_FILE]);
    const root = suite(doc, ROOT_FILE);
    // root-mfa fails, root-no-access-keys passes (one passing case), password policy is unknown
    expect(root.testcase?.map((c) => [c.classname, c.name])).toEqual([
      ['policies.root.root-mfa', 'root <root_account>'],
      ['policies.root.root-no-access-keys', 'root-no-access-keys: Root has no access keys'],
      ['policies.root.password-policy-strong', 'password-policy password policy'],
    ]);
    expect(Number(root.tests)).toBe(3);
    expect(Number(root.failures)).toBe(1);
    expect(Number(root.errors)).toBe(1);
    expect(Number(root.skipped)).toBe(0);
    const iam = suite(doc, IAM_FILE);
    expect(Number(iam.tests)).toBe(fixtureFindings().filter((f) => f.location.file === IAM_FILE).length);
    expect(Number(doc.tests)).toBe(cases(doc).length);
    expect(Number(doc.failures)).toBe(fixtureResult().summary.fail);
    expect(Number(doc.errors)).toBe(fixtureResult().summary.unknown);
  });

  it('uses failure for fail, error for unknown, skipped for waived, with message and evidence', async () => {
    const doc = await parsed(renderJunit(fixtureResult()));
    const all = cases(doc);
    const alice = all.find((c) => c.name === 'access-key alice/AKIAALICE1');
    expect(alice?.failure?.[0]?.type).toBe('high');
    expect(alice?.failure?.[0]?.message).toBe('access key alice/AKIAALICE1: fails `access keys where active and age > 90d denied`');
    expect(alice?.failure?.[0]?.inner).toContain('age: 200d');
    expect(alice?.failure?.[0]?.inner).toContain('remediation: Rotate the key');
    const unknown = all.find((c) => c.name === 'password-policy password policy');
    expect(unknown?.error?.[0]?.type).toBe('unknown');
    expect(unknown?.failure).toBeUndefined();
    const waived = all.find((c) => c.name === 'access-key legacy-ci/AKIALEGACY1');
    expect(waived?.skipped?.[0]?.message).toBe('waived until 2027-03-01: moving to OIDC');
  });

  it('escapes every awkward name so that it parses back unchanged', async () => {
    const xml = renderJunit(fixtureResult());
    const names = cases(await parsed(xml)).map((c) => c.name);
    expect(names).toContain(`access-key ${AWKWARD_NAMES[0]}/AKIAWEIRD1`);
    expect(names).toContain(`user ${AWKWARD_NAMES[1]}`);
    expect(names).toContain(`user ${AWKWARD_NAMES[2]}`);
    // line breaks in attributes are kept as character references, not folded into spaces
    expect(names).toContain(`user ${AWKWARD_NAMES[3]}`);
    expect(xml).not.toMatch(/name="[^"]*[<>][^"]*"/);
  });

  it('replaces characters XML cannot carry', async () => {
    const findings = fixtureFindings().map((f, i) => (i === 0 ? { ...f, message: 'bell\u0007 and nul\u0000 and lone \uD800 surrogate' } : f));
    const doc = await parsed(renderJunit(fixtureResult(findings)));
    expect(cases(doc)[0]?.failure?.[0]?.message).toBe('bell\uFFFD and nul\uFFFD and lone \uFFFD surrogate');
  });

  it('shows a clean run as passing tests', async () => {
    const doc = await parsed(renderJunit(cleanResult()));
    expect(cases(doc)).toHaveLength(cleanResult().rules.length);
    expect(cases(doc).every((c) => !c.failure && !c.error && !c.skipped)).toBe(true);
    expect(Number(doc.failures)).toBe(0);
  });

  it('notes the baseline state in the failure text', async () => {
    const baseline = parseBaseline(renderJson(fixtureResult(fixtureFindings().slice(0, 3))), 'b.json');
    if (!baseline.ok) throw new Error('bad baseline');
    const result = fixtureResult();
    const doc = await parsed(renderJunit(result, { baseline: compareWithBaseline(result, baseline.value) }));
    const all = cases(doc);
    expect(all.find((c) => c.name === 'root <root_account>')?.failure?.[0]?.inner).toContain('baseline: existing');
    expect(all.find((c) => c.name === 'user a,b:c%d')?.failure?.[0]?.inner).toContain('baseline: new');
  });

  it('writes a large report in parts that join to one document, each testcase on its own line', async () => {
    // 600 findings of one rule: the suite's testcases span several parts.
    const [first] = fixtureFindings();
    if (first === undefined) throw new Error('no fixture finding');
    const many = Array.from({ length: 600 }, (_, i) => ({ ...first, resource: { ...first.resource, name: `user-${i}`, key: `${first.resource.key}-${i}` } }));
    const result = fixtureResult([...many, ...fixtureFindings().slice(1)]);
    const parts = [...junitParts(result)];
    expect(parts.length).toBeGreaterThan(4);
    const xml = parts.join('');
    expect(renderJunit(result)).toBe(xml);
    expect([...chunked(parts, 7)].join('')).toBe(xml);
    // Parts meet at line ends: each testcase starts its own line, and the next case or the suite's end follows it.
    expect(xml.endsWith('</testsuites>\n')).toBe(true);
    expect(xml).not.toMatch(/[^\n ] *<testcase /);
    expect(xml).not.toMatch(/<\/testcase>(?!\n {4}<testcase |\n {2}<\/testsuite>\n)/);
    const doc = await parsed(xml);
    expect(cases(doc)).toHaveLength(Number(doc.tests));
    expect(cases(doc).filter((c) => / user-\d+$/.test(String(c.name)))).toHaveLength(600);
    expect(Number(doc.failures)).toBe(result.summary.fail);
  });
});
