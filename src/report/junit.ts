import type { EvaluationResult, EvidenceValue, Finding, RuleInfo } from '../engine/index.ts';
import { baselineState } from '../engine/index.ts';
import { accountLabel, emptyScopeRows, emptyScopeText, findingAccount, offText } from './accounts.ts';
import { formatEvidence } from './evidence.ts';
import { type GateInputs, groupBy } from './gate-inputs.ts';

export type JunitOptions = GateInputs;

/**
 * JUnit XML as Jenkins, GitLab and Azure DevOps read it: a testsuite per rule file, a testcase
 * per (rule, resource) finding — failure for fail, error for unknown, skipped for waived — and
 * one passing testcase for each rule without findings, so a clean rule shows up as a passed test
 * (a skipped one for a rule its params switch off).
 * Testcase names stay stable across runs (no counts, no dates) so CI test history lines up.
 */
export function renderJunit(result: EvaluationResult, options: JunitOptions = {}): string {
  return [...junitParts(result, options)].join('');
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

/** Testcases a part holds: large enough to cost little per case, small enough that no report is held whole. */
const CASES_PER_PART = 256;

/**
 * renderJunit in parts, for writing a large report without holding it as one string (a 50k-finding
 * run's is about 28 MB): the counts first (the root element carries the totals), then each suite's
 * lines, its testcases a batch at a time. Every line ends with a newline, the last one too.
 */
export function* junitParts(result: EvaluationResult, options: JunitOptions = {}): Generator<string, void, undefined> {
  const files = groupBy(result.rules, (rule) => rule.location.file);
  const byRule = groupBy(result.findings, (finding) => finding.rule);
  const empty = new Map(emptyScopeRows(result).map((row) => [row.rule.id, emptyScopeText(row)]));

  const totals: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const countsOf = new Map<string, Counts>();
  for (const [file, rules] of files) {
    const counts = suiteCounts(rules, byRule);
    countsOf.set(file, counts);
    add(totals, counts);
  }
  const unreadable = accountsSuite(result);
  if (unreadable) add(totals, { tests: unreadable.errors, failures: 0, errors: unreadable.errors, skipped: 0 });
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ${attrs({ name: 'guard', ...totals, time: '0' })}>\n`;

  for (const [file, rules] of files) {
    const counts = countsOf.get(file) as Counts;
    yield `${[
      `  <testsuite ${attrs({ name: file, ...counts, time: '0', timestamp: result.now.replace(/\.\d+Z$/, 'Z').replace(/Z$/, ''), hostname: result.snapshot.account })}>`,
      '    <properties>',
      `      <property ${attrs({ name: 'account', value: result.snapshot.account })}/>`,
      `      <property ${attrs({ name: 'capturedAt', value: result.snapshot.capturedAt })}/>`,
      `      <property ${attrs({ name: 'evaluatedAt', value: result.now })}/>`,
      ...(result.missingSections.length ? [`      <property ${attrs({ name: 'missingSections', value: result.missingSections.join(',') })}/>`] : []),
      '    </properties>',
    ].join('\n')}\n`;
    let cases: string[] = [];
    for (const rule of rules) {
      for (const testcase of ruleCases(rule, byRule.get(rule.id) ?? [], file, empty, options)) {
        cases.push(testcase);
        if (cases.length === CASES_PER_PART) {
          yield casesText(cases);
          cases = [];
        }
      }
    }
    if (cases.length > 0) yield casesText(cases);
    yield '  </testsuite>\n';
  }
  if (unreadable) yield `${unreadable.text}\n`;
  yield '</testsuites>\n';
}

/** Testcases as lines, the last one ending with its newline too: one join, so the part is one flat string (not a rope that writing copies). */
function casesText(cases: string[]): string {
  cases.push('');
  return cases.join('\n');
}

function add(into: Counts, counts: Counts): void {
  into.tests += counts.tests;
  into.failures += counts.failures;
  into.errors += counts.errors;
  into.skipped += counts.skipped;
}

/** What a suite's testcases count, as ruleCases writes them. */
function suiteCounts(rules: readonly RuleInfo[], byRule: ReadonlyMap<string, readonly Finding[]>): Counts {
  const counts: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const rule of rules) {
    const findings = byRule.get(rule.id) ?? [];
    if (findings.length === 0) {
      counts.tests++;
      if (rule.off !== undefined) counts.skipped++;
      continue;
    }
    for (const finding of findings) {
      counts.tests++;
      if (finding.status === 'fail') counts.failures++;
      else if (finding.status === 'unknown') counts.errors++;
      else counts.skipped++;
    }
  }
  return counts;
}

/** A rule's testcases: one per finding, or the one passing (or skipped) case of a rule without findings. */
function* ruleCases(rule: RuleInfo, findings: readonly Finding[], file: string, empty: ReadonlyMap<string, string>, options: JunitOptions): Generator<string, void, undefined> {
  const classname = classnameOf(file, rule.id);
  if (findings.length === 0) {
    const head = `    <testcase ${attrs({ name: `${rule.id}: ${rule.title}`, classname, file, line: rule.location.line, time: '0' })}`;
    if (rule.off !== undefined) {
      yield `${head}>\n      <skipped ${attrs({ message: offText(rule) })}/>\n    </testcase>`;
      return;
    }
    const note = empty.get(rule.id);
    yield note === undefined ? `${head}/>` : `${head}>\n      <system-out>${text(note)}</system-out>\n    </testcase>`;
    return;
  }
  // What every testcase of the rule shares, escaped once: the attributes after its name, its part of the details.
  const caseAttributes = ` classname="${attribute(classname)}" file="${attribute(file)}" line="`;
  const ruleText = ruleDetails(rule);
  for (const finding of findings) {
    const name = `${finding.account ? `${findingAccount(finding)}: ` : ''}${finding.resource.type} ${finding.resource.name}`;
    const head = `    <testcase name="${attribute(name)}"${caseAttributes}${finding.location.line}" time="0">`;
    switch (finding.status) {
      case 'fail':
        yield `${head}\n      <failure message="${attribute(finding.message)}" type="${attribute(finding.severity)}">${details(finding, ruleText, options)}</failure>\n    </testcase>`;
        break;
      case 'unknown':
        yield `${head}\n      <error message="${attribute(finding.message)}" type="unknown">${details(finding, ruleText, options)}</error>\n    </testcase>`;
        break;
      case 'waived': {
        const w = finding.waiver;
        const why = w ? `waived${w.until ? ` until ${w.until}` : ''}${w.reason ? `: ${w.reason}` : ''}${w.owner ? ` (owner ${w.owner}${w.ticket ? `, ${w.ticket}` : ''})` : ''}` : 'waived';
        yield `${head}\n      <skipped message="${attribute(why)}"/>\n    </testcase>`;
        break;
      }
    }
  }
}

/** An organization run's unreadable accounts as a suite of errors, so a CI test view shows them beside the findings. */
function accountsSuite(result: EvaluationResult): { text: string; errors: number } | null {
  const failed = (result.organization?.accounts ?? []).filter((a) => a.status === 'failed');
  if (failed.length === 0) return null;
  const cases = failed.map(
    (account) =>
      `    <testcase ${attrs({ name: `account ${accountLabel({ ...account })}`, classname: 'guard.accounts', time: '0' })}>\n      <error ${attrs({ message: account.error ?? 'unreadable', type: 'unreadable-snapshot' })}/>\n    </testcase>`,
  );
  const head = `  <testsuite ${attrs({ name: 'accounts not evaluated', tests: failed.length, failures: 0, errors: failed.length, skipped: 0, time: '0' })}>`;
  return { text: [head, ...cases, '  </testsuite>'].join('\n'), errors: failed.length };
}

/** A rule's lines of a testcase's details, escaped, by the finding's severity (the rule's own, but for findings read back from elsewhere). */
interface RuleDetails {
  readonly rule: (severity: string) => string;
  /** The remediation line with the newline before it, or ''. */
  readonly remediation: string;
}

function ruleDetails(rule: RuleInfo): RuleDetails {
  let severity: string | null = null;
  let lines = '';
  return {
    rule: (s) => {
      if (s !== severity) {
        severity = s;
        lines = text(`rule: ${rule.id} [${s}] ${rule.title}\n  ${rule.location.file}:${rule.location.line}: ${rule.source}`);
      }
      return lines;
    },
    remediation: rule.remediation ? `\n${text(`remediation: ${rule.remediation}`)}` : '',
  };
}

/**
 * A testcase's details, escaped: the finding's lines, the rule's (escaped once per rule), then the
 * finding's again. Escaping line by line gives the bytes of escaping the whole: no character it
 * changes or pairs (a surrogate) spans a line break.
 */
function details(finding: Finding, ruleText: RuleDetails, options: GateInputs): string {
  const r = finding.resource;
  let tail = `resource: ${r.type} ${r.name}${r.arn ? ` (${r.arn})` : ''}`;
  let first = true;
  for (const key in finding.evidence) {
    if (!Object.hasOwn(finding.evidence, key)) continue;
    tail += `${first ? '\nevidence:' : ''}\n  ${key}: ${formatEvidence(finding.evidence[key] as EvidenceValue)}`;
    first = false;
  }
  if (options.baseline) tail += `\nbaseline: ${baselineState(options.baseline, finding)}`;
  if (finding.expiredWaiver) tail += `\nexception expired on ${finding.expiredWaiver.until ?? '?'}${finding.expiredWaiver.reason ? ` (${finding.expiredWaiver.reason})` : ''}`;
  return `${text(finding.message)}\n\n${ruleText.rule(finding.severity)}\n${text(tail)}${ruleText.remediation}`;
}

/** `policies/iam/users.guard` + `stale-keys` → `policies.iam.users.stale-keys`: Jenkins shows a package tree. */
function classnameOf(file: string, rule: string): string {
  const base = file
    .replace(/\.guard$/, '')
    .split(/[\\/]+/)
    .filter((s) => s !== '' && s !== '.' && s !== '..')
    .join('.');
  return base ? `${base}.${rule}` : rule;
}

function attrs(values: Readonly<Record<string, string | number>>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}="${attribute(String(v))}"`)
    .join(' ');
}

// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Characters XML 1.0 cannot carry at all (even escaped) become U+FFFD. */
function clean(value: string): string {
  // Any surrogate takes the long way, which tells paired ones (kept) from lone ones.
  if (!NOT_XML.test(value)) return value;
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * What text() and attribute() change (a character clean() replaces, a surrogate, or one they
 * escape): most values have none, and one test is much cheaper than the chain of replacements
 * over each of a large report's tens of thousands of values.
 */
// eslint-disable-next-line no-control-regex
const TEXT_SPECIAL = /[&<>\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
// eslint-disable-next-line no-control-regex
const ATTRIBUTE_SPECIAL = /[&<>"'\t\n\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

function text(value: string): string {
  if (!TEXT_SPECIAL.test(value)) return value;
  return clean(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values also escape quotes and keep line breaks and tabs (which parsers would fold to spaces). */
function attribute(value: string): string {
  if (!ATTRIBUTE_SPECIAL.test(value)) return value;
  return text(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
