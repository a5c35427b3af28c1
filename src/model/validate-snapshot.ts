import type { ErrorObject } from 'ajv/dist/2020.js';
import type { Diagnostic } from '../diagnostics/index.ts';
import { error, warning } from '../diagnostics/index.ts';
import type { ParsedReport } from './credential-report.ts';
import { parseCredentialReport } from './credential-report.ts';
import { validate as generatedValidator } from './generated/snapshot-validator.ts';
import { describeJsonValue, quoteInput } from './input-text.ts';
import { EMPTY } from './lists.ts';
import type { ParsedDocument, ParsedParts } from './parsed-parts.ts';
import { checkOrganizationPolicy, type OrganizationPolicyType } from './policy-document/organization-policy.ts';
import { parsePolicyDocument } from './policy-document/parse.ts';
import type { PolicyDocument } from './policy-document/types.ts';
import { sectionForErrorPath } from './sections.ts';
import type { Consistency } from './snapshot-consistency.ts';
import { at, checkConsistency, checkReportConsistency, eachItem, finishConsistency, newConsistency, recordOf } from './snapshot-consistency.ts';
import { checkIdentityCenterConsistency } from './snapshot-consistency-identity-center.ts';
import { PATTERN_MESSAGES, SNAPSHOT_JSON_SCHEMA } from './snapshot-json-schema.ts';
import type { DocumentKind } from './statement-shape.ts';
import { checkStatements, emptyElement, MAY_BE_EMPTY } from './statement-shape.ts';

/** At most this many errors are reported; the rest are counted in one last diagnostic. */
export const MAX_SNAPSHOT_ERRORS = 20;

export interface SnapshotProblems {
  readonly errors: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
  /** The documents and report parsed on the way, for normalizeSnapshot (meaningful when there are no errors). */
  readonly parsed: ParsedParts;
}

interface SchemaValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

// Precompiled from SNAPSHOT_JSON_SCHEMA (ajv standalone, all errors): no schema compilation at start-up.
const validateSchema: SchemaValidator = generatedValidator;

/**
 * Checks a parsed snapshot file against the JSON Schema, then what a schema cannot say: that
 * every policy document (permission sets' inline policies too) parses and has the statement elements its kind needs, the credential
 * report is well-formed CSV with typed values, the data is one account's (snapshot-consistency.ts),
 * and `errors` names known sections. Every problem is reported (up to MAX_SNAPSHOT_ERRORS).
 */
export function validateSnapshot(data: unknown): SnapshotProblems {
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  if (!validateSchema(data)) {
    for (const e of validateSchema.errors ?? []) errors.push(schemaDiagnostic(e, data));
  }
  const documents = new Map<object, ParsedDocument>();
  checkPolicyDocuments(data, errors, warnings, documents);
  const consistency = newConsistency(data, errors, warnings, MAX_SNAPSHOT_ERRORS);
  checkConsistency(consistency, data);
  checkIdentityCenterConsistency(consistency, data);
  const report = checkCredentialReport(data, consistency);
  finishConsistency(consistency);
  checkErrorSections(data, warnings);
  if (errors.length > MAX_SNAPSHOT_ERRORS) {
    const more = errors.length - MAX_SNAPSHOT_ERRORS;
    errors.length = MAX_SNAPSHOT_ERRORS;
    errors.push(error('snapshot/invalid', `${more} more problem${more === 1 ? '' : 's'} not shown`, null, { hint: 'fix the problems above and check again' }));
  }
  return { errors, warnings, parsed: { documents, report } };
}

// ---------------------------------------------------------------------------------------------
// Schema errors as diagnostics

function schemaDiagnostic(e: ErrorObject, data: unknown): Diagnostic {
  const segments = pointerSegments(e.instancePath);
  const path = dottedPath(segments, data);
  const found = describeJsonValue(valueAt(segments, data));
  switch (e.keyword) {
    case 'required': {
      const field = String(e.params['missingProperty']);
      return error('snapshot/invalid', `missing required field \`${field}\``, null, { path: joinPath(path, field) });
    }
    case 'additionalProperties': {
      const field = String(e.params['additionalProperty']);
      const known = Object.keys(propertiesOf(schemaAt(e.schemaPath.split('/').slice(1, -1))));
      const hint = known.length > 0 ? `expected one of ${known.map((k) => `\`${k}\``).join(', ')}` : undefined;
      return error('snapshot/invalid', `unknown field \`${field}\``, null, hint === undefined ? { path: joinPath(path, field) } : { path: joinPath(path, field), hint });
    }
    case 'type': {
      const expected = String(e.params['type']).split(',').map(typeName).join(' or ');
      return error('snapshot/invalid', `expected ${expected}, found ${found}`, null, { path });
    }
    case 'format':
      return error('snapshot/invalid', `not a date: ${found}`, null, { path, hint: 'write dates in ISO 8601, such as `2026-11-27T10:00:00Z`' });
    case 'pattern': {
      const def = /\/\$defs\/([A-Za-z]+)\//.exec(e.schemaPath)?.[1];
      const message = (def !== undefined ? PATTERN_MESSAGES[def] : undefined) ?? `expected text matching \`${String(e.params['pattern'])}\``;
      return error('snapshot/invalid', `${message}, found ${found}`, null, { path });
    }
    case 'const':
      return error('snapshot/invalid', `expected ${describeJsonValue(e.params['allowedValue'])}, found ${found}`, null, { path });
    case 'minimum':
      return error('snapshot/invalid', `expected a number of at least ${String(e.params['limit'])}, found ${found}`, null, { path });
    case 'minLength':
      return error('snapshot/invalid', 'expected a non-empty string', null, { path });
    default:
      return error('snapshot/invalid', `${e.message ?? 'invalid value'} (${e.keyword})`, null, { path });
  }
}

function valueAt(segments: readonly string[], data: unknown): unknown {
  let node = data;
  for (const segment of segments) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = Array.isArray(node) ? node[Number(segment)] : (node as Record<string, unknown>)[segment];
  }
  return node;
}

/** The part of SNAPSHOT_JSON_SCHEMA at a schema path (`#/properties/iam/additionalProperties` without its ends). */
function schemaAt(segments: readonly string[]): unknown {
  let node: unknown = SNAPSHOT_JSON_SCHEMA;
  for (const segment of segments) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[segment.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return node;
}

function propertiesOf(schema: unknown): Readonly<Record<string, unknown>> {
  if (typeof schema === 'object' && schema !== null && 'properties' in schema) {
    const properties = (schema as { properties: unknown }).properties;
    if (typeof properties === 'object' && properties !== null) return properties as Readonly<Record<string, unknown>>;
  }
  return {};
}

function typeName(type: string): string {
  switch (type) {
    case 'object':
      return 'an object';
    case 'array':
      return 'a list';
    case 'integer':
      return 'a whole number';
    case 'null':
      return 'null';
    default:
      return `a ${type}`;
  }
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** `iam.authorizationDetails.RoleDetailList[3].AssumeRolePolicyDocument`, reading the data to tell list indexes from keys. */
function dottedPath(segments: readonly string[], data: unknown): string {
  let path = '';
  let node = data;
  for (const segment of segments) {
    if (Array.isArray(node)) {
      path += `[${segment}]`;
      node = node[Number(segment)];
    } else {
      path = joinPath(path, segment);
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}

function joinPath(path: string, key: string): string {
  const part = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (path === '') return part;
  return part.startsWith('[') ? `${path}${part}` : `${path}.${part}`;
}

// ---------------------------------------------------------------------------------------------
// Custom checks. The data may be structurally invalid here (schema errors are collected, not
// fatal), so every step narrows `unknown` itself.

function checkPolicyDocuments(data: unknown, errors: Diagnostic[], warnings: Diagnostic[], documents: Map<object, ParsedDocument>): void {
  const details = at(at(data, 'iam'), 'authorizationDetails');
  const found: DocumentsFound = { errors, warnings, documents, texts: { identity: new Map(), trust: new Map(), organizations: new Map() } };
  // Index loops and paths as module functions of (i, j): no closure per principal or document, of
  // which a large snapshot has tens of thousands. Each document is read by name where it is held
  // (recordOf), not through one `at` for every shape.
  const users = listOf(at(details, 'UserDetailList'));
  for (let i = 0; i < users.length; i++) {
    const list = listOf(recordOf(users[i])?.UserPolicyList);
    for (let j = 0; j < list.length; j++) checkDocument(list[j], recordOf(list[j])?.PolicyDocument, 'identity', found, userPolicyPath, i, j);
  }
  const groups = listOf(at(details, 'GroupDetailList'));
  for (let i = 0; i < groups.length; i++) {
    const list = listOf(recordOf(groups[i])?.GroupPolicyList);
    for (let j = 0; j < list.length; j++) checkDocument(list[j], recordOf(list[j])?.PolicyDocument, 'identity', found, groupPolicyPath, i, j);
  }
  const roles = listOf(at(details, 'RoleDetailList'));
  for (let i = 0; i < roles.length; i++) {
    const role = roles[i];
    const r = recordOf(role);
    checkDocument(role, r?.AssumeRolePolicyDocument, 'trust', found, trustPolicyPath, i, 0);
    const list = listOf(r?.RolePolicyList);
    for (let j = 0; j < list.length; j++) checkDocument(list[j], recordOf(list[j])?.PolicyDocument, 'identity', found, rolePolicyPath, i, j);
  }
  const policies = listOf(at(details, 'Policies'));
  for (let i = 0; i < policies.length; i++) {
    const list = listOf(recordOf(policies[i])?.PolicyVersionList);
    for (let j = 0; j < list.length; j++) checkDocument(list[j], recordOf(list[j])?.Document, 'identity', found, versionPath, i, j);
  }
  // A permission set's inline policy is an identity policy (null: it has none).
  eachItem(at(at(data, 'identityCenter'), 'permissionSets'), (set, i) => checkDocument(set, recordOf(set)?.InlinePolicy, 'identity', found, permissionSetPath, i, 0));
  eachItem(at(at(data, 'organizations'), 'policies'), (policy, i) => {
    // Tag, backup and other policy types have their own content syntax; guard reads SCPs and RCPs only.
    const type = at(at(policy, 'PolicySummary'), 'Type');
    if (type === 'SERVICE_CONTROL_POLICY' || type === 'RESOURCE_CONTROL_POLICY') checkOrganizationContent(policy, type === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp', i, found);
  });
}

/** The list itself, else none: the data may be structurally invalid (the schema reports it). */
function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : EMPTY;
}

/** Where a document is, spelt out only for one with a problem: most snapshots have none. */
type DocumentPath = (i: number, j: number) => string;
const BASE = 'iam.authorizationDetails';
const userPolicyPath: DocumentPath = (i, j) => `${BASE}.UserDetailList[${i}].UserPolicyList[${j}].PolicyDocument`;
const groupPolicyPath: DocumentPath = (i, j) => `${BASE}.GroupDetailList[${i}].GroupPolicyList[${j}].PolicyDocument`;
const trustPolicyPath: DocumentPath = (i) => `${BASE}.RoleDetailList[${i}].AssumeRolePolicyDocument`;
const rolePolicyPath: DocumentPath = (i, j) => `${BASE}.RoleDetailList[${i}].RolePolicyList[${j}].PolicyDocument`;
const versionPath: DocumentPath = (i, j) => `${BASE}.Policies[${i}].PolicyVersionList[${j}].Document`;
const permissionSetPath: DocumentPath = (i) => `identityCenter.permissionSets[${i}].InlinePolicy`;

/**
 * An SCP's or RCP's content, held to what Organizations accepts (organization-policy.ts). A snapshot
 * holds only policies AWS stored, so a problem means the content was changed or mis-collected: an
 * error of the snapshot, as for IAM documents, never a policy read as if it were sound. Each message
 * names the policy and, for content kept as text, the line and column inside it.
 */
function checkOrganizationContent(policy: unknown, type: OrganizationPolicyType, i: number, found: DocumentsFound): void {
  const value = at(policy, 'Content');
  if (typeof value !== 'string' && (typeof value !== 'object' || value === null || Array.isArray(value))) return;
  const summary = at(policy, 'PolicySummary');
  const check = checkOrganizationPolicy(value, type, { awsManaged: at(summary, 'AwsManaged') === true });
  const path = `organizations.policies[${i}].Content`;
  const id = at(summary, 'Id');
  const name = at(summary, 'Name');
  const label = `${type === 'scp' ? 'SCP' : 'RCP'} ${typeof id === 'string' ? quoteInput(id) : `#${i}`}${typeof name === 'string' ? ` (${quoteInput(name)})` : ''}`;
  for (const problem of check.problems) {
    const where = problem.at === null ? '' : `, line ${problem.at.line}, column ${problem.at.column} of its content`;
    const extra = problem.hint === undefined ? { path } : { path, hint: problem.hint };
    const message = `${label}${where}: ${problem.message}`;
    (problem.severity === 'error' ? found.errors : found.warnings).push(problem.severity === 'error' ? error('snapshot/invalid', message, null, extra) : warning('snapshot/invalid', message, null, extra));
  }
  if (check.document === null) return;
  // An empty list (warned about above) makes the document unknown, as for IAM documents.
  found.documents.set(policy as object, { input: value, result: emptyElement(value) === null ? check.document : null });
}

interface DocumentsFound {
  readonly errors: Diagnostic[];
  readonly warnings: Diagnostic[];
  readonly documents: Map<object, ParsedDocument>;
  /** Checks of document texts, by kind and text. */
  readonly texts: Readonly<Record<DocumentKind, Map<string, DocumentCheck>>>;
}

/** What checking one document found: the problem that makes it an error, else the parsed document and its empty element. */
type DocumentCheck = { readonly problem: string } | { readonly problem: null; readonly parsed: PolicyDocument; readonly empty: ReturnType<typeof emptyElement> };

/** The document `value` that `holder` holds (undefined when the holder is not an object). */
function checkDocument(holder: unknown, value: unknown, kind: DocumentKind, found: DocumentsFound, pathOf: DocumentPath, i: number, j: number): void {
  // Missing or mistyped documents are reported by the schema already.
  if (typeof value !== 'string' && (typeof value !== 'object' || value === null || Array.isArray(value))) return;
  let check: DocumentCheck | undefined;
  if (typeof value === 'string') {
    // A document text is checked once per kind: the same inline policy is often on many principals.
    const checked = found.texts[kind];
    check = checked.get(value);
    if (check === undefined) {
      check = documentCheck(value, kind);
      checked.set(value, check);
    }
  } else {
    check = documentCheck(value, kind);
  }
  if (check.problem !== null) {
    found.errors.push(error('snapshot/invalid', `not a policy document: ${check.problem}`, null, { path: pathOf(i, j) }));
    return;
  }
  const empty = check.empty;
  if (empty !== null) {
    found.warnings.push(
      warning('snapshot/invalid', `\`${empty.statement}\` has an empty \`${empty.element}\`: AWS accepts it as matching nothing, but guard concludes nothing from it, so the document is unknown`, null, {
        path: pathOf(i, j),
        hint: 'collect the document again; remove the element, or the statement, if it is really empty',
      }),
    );
  }
  // Normalization reads a doubted document as unknown (null), as it would find by itself.
  found.documents.set(holder as object, { input: value, result: empty === null ? check.parsed : null });
}

function documentCheck(value: unknown, kind: DocumentKind): DocumentCheck {
  const parsed = parsePolicyDocument(value);
  if ('error' in parsed) return { problem: parsed.error };
  const check = checkStatements(parsed, kind);
  if (check === null) return { problem: null, parsed, empty: null };
  return check === MAY_BE_EMPTY ? { problem: null, parsed, empty: emptyElement(value) } : { problem: check };
}

function checkCredentialReport(data: unknown, consistency: Consistency): { text: string; result: ParsedReport } | null {
  const text = at(at(data, 'iam'), 'credentialReport');
  if (typeof text !== 'string') return null;
  const path = 'iam.credentialReport';
  const parsed = parseCredentialReport(text, MAX_SNAPSHOT_ERRORS + 1);
  const handed = { text, result: parsed };
  if (!parsed.ok) {
    for (const p of parsed.problems) consistency.errors.push(error('snapshot/invalid', `bad credential report: ${p.message}`, null, { path }));
    return handed;
  }
  checkReportConsistency(consistency, parsed.report, data);
  if (parsed.missingColumns.length > 0) {
    const list = parsed.missingColumns.map((c) => `\`${c}\``).join(', ');
    consistency.warnings.push(warning('snapshot/invalid', `the credential report has no ${list} column${parsed.missingColumns.length === 1 ? '' : 's'}: what they carry is unknown`, null, { path }));
  }
  return handed;
}

function checkErrorSections(data: unknown, warnings: Diagnostic[]): void {
  eachItem(at(data, 'errors'), (entry, i) => {
    const section = at(entry, 'section');
    if (typeof section === 'string' && sectionForErrorPath(section) === null) {
      warnings.push(
        warning('snapshot/invalid', `\`errors\` names an unknown section \`${section}\``, null, {
          path: `errors[${i}].section`,
          hint: 'use a key path such as `organizations` or `iam.credentialReport`',
        }),
      );
    }
  });
}
