import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Location, Log, Notification, ReportingDescriptor, Result, Run, Suppression } from 'sarif';
import type { EvaluationResult, Finding, RuleInfo, RuleSeverity, SourceLocation, Waiver } from '../engine/index.ts';
import { FINGERPRINT_SCHEME, findingFingerprint, fingerprintState } from '../engine/index.ts';
import { accountLabel, accountSummaries, emptyScopeRows, emptyScopeText, findingAccount, offRules, offText } from './accounts.ts';
import { evidenceText } from './evidence.ts';
import type { GateInputs } from './gate-inputs.ts';
import { severityLevel } from './severity-level.ts';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';
const MAX_REFERENCE_TAGS = 8;

export interface SarifOptions extends GateInputs {
  /** guard's version, shown by code scanning as the tool version. */
  readonly toolVersion?: string;
  readonly informationUri?: string;
  /**
   * Absolute path of the repository root: absolute rule-file paths under it become relative to
   * `%SRCROOT%` (code scanning resolves those against the checkout). Relative paths are taken as
   * relative to it already.
   */
  readonly srcRoot?: string;
  /**
   * `runAutomationDetails.id`, e.g. `guard/123456789012/`: keeps runs of several accounts apart in
   * code scanning (the same as upload-sarif's `category`; set one or the other).
   */
  readonly automationId?: string;
}

/** GitHub code scanning reads this number (as a string) to rank security alerts. */
export const SECURITY_SEVERITY: Readonly<Record<RuleSeverity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run, each rule a
 * reportingDescriptor, each finding a result located on its rule's line in the .guard file, with
 * the AWS resource as a logical location and a fingerprint that survives edits and reordering.
 */
export function renderSarif(result: EvaluationResult, options: SarifOptions = {}): string {
  return [...sarifParts(result, options)].join('');
}

/** Results a part holds: one JSON.stringify each, large enough to cost little per result, small enough that no report is held whole. */
const RESULTS_PER_PART = 256;

// The run's `results` member is written as this string, then replaced by the results written part by
// part. Searched for with the newline and indentation of the run's members before it: strings in the
// document escape their quotes and newlines, so a title that spells the member cannot be taken for it.
const RESULTS_MARKER = '<results>';
const RESULTS_MEMBER = `\n      "results": ${JSON.stringify(RESULTS_MARKER)}`;
const RESULTS_OPEN = '{\n  "runs": [\n    {\n      "results": [\n';
/** An element before a later batch, whose `,\n` separator the slice keeps, so the part is one flat string (not a rope that writing copies). */
const AFTER = 0;
const RESULTS_OPEN_AFTER = `${RESULTS_OPEN}        ${AFTER}`;
const RESULTS_CLOSE = '\n      ]\n    }\n  ]\n}';

/**
 * renderSarif in parts, for writing a large log without holding it as one string (a 50k-finding run's
 * is about 60 MB, and was built whole, then copied to bytes): the bytes of `JSON.stringify(log, null, 2)`
 * and a newline, the results 256 at a time, each batch one JSON.stringify at the results' depth, sliced.
 */
export function* sarifParts(result: EvaluationResult, options: SarifOptions = {}): Generator<string, void, undefined> {
  const ruleIndex = new Map(result.rules.map((rule, index) => [rule.id, index]));
  const rulesById = new Map(result.rules.map((rule) => [rule.id, rule]));
  // Every finding of a rule is located in the same file: work out its URI once.
  const artifacts = new Map<string, Artifact>();
  const artifact = (file: string): Artifact => {
    let found = artifacts.get(file);
    if (found === undefined) {
      found = artifactOf(file, options.srcRoot);
      artifacts.set(file, found);
    }
    return found;
  };
  const run: Run = {
    tool: {
      driver: {
        name: 'guard',
        ...(options.toolVersion ? { version: options.toolVersion, semanticVersion: options.toolVersion } : {}),
        ...(options.informationUri ? { informationUri: options.informationUri } : {}),
        rules: result.rules.map((rule) => descriptor(rule)),
      },
    },
    ...(options.automationId ? { automationDetails: { id: options.automationId } } : {}),
    ...(options.srcRoot && isAbsolute(options.srcRoot) ? { originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(options.srcRoot) } } } : {}),
    columnKind: 'utf16CodeUnits',
    // An account that could not be read makes the run unsuccessful, as its exit code 2 says.
    invocations: [{ executionSuccessful: !result.organization?.accounts.some((a) => a.status === 'failed'), toolExecutionNotifications: notifications(result, options) }],
    results: [],
    properties: {
      account: result.snapshot.account,
      capturedAt: result.snapshot.capturedAt,
      evaluatedAt: result.now,
      summary: { ...result.summary },
      ...(result.organization ? { organization: organizationProperties(result) } : {}),
    },
  };
  const findings = result.findings;
  const log: Log = { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [findings.length === 0 ? run : { ...run, results: RESULTS_MARKER as unknown as Result[] }] };
  const text = `${JSON.stringify(log, null, 2)}\n`;
  if (findings.length === 0) {
    yield text;
    return;
  }
  const at = text.indexOf(RESULTS_MEMBER);
  // INVARIANT: the run has its results member, written where the marker is.
  if (at < 0) throw new Error('bug: the SARIF run has no results member');
  const cut = at + RESULTS_MEMBER.length - JSON.stringify(RESULTS_MARKER).length;
  yield `${text.slice(0, cut)}[\n`;
  for (let i = 0; i < findings.length; i += RESULTS_PER_PART) {
    const batch = findings.slice(i, i + RESULTS_PER_PART).map((finding) => resultOf(finding, ruleIndex.get(finding.rule), rulesById.get(finding.rule), options, artifact));
    yield i === 0
      ? JSON.stringify({ runs: [{ results: batch }] }, null, 2).slice(RESULTS_OPEN.length, -RESULTS_CLOSE.length)
      : JSON.stringify({ runs: [{ results: [AFTER, ...batch] }] }, null, 2).slice(RESULTS_OPEN_AFTER.length, -RESULTS_CLOSE.length);
  }
  yield `\n      ]${text.slice(at + RESULTS_MEMBER.length)}`;
}

function descriptor(rule: RuleInfo): ReportingDescriptor {
  const helpUri = rule.references.find((r) => /^https?:\/\//i.test(r));
  const remediation = rule.remediation ?? `Make the resources satisfy the rule \`${rule.source}\`, or record an exception with an owner, a reason and an expiry.`;
  const markdown = [
    remediation,
    '',
    `**Rule** (${rule.location.file}:${rule.location.line}): \`${rule.source.replace(/`/g, "'")}\``,
    ...(rule.rationale ? ['', `**Why**: ${rule.rationale}`] : []),
    ...(rule.references.length ? ['', '**References**', ...rule.references.map((r) => `- ${r}`)] : []),
  ].join('\n');
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    ...(rule.rationale ? { fullDescription: { text: rule.rationale } } : {}),
    help: { text: remediation, markdown },
    ...(helpUri ? { helpUri } : {}),
    // A rule its params switch off is a disabled rule in SARIF's terms.
    defaultConfiguration: { level: severityLevel(rule.severity), ...(rule.off === undefined ? {} : { enabled: false }) },
    properties: {
      // Code scanning keeps 10 tags per rule and rejects a file with more than 20: the full list rides in `references`.
      tags: ['security', rule.severity, ...rule.references.slice(0, MAX_REFERENCE_TAGS)],
      references: rule.references,
      'security-severity': SECURITY_SEVERITY[rule.severity],
      precision: 'very-high',
      severity: rule.severity,
    },
  };
}

function resultOf(finding: Finding, index: number | undefined, rule: RuleInfo | undefined, options: SarifOptions, artifact: (file: string) => Artifact): Result {
  const level: Result.level = finding.status === 'unknown' ? 'warning' : severityLevel(finding.severity);
  const text =
    finding.status === 'unknown'
      ? `data was missing from the snapshot, so this could not be checked: ${finding.message}`
      : finding.waiver
        ? `${finding.message} (waived${finding.waiver.until ? ` until ${finding.waiver.until}` : ''})`
        : finding.message;
  // Code scanning shows the message, not the properties: say what decided the verdict (a statement's actions, resources, conditions).
  const evidence = finding.status === 'unknown' ? '' : evidenceText(finding);
  const resourceId = finding.resource.arn ?? finding.resource.key;
  const fingerprint = findingFingerprint(finding);
  const location: Location = {
    physicalLocation: {
      artifactLocation: artifact(finding.location.file),
      region: { startLine: finding.location.line, startColumn: finding.location.column },
    },
    logicalLocations: [{ name: finding.resource.name, fullyQualifiedName: resourceId, kind: 'resource', properties: { resourceType: finding.resource.type } }],
  };
  // Literals, then the optional members added in order, rather than spreads of conditional literals:
  // no short-lived objects per result, and results of one shape share a hidden class (same key order).
  const message = { text: `${finding.account ? `account ${findingAccount(finding)}: ` : ''}${evidence ? `${text}; ${evidence}` : text}` };
  const partialFingerprints = { [FINGERPRINT_SCHEME]: fingerprint };
  const out: Result =
    index === undefined
      ? { ruleId: finding.rule, level, kind: 'fail', message, locations: [location], partialFingerprints }
      : { ruleId: finding.rule, ruleIndex: index, level, kind: 'fail', message, locations: [location], partialFingerprints };
  if (options.baseline) out.baselineState = fingerprintState(options.baseline, fingerprint) === 'new' ? 'new' : 'unchanged';
  if (finding.waiver) out.suppressions = [suppressionOf(finding.waiver, options.srcRoot)];
  const properties: Record<string, unknown> = { status: finding.status, severity: finding.severity };
  if (rule) properties['title'] = rule.title;
  if (finding.account) properties['account'] = finding.account;
  properties['resource'] = { type: finding.resource.type, name: finding.resource.name, arn: finding.resource.arn, key: finding.resource.key };
  properties['evidence'] = finding.evidence;
  if (finding.expiredWaiver) properties['expiredWaiver'] = { until: finding.expiredWaiver.until, reason: finding.expiredWaiver.reason, source: finding.expiredWaiver.source };
  out.properties = properties;
  return out;
}

function suppressionOf(waiver: Waiver, srcRoot: string | undefined): Suppression {
  const details = [waiver.reason, waiver.until ? `until ${waiver.until}` : null, waiver.owner ? `owner ${waiver.owner}` : null, waiver.ticket ? `ticket ${waiver.ticket}` : null].filter(
    (part): part is string => part !== null && part !== '',
  );
  return {
    kind: waiver.source === 'rule' ? 'inSource' : 'external',
    status: 'accepted',
    justification: details.length ? details.join('; ') : 'waived',
    ...(waiver.location ? { location: { physicalLocation: physicalOf(waiver.location, srcRoot) } } : {}),
  };
}

function physicalOf(location: SourceLocation, srcRoot: string | undefined): NonNullable<Location['physicalLocation']> {
  return { artifactLocation: artifactOf(location.file, srcRoot), region: { startLine: location.line, startColumn: location.column } };
}

function organizationProperties(result: EvaluationResult): Record<string, unknown> {
  return {
    id: result.organization?.id ?? null,
    accounts: accountSummaries(result).map(({ account, fail, unknown, waived, pass }) => ({
      id: account.id,
      name: account.name,
      file: account.file,
      status: account.status,
      error: account.error,
      summary: { fail, unknown, waived, pass },
    })),
  };
}

function notifications(result: EvaluationResult, options: SarifOptions): Notification[] {
  const out: Notification[] = [];
  for (const account of result.organization?.accounts ?? []) {
    if (account.status === 'failed') out.push({ level: 'error', message: { text: `account ${accountLabel({ ...account })} was not evaluated: ${account.error ?? 'unreadable'}` } });
  }
  for (const section of result.missingSections) {
    out.push({ level: 'warning', message: { text: `snapshot section ${section} was not collected; rules that need it report unknown findings` } });
  }
  // A rule that checked nothing is a fact about this run, not a result on a resource: a note tied to its rule.
  for (const row of emptyScopeRows(result)) {
    out.push({
      level: 'note',
      message: { text: `rule ${row.rule.id}: ${emptyScopeText(row)}` },
      associatedRule: { id: row.rule.id, index: result.rules.indexOf(row.rule) },
      locations: [{ physicalLocation: physicalOf(row.rule.location, options.srcRoot) }],
    });
  }
  for (const rule of offRules(result)) {
    out.push({
      level: 'note',
      message: { text: `rule ${rule.id}: ${offText(rule)}` },
      associatedRule: { id: rule.id, index: result.rules.indexOf(rule) },
      locations: [{ physicalLocation: physicalOf(rule.location, options.srcRoot) }],
    });
  }
  for (const { entry, findings } of options.exceptions?.expired ?? []) {
    out.push({
      level: 'warning',
      message: { text: `exception for rule ${entry.rule} on ${entry.resource} expired on ${entry.expires} (owner ${entry.owner}); ${findings.length} finding(s) no longer waived` },
      locations: [{ physicalLocation: physicalOf(entry.location, options.srcRoot) }],
    });
  }
  for (const entry of options.exceptions?.stale ?? []) {
    out.push({
      level: 'note',
      message: { text: `exception for rule ${entry.rule} on ${entry.resource} matches no finding; remove it` },
      locations: [{ physicalLocation: physicalOf(entry.location, options.srcRoot) }],
    });
  }
  return out;
}

interface Artifact {
  readonly uri: string;
  readonly uriBaseId?: string;
}

/** Repository-relative `%SRCROOT%` URIs where possible; an absolute path outside the root becomes a file: URI. */
function artifactOf(file: string, srcRoot: string | undefined): Artifact {
  let path = file;
  if (isAbsolute(path)) {
    const inside = srcRoot && isAbsolute(srcRoot) ? relative(srcRoot, path) : null;
    if (inside === null || inside.startsWith('..') || isAbsolute(inside)) return { uri: pathToFileURL(path).href };
    path = inside;
  }
  const segments = path.split(sep === '\\' ? /[\\/]/ : /\//).filter((s) => s !== '' && s !== '.');
  return { uri: segments.map((s) => encodeURIComponent(s)).join('/'), uriBaseId: SRCROOT };
}

function directoryUri(path: string): string {
  const href = pathToFileURL(path).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function pascalCase(id: string): string {
  const words = id.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const name = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return name || id;
}
