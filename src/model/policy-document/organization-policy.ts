import type { LineColumn } from '../../diagnostics/index.ts';
import { escapeInput, quoteInput } from '../input-text.ts';
import { type JsonLocation, type JsonPathSegment, locateJsonValues } from '../json-scan.ts';
import { formatJsonPath, lineColumns, parseJson } from '../json-text.ts';
import { describe, parsePolicyDocument } from './parse.ts';
import type { PolicyDocument } from './types.ts';

/**
 * SCP and RCP content checked as AWS Organizations checks it when a policy is created or updated
 * (the Organizations User Guide, "SCP syntax", "RCP syntax" and "Quotas"), not as IAM checks an
 * identity policy: the elements each type takes, the effects it allows, the one `Principal` an RCP
 * may name, the `Version` value and the size limit. Problems carry their line and column in the
 * content text, so a `//` comment or a trailing comma is found where it is.
 */
export type OrganizationPolicyType = 'scp' | 'rcp';

export interface OrganizationPolicyProblem {
  readonly severity: 'error' | 'warning';
  /** Lowercase first word, no final period; names the element (`Statement[1].Principal`). */
  readonly message: string;
  /** In the content text; null when the content is an object (already decoded) or the place is the whole text. */
  readonly at: LineColumn | null;
  /** The same place as an offset into the text (UTF-16 code units), for spans; null with `at`. */
  readonly offset: number | null;
  readonly hint?: string;
}

export interface OrganizationPolicyCheck {
  /** Errors and warnings in the order of the text. */
  readonly problems: readonly OrganizationPolicyProblem[];
  /** The parsed document when there is no error. */
  readonly document: PolicyDocument | null;
}

export interface OrganizationPolicyOptions {
  /** An AWS-managed policy (`FullAWSAccess`, `RCPFullAWSAccess`): the one kind of RCP that may `Allow`. */
  readonly awsManaged?: boolean;
}

/** The Organizations quota on policy documents, SCPs and RCPs alike: every character counts, whitespace too. */
export const MAX_ORGANIZATION_POLICY_CHARACTERS = 5120;

/** The only `Version` the SCP and RCP syntax pages document. */
export const ORGANIZATION_POLICY_VERSION = '2012-10-17';

/** Services whose resources RCPs apply to (the RCP pages' list, as of 2026): actions of others are never restricted by an RCP. */
export const RCP_SERVICES: ReadonlySet<string> = new Set(['s3', 'sts', 'kms', 'sqs', 'secretsmanager', 'cognito-identity', 'cognito-idp', 'logs', 'dynamodb', 'ecr', 'aoss']);

const STATEMENT_ELEMENTS: Readonly<Record<OrganizationPolicyType, ReadonlySet<string>>> = {
  scp: new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']),
  rcp: new Set(['Sid', 'Effect', 'Principal', 'Action', 'Resource', 'NotResource', 'Condition']),
};
const TYPE_NAME: Readonly<Record<OrganizationPolicyType, string>> = { scp: 'SCPs', rcp: 'RCPs' };

interface Found {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** Where, inside the document: the element's path; `onKey` points at its key rather than its value. */
  readonly path: readonly JsonPathSegment[];
  readonly onKey: boolean;
  readonly hint?: string;
}

/** Checks SCP or RCP content (the JSON text Organizations stores, or a decoded object). Never throws. */
export function checkOrganizationPolicy(content: unknown, type: OrganizationPolicyType, options: OrganizationPolicyOptions = {}): OrganizationPolicyCheck {
  if (typeof content !== 'string') {
    const problems = checkValue(content, type, options).map(unlocated);
    // Decoded content lost its whitespace: its compact form is the least AWS could have counted.
    const size = sizeProblem(compactLength(content), null);
    return finish(size === null ? problems : [size, ...problems], content);
  }
  const size = sizeProblem(countCharacters(content), content);
  const parsed = parseJson(content, 20);
  if (!parsed.ok) {
    const problems: OrganizationPolicyProblem[] = parsed.problems.map((p) => {
      if (p.kind === 'syntax') return syntaxProblem(content, p.message, p.at);
      const holder = formatJsonPath(p.path.slice(0, -1));
      const message = `duplicate key ${quoteInput(p.key)}${holder === '' ? '' : ` in \`${holder}\``} (the first is at line ${p.first.line}, column ${p.first.column})`;
      return { severity: 'error', message, at: p.at, offset: offsetAt(content, p.at) };
    });
    return { problems: size === null ? problems : [size, ...problems], document: null };
  }
  const found = checkValue(parsed.value, type, options);
  const problems = found.length === 0 ? [] : locate(content, found);
  return finish(size === null ? problems : [size, ...problems], parsed.value);
}

function finish(problems: readonly OrganizationPolicyProblem[], value: unknown): OrganizationPolicyCheck {
  if (problems.some((p) => p.severity === 'error')) return { problems, document: null };
  const document = parsePolicyDocument(value);
  // INVARIANT: what passes the checks above parses; should it not, say so rather than pass.
  if ('error' in document) return { problems: [...problems, { severity: 'error', message: document.error, at: null, offset: null }], document: null };
  return { problems, document };
}

// ---------------------------------------------------------------------------------------------
// Text: size and JSON syntax

function sizeProblem(length: number, text: string | null): OrganizationPolicyProblem | null {
  if (length <= MAX_ORGANIZATION_POLICY_CHARACTERS) return null;
  const compact = text === null ? null : compactText(text);
  const fits = compact !== null && countCharacters(compact) <= MAX_ORGANIZATION_POLICY_CHARACTERS;
  return {
    severity: 'error',
    message: `the content has ${length.toLocaleString('en-US')} characters; Organizations allows at most ${MAX_ORGANIZATION_POLICY_CHARACTERS.toLocaleString('en-US')}, whitespace included`,
    at: null,
    offset: null,
    hint: fits ? `without the whitespace outside strings it has ${countCharacters(compact).toLocaleString('en-US')}: minify it (\`jq -c\`)` : 'split the statements into several policies',
  };
}

/** Characters as Organizations counts them: code points, so a character outside the BMP is one. */
function countCharacters(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

function compactLength(value: unknown): number {
  try {
    return countCharacters(JSON.stringify(value) ?? '');
  } catch {
    return 0;
  }
}

function compactText(text: string): string | null {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return null;
  }
}

function syntaxProblem(text: string, message: string, at: LineColumn | null): OrganizationPolicyProblem {
  const hint = 'AWS accepts strict JSON only: no comments, no trailing commas, keys and strings in double quotes';
  if (at === null) return { severity: 'error', message: `not valid JSON: ${message}`, at, offset: null, hint };
  const offset = offsetAt(text, at);
  if (text.startsWith('//', offset) || text.startsWith('/*', offset)) return { severity: 'error', message: 'a comment: JSON has none, and AWS rejects the policy', at, offset, hint: 'remove the comment' };
  // The scanner points at the bracket after a trailing comma: point at the comma itself.
  if (message.startsWith('a comma before')) {
    let comma = offset - 1;
    while (comma > 0 && text.charCodeAt(comma) !== 0x2c) comma--;
    const [where] = lineColumns(text, [comma]);
    return { severity: 'error', message: `a trailing comma before ${quoteInput(text.charAt(offset))}: AWS rejects the policy`, at: where ?? at, offset: comma, hint: 'remove the comma' };
  }
  return { severity: 'error', message: `not valid JSON: ${message}`, at, offset, hint };
}

function offsetAt(text: string, at: LineColumn): number {
  let offset = 0;
  for (let line = 1; line < at.line; line++) offset = text.indexOf('\n', offset) + 1;
  return offset + at.column - 1;
}

function unlocated(f: Found): OrganizationPolicyProblem {
  return { severity: f.severity, message: f.message, at: null, offset: null, ...(f.hint === undefined ? {} : { hint: f.hint }) };
}

function locate(text: string, found: readonly Found[]): OrganizationPolicyProblem[] {
  const places = locateJsonValues(text, (segments) => formatJsonPath(segments));
  const offsets = found.map((f) => offsetOf(places, f));
  const at = lineColumns(text, offsets);
  return found.map((f, i) => ({ ...unlocated(f), at: at[i] ?? null, offset: offsets[i] ?? 0 })).sort((a, b) => a.offset - b.offset);
}

function offsetOf(places: ReadonlyMap<string, JsonLocation>, f: Found): number {
  // The nearest enclosing value that was found: a missing element is reported on its holder.
  for (let n = f.path.length; n >= 0; n--) {
    const place = places.get(formatJsonPath(f.path.slice(0, n)));
    if (place !== undefined) return n === f.path.length && f.onKey && place.key !== null ? place.key : place.value;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// The document: elements, effects, values

function checkValue(value: unknown, type: OrganizationPolicyType, options: OrganizationPolicyOptions): Found[] {
  const found: Found[] = [];
  const add = (severity: Found['severity'], message: string, path: readonly JsonPathSegment[], onKey = false, hint?: string): void => {
    found.push({ severity, message, path, onKey, ...(hint === undefined ? {} : { hint }) });
  };
  if (!isRecord(value)) {
    add('error', `the content must be a JSON object, found ${describe(value)}`, []);
    return found;
  }
  for (const key of Object.keys(value)) {
    if (key === 'Id') add('warning', `\`Id\` is not an element the ${type.toUpperCase()} syntax documents`, [key], true);
    else if (key !== 'Version' && key !== 'Statement') add('error', `unknown element ${quoteInput(key)}: a policy has \`Version\` and \`Statement\``, [key], true);
  }
  const version = value['Version'];
  if (version === undefined) add('warning', `no \`Version\`: AWS documents \`"Version": "${ORGANIZATION_POLICY_VERSION}"\` as required`, [], false, `add "Version": "${ORGANIZATION_POLICY_VERSION}"`);
  else if (version !== ORGANIZATION_POLICY_VERSION) add('error', `\`Version\` must be \`${ORGANIZATION_POLICY_VERSION}\`, found ${describe(version)}`, ['Version']);
  const statements = value['Statement'];
  if (statements === undefined) add('error', 'no `Statement`', []);
  else if (Array.isArray(statements)) {
    if (statements.length === 0) add('error', '`Statement` is an empty list', ['Statement']);
    statements.forEach((s, i) => {
      checkStatement(s, ['Statement', i], type, options, add);
    });
  } else checkStatement(statements, ['Statement'], type, options, add);
  return found;
}

type Add = (severity: Found['severity'], message: string, path: readonly JsonPathSegment[], onKey?: boolean, hint?: string) => void;

function checkStatement(statement: unknown, at: readonly JsonPathSegment[], type: OrganizationPolicyType, options: OrganizationPolicyOptions, add: Add): void {
  const where = formatJsonPath(at);
  if (!isRecord(statement)) {
    add('error', `\`${where}\` must be an object, found ${describe(statement)}`, at);
    return;
  }
  const allowed = STATEMENT_ELEMENTS[type];
  for (const key of Object.keys(statement)) {
    if (allowed.has(key)) continue;
    const known = STATEMENT_ELEMENTS.rcp.has(key) || STATEMENT_ELEMENTS.scp.has(key) || key === 'NotPrincipal';
    const message = known ? `\`${where}\` has \`${key}\`, which ${TYPE_NAME[type]} do not take` : `unknown element ${quoteInput(key)} in \`${where}\``;
    add('error', message, [...at, key], true, principalHint(key, type));
  }
  const sid = statement['Sid'];
  if (sid !== undefined && typeof sid !== 'string') add('error', `\`${where}.Sid\` must be a string, found ${describe(sid)}`, [...at, 'Sid']);
  const effect = statement['Effect'];
  if (effect === undefined) add('error', `\`${where}\` has no \`Effect\``, at);
  else if (effect !== 'Allow' && effect !== 'Deny') add('error', `\`${where}.Effect\` must be \`Allow\` or \`Deny\`, found ${describe(effect)}`, [...at, 'Effect']);
  else if (effect === 'Allow' && type === 'rcp' && options.awsManaged !== true) {
    add('error', `\`${where}\` allows: RCPs only deny (only the AWS-managed \`RCPFullAWSAccess\` has \`Allow\`)`, [...at, 'Effect'], false, 'write the statement as a Deny with conditions for the exceptions');
  }
  const hasAction = statement['Action'] !== undefined;
  const hasNotAction = statement['NotAction'] !== undefined;
  // An RCP's `NotAction` is reported above as an element RCPs do not take.
  if (hasAction && hasNotAction && type === 'scp') add('error', `\`${where}\` has both \`Action\` and \`NotAction\``, [...at, 'NotAction'], true);
  else if (!hasAction && (type === 'rcp' || !hasNotAction)) add('error', `\`${where}\` has no \`Action\`${type === 'scp' ? ' or `NotAction`' : ''}`, at);
  if (statement['Resource'] !== undefined && statement['NotResource'] !== undefined) add('error', `\`${where}\` has both \`Resource\` and \`NotResource\``, [...at, 'NotResource'], true);
  for (const key of ['Action', 'NotAction', 'Resource', 'NotResource']) checkStrings(statement[key], [...at, key], add);
  if (type === 'rcp') {
    checkRcpActions(statement['Action'], [...at, 'Action'], add);
    const principal = statement['Principal'];
    if (principal === undefined) add('error', `\`${where}\` has no \`Principal\`: an RCP statement must have \`"Principal": "*"\``, at);
    else if (principal !== '*')
      add('error', `\`${where}.Principal\` must be \`"*"\`, found ${describe(principal)}`, [...at, 'Principal'], false, 'name the principals in a `Condition` (`aws:PrincipalArn`, `aws:PrincipalOrgID`)');
  }
  checkCondition(statement['Condition'], [...at, 'Condition'], add);
}

function principalHint(key: string, type: OrganizationPolicyType): string | undefined {
  if (key === 'Principal' && type === 'scp') return 'an SCP applies to the principals of the accounts it is attached to; narrow it with `aws:PrincipalArn` in a `Condition`';
  if (key === 'NotPrincipal') return 'use a `Condition` on `aws:PrincipalArn` instead';
  if (key === 'NotAction' && type === 'rcp') return 'list the actions in `Action`';
  return undefined;
}

/** `Action`, `Resource` and their `Not` forms: a string or a list of strings, none empty; actions are `service:action` or `*`. */
function checkStrings(value: unknown, at: readonly JsonPathSegment[], add: Add): void {
  if (value === undefined) return;
  const where = formatJsonPath(at);
  if (typeof value !== 'string' && !Array.isArray(value)) {
    add('error', `\`${where}\` must be a string or a list of strings, found ${describe(value)}`, at);
    return;
  }
  if (Array.isArray(value) && value.length === 0) {
    add('warning', `\`${where}\` is an empty list: AWS reads it as matching nothing, guard reads the policy as unknown`, at, false, 'remove the element, or the statement');
    return;
  }
  const element = at[at.length - 1];
  const isAction = element === 'Action' || element === 'NotAction';
  const items: readonly unknown[] = typeof value === 'string' ? [value] : value;
  items.forEach((item, i) => {
    const path = typeof value === 'string' ? at : [...at, i];
    if (typeof item !== 'string') add('error', `\`${formatJsonPath(path)}\` must be a string, found ${describe(item)}`, path);
    else if (item === '') add('error', `\`${formatJsonPath(path)}\` is an empty string`, path);
    else if (isAction && item !== '*' && !item.includes(':')) add('error', `\`${formatJsonPath(path)}\` ${quoteInput(item)} is not \`service:action\` or \`*\``, path);
  });
}

function checkRcpActions(value: unknown, at: readonly JsonPathSegment[], add: Add): void {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  list.forEach((item, i) => {
    if (typeof item !== 'string' || item === '*' || !item.includes(':')) return;
    const service = item.slice(0, item.indexOf(':')).toLowerCase();
    if (RCP_SERVICES.has(service)) return;
    const path = typeof value === 'string' ? at : [...at, i];
    add('warning', `\`${formatJsonPath(path)}\` ${quoteInput(item)} is an action of a service RCPs do not apply to: it restricts nothing`, path, false, `RCPs apply to ${[...RCP_SERVICES].join(', ')}`);
  });
}

function checkCondition(value: unknown, at: readonly JsonPathSegment[], add: Add): void {
  if (value === undefined) return;
  const where = formatJsonPath(at);
  if (!isRecord(value)) {
    add('error', `\`${where}\` must be an object, found ${describe(value)}`, at);
    return;
  }
  for (const [operator, keys] of Object.entries(value)) {
    if (!isRecord(keys)) {
      add('error', `\`${where}.${escapeInput(operator)}\` must be an object of condition keys, found ${describe(keys)}`, [...at, operator]);
      continue;
    }
    for (const [key, raw] of Object.entries(keys)) {
      const items = Array.isArray(raw) ? raw : [raw];
      if (items.length === 0) add('warning', `\`${where}.${escapeInput(operator)}.${escapeInput(key)}\` is an empty list: guard reads the policy as unknown`, [...at, operator, key]);
      else if (!items.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) {
        add('error', `\`${where}.${escapeInput(operator)}.${escapeInput(key)}\` must be a string, number, boolean or a list of them, found ${describe(raw)}`, [...at, operator, key]);
      }
    }
  }
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
