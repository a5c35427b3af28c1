import { describeJsonValue, escapeInput, quoteInput } from '../input-text.ts';
import { formatJsonPath, parseJson } from '../json-text.ts';
import { exactList, EMPTY as NONE } from '../lists.ts';
import type { Effect, PolicyCondition, PolicyDocument, PolicyStatement, Principal } from './types.ts';

/** Why a value is not a policy document; the caller prefixes it with `not a policy document:`. */
export interface PolicyDocumentError {
  readonly error: string;
}

/**
 * Parses an IAM policy document in any form AWS hands it out: a decoded object, a JSON string
 * (Organizations policy `Content`), or a URL-encoded JSON string (the raw IAM API form).
 * String-or-list fields become lists and `Statement` is always a list. Statements are checked as
 * strictly as IAM does (unknown elements, `Action` with `NotAction`, a bad `Effect`), because a
 * misspelt key would otherwise change what a rule concludes without anyone noticing.
 */
export function parsePolicyDocument(value: unknown): PolicyDocument | PolicyDocumentError {
  if (typeof value === 'string') {
    const decoded = decodeDocumentText(value);
    if (typeof decoded !== 'string') return decoded;
    const parsed = parseJson(decoded, 1);
    if (!parsed.ok) {
      const problem = parsed.problems[0];
      if (problem.kind === 'syntax') return { error: 'the text is not valid JSON' };
      // AWS rejects a document with a repeated key; JSON.parse would keep the last one silently.
      const holder = formatJsonPath(problem.path.slice(0, -1));
      return { error: `duplicate key ${quoteInput(problem.key)}${holder === '' ? '' : ` in \`${holder}\``}` };
    }
    return parseDocumentObject(parsed.value);
  }
  return parseDocumentObject(value);
}

export function isPolicyDocumentError(value: PolicyDocument | PolicyDocumentError): value is PolicyDocumentError {
  return 'error' in value;
}

function decodeDocumentText(text: string): string | PolicyDocumentError {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return trimmed;
  if (trimmed.startsWith('%')) {
    try {
      // Form encoding writes spaces as `+`; a literal plus is always `%2B` in encoded text.
      return decodeURIComponent(trimmed.replaceAll('+', ' '));
    } catch {
      return { error: 'the text is neither JSON nor valid URL-encoded JSON' };
    }
  }
  return { error: trimmed === '' ? 'the text is empty' : 'the text is neither JSON nor URL-encoded JSON' };
}

const DOCUMENT_KEYS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition']);

function parseDocumentObject(value: unknown): PolicyDocument | PolicyDocumentError {
  if (!isRecord(value)) return { error: `expected an object but found ${describe(value)}` };
  // for…in over a JSON object visits its own keys in order, as Object.keys, without a list of them.
  for (const key in value) {
    if (!DOCUMENT_KEYS.has(key)) return { error: `unknown element \`${escapeInput(key)}\`` };
  }
  const version = value['Version'];
  if (version !== undefined && typeof version !== 'string') return { error: `\`Version\` must be a string, found ${describe(version)}` };
  const id = value['Id'];
  if (id !== undefined && typeof id !== 'string') return { error: `\`Id\` must be a string, found ${describe(id)}` };
  const raw = value['Statement'];
  if (raw === undefined) return { error: 'missing `Statement`' };
  const statements = Array.isArray(raw) ? parseStatementList(raw) : [parseStatement(raw, null)];
  for (let i = 0; i < statements.length; i++) {
    const statement = statements[i] as PolicyStatement | PolicyDocumentError;
    if ('error' in statement) return statement;
  }
  return { version: version ?? null, statements: statements as readonly PolicyStatement[] };
}

/**
 * A document's statements at their exact size: most documents have one or two, made as a literal
 * (packed, as evaluation reads them), not grown by push, which reserves a dozen slots, and copied.
 * Statements parse independently, so the first error is the one parsing stops at.
 */
function parseStatementList(list: readonly unknown[]): readonly (PolicyStatement | PolicyDocumentError)[] {
  if (list.length === 0) return NONE;
  if (list.length === 1) return [parseStatement(list[0], 0)];
  if (list.length === 2) return [parseStatement(list[0], 0), parseStatement(list[1], 1)];
  const statements: (PolicyStatement | PolicyDocumentError)[] = [];
  for (let i = 0; i < list.length; i++) {
    const statement = parseStatement(list[i], i);
    if ('error' in statement) return [statement];
    statements.push(statement);
  }
  return exactList(statements);
}

/**
 * Where a statement is, for messages: `Statement[2]` in a list, `Statement` alone. Built only when
 * there is an error to report: large snapshots hold tens of thousands of valid statements.
 */
type StatementAt = number | null;

function statementPath(at: StatementAt): string {
  return at === null ? 'Statement' : `Statement[${at}]`;
}

function parseStatement(value: unknown, at: StatementAt): PolicyStatement | PolicyDocumentError {
  if (!isRecord(value)) return { error: `\`${statementPath(at)}\` must be an object, found ${describe(value)}` };
  for (const key in value) {
    if (!STATEMENT_KEYS.has(key)) return { error: `unknown element \`${statementPath(at)}.${escapeInput(key)}\`` };
  }
  const sid = value['Sid'];
  if (sid !== undefined && typeof sid !== 'string') return { error: `\`${statementPath(at)}.Sid\` must be a string, found ${describe(sid)}` };
  const effect = value['Effect'];
  if (effect !== 'Allow' && effect !== 'Deny') {
    return { error: effect === undefined ? `\`${statementPath(at)}\` has no \`Effect\`` : `\`${statementPath(at)}.Effect\` must be \`Allow\` or \`Deny\`, found ${describe(effect)}` };
  }
  // Each element read by name here, so each read sees statements' few shapes, not every key's.
  const actions = stringList(value['Action'], 'Action', at, null);
  if (isError(actions)) return actions;
  const notActions = stringList(value['NotAction'], 'NotAction', at, null);
  if (isError(notActions)) return notActions;
  if (actions !== null && notActions !== null) return { error: `\`${statementPath(at)}\` has both \`Action\` and \`NotAction\`` };
  const resources = stringList(value['Resource'], 'Resource', at, null);
  if (isError(resources)) return resources;
  const notResources = stringList(value['NotResource'], 'NotResource', at, null);
  if (isError(notResources)) return notResources;
  if (resources !== null && notResources !== null) return { error: `\`${statementPath(at)}\` has both \`Resource\` and \`NotResource\`` };
  const principal = parsePrincipal(value['Principal'], at, 'Principal');
  if (isError(principal)) return principal;
  const notPrincipal = parsePrincipal(value['NotPrincipal'], at, 'NotPrincipal');
  if (isError(notPrincipal)) return notPrincipal;
  if (principal !== null && notPrincipal !== null) return { error: `\`${statementPath(at)}\` has both \`Principal\` and \`NotPrincipal\`` };
  const conditions = parseConditions(value['Condition'], at);
  if (isError(conditions)) return conditions;
  return { sid: sid ?? null, effect: effect satisfies Effect, actions, notActions, resources, notResources, principal, notPrincipal, conditions };
}

/** `Action` of a statement, or (with `element`) `AWS` of its `Principal` (the value at `key`): a string or a list of strings. */
function stringList(value: unknown, key: string, at: StatementAt, element: string | null): readonly string[] | null | PolicyDocumentError {
  if (value === undefined) return null;
  if (typeof value === 'string') return [value];
  const where = (): string => (element === null ? statementPath(at) : `${statementPath(at)}.${element}`);
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item !== 'string') return { error: `\`${where()}.${key}\` must hold strings, found ${describe(item)}` };
    }
    return value as readonly string[];
  }
  return { error: `\`${where()}.${key}\` must be a string or a list of strings, found ${describe(value)}` };
}

const PRINCIPAL_KEYS = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;

function parsePrincipal(value: unknown, at: StatementAt, element: 'Principal' | 'NotPrincipal'): Principal | null | PolicyDocumentError {
  if (value === undefined) return null;
  if (value === '*') return { kind: 'any' };
  if (!isRecord(value)) return { error: `\`${statementPath(at)}.${element}\` must be \`"*"\` or an object, found ${describe(value)}` };
  let aws: readonly string[] = NONE;
  let service: readonly string[] = NONE;
  let federated: readonly string[] = NONE;
  let canonicalUser: readonly string[] = NONE;
  for (const key in value) {
    if (!(PRINCIPAL_KEYS as readonly string[]).includes(key)) return { error: `unknown principal type \`${statementPath(at)}.${element}.${escapeInput(key)}\`` };
    const list = stringList(value[key], key, at, element);
    if (isError(list)) return list;
    const values = list ?? NONE;
    if (key === 'AWS') aws = values;
    else if (key === 'Service') service = values;
    else if (key === 'Federated') federated = values;
    else canonicalUser = values;
  }
  return { kind: 'map', aws, service, federated, canonicalUser };
}

function parseConditions(value: unknown, at: StatementAt): readonly PolicyCondition[] | PolicyDocumentError {
  if (value === undefined) return NONE;
  const where = (): string => `${statementPath(at)}.Condition`;
  if (!isRecord(value)) return { error: `\`${where()}\` must be an object, found ${describe(value)}` };
  const conditions: PolicyCondition[] = [];
  for (const operator in value) {
    const keys = value[operator];
    if (!isRecord(keys)) return { error: `\`${where()}.${escapeInput(operator)}\` must be an object, found ${describe(keys)}` };
    for (const key in keys) {
      const raw = keys[key];
      const values = conditionValues(raw);
      if (values === null) return { error: `\`${where()}.${escapeInput(operator)}.${escapeInput(key)}\` must be a string, number, boolean or a list of them, found ${describe(raw)}` };
      conditions.push({ operator, key, values });
    }
  }
  return exactList(conditions);
}

/** Condition values as IAM compares them: JSON numbers and booleans are their text (`3600`, `false`). */
function conditionValues(raw: unknown): readonly string[] | null {
  // A string, or a list of strings, is kept as the JSON holds it, as stringList keeps actions.
  if (typeof raw === 'string') return [raw];
  if (Array.isArray(raw) && raw.every(isString)) return raw.length === 0 ? NONE : (raw as readonly string[]);
  const items = Array.isArray(raw) ? raw : [raw];
  const values: string[] = [];
  for (const item of items) {
    if (typeof item === 'string') values.push(item);
    else if (typeof item === 'number' || typeof item === 'boolean') values.push(String(item));
    else return null;
  }
  return exactList(values);
}

function isError<T>(value: T | PolicyDocumentError): value is PolicyDocumentError {
  return value !== null && typeof value === 'object' && 'error' in value;
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON value as a policy message shows it, strings cut at 40 characters. */
export function describe(value: unknown): string {
  return describeJsonValue(value, 40);
}
