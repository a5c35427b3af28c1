import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePolicyDocument } from '../../src/model/policy-document/parse.ts';
import type { PolicyDocument } from '../../src/model/policy-document/types.ts';
import { checkStatements, type DocumentKind, emptyElement, MAY_BE_EMPTY, parsedHasEmptyElement } from '../../src/model/statement-shape.ts';

/** The shape problem alone, as the tests below state it. */
function statementShapeError(doc: PolicyDocument, kind: DocumentKind): string | null {
  const check = checkStatements(doc, kind);
  return check === MAY_BE_EMPTY ? null : check;
}

// Statement elements as snapshots hold them: absent, a string, an empty list or a list of strings.
const list = fc.oneof(fc.constant(undefined), fc.constant('s3:GetObject'), fc.constant([]), fc.array(fc.constantFrom('*', 'iam:PassRole', 'arn:aws:s3:::b/*'), { minLength: 1, maxLength: 2 }));
const principalMap = fc.record({ AWS: list, Service: list, Federated: list, CanonicalUser: list }, { requiredKeys: [] });
const principal = fc.oneof(fc.constant(undefined), fc.constant('*'), principalMap);
const conditionValue = fc.oneof(fc.constant([]), fc.constant('v'), fc.constant(['a', 'b']), fc.constant(3600), fc.constant(true));
const condition = fc.oneof(fc.constant(undefined), fc.dictionary(fc.constantFrom('StringEquals', 'Bool'), fc.dictionary(fc.constantFrom('aws:SourceAccount', 'sts:ExternalId'), conditionValue)));
// One of an element and its Not- form (the parser refuses both), so that most statements parse.
const either = <T>(name: string, value: fc.Arbitrary<T>): fc.Arbitrary<Record<string, T>> =>
  fc.oneof(
    fc.constant({}),
    value.map((v) => ({ [name]: v })),
    value.map((v) => ({ [`Not${name}`]: v })),
  );
const statement = fc
  .tuple(fc.constantFrom('Allow', 'Deny'), either('Action', list), either('Resource', list), either('Principal', principal), condition)
  .map(([Effect, action, resource, who, Condition]) => ({ Effect, ...action, ...resource, ...who, Condition }));
// JSON drops undefined members, as a snapshot file has none.
const document = fc.record({ Version: fc.constant('2012-10-17'), Statement: fc.oneof(statement, fc.array(statement, { maxLength: 3 })) }).map((d) => JSON.parse(JSON.stringify(d)) as unknown);
const form = fc.constantFrom('object', 'text', 'url-encoded');

describe('parsedHasEmptyElement', () => {
  // Validation calls emptyElement only where this says there may be one, so it must never miss one.
  it('says of the parsed document whether emptyElement finds an empty element in its raw form', () => {
    fc.assert(
      fc.property(document, form, (doc, how) => {
        const raw = how === 'object' ? doc : how === 'text' ? JSON.stringify(doc) : encodeURIComponent(JSON.stringify(doc));
        const parsed = parsePolicyDocument(raw);
        if ('error' in parsed) return;
        const found = emptyElement(raw) !== null;
        // A text is searched for `[]` first, so an empty `Principal` object there goes unseen: only the implication holds.
        if (how === 'object') expect(parsedHasEmptyElement(parsed)).toBe(found);
        else if (found) expect(parsedHasEmptyElement(parsed)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('checkStatements', () => {
  // Validation's one walk: the first statement's shape problem, else whether an element may be empty,
  // as the two walks it stands for would say, each statement taken alone.
  it('is the first shape problem of the statements, else parsedHasEmptyElement', () => {
    fc.assert(
      fc.property(document, fc.constantFrom<DocumentKind>('identity', 'trust', 'organizations'), (doc, kind) => {
        const parsed = parsePolicyDocument(doc);
        if ('error' in parsed) return;
        const problems = parsed.statements.map((s) => statementShapeError({ version: null, statements: [s] }, kind));
        const first = problems.findIndex((p) => p !== null);
        const at = parsed.statements.length === 1 ? '`Statement`' : `\`Statement[${first}]\``;
        const expected = first >= 0 ? `${at}${(problems[first] as string).slice('`Statement`'.length)}` : parsedHasEmptyElement(parsed) ? MAY_BE_EMPTY : null;
        expect(checkStatements(parsed, kind)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('AWS principals', () => {
  // The rule as docs/snapshot-format.md states it: `*`, a 12-digit account id, an ARN (six colon-separated fields, the last may hold more colons) or a unique id.
  const wellFormed = (p: string): boolean => p === '*' || /^\d{12}$/.test(p) || (p.startsWith('arn:') && p.split(':', 6).length === 6) || /^A[A-Z0-9]{15,}$/.test(p);
  const text = fc.oneof(
    fc.stringMatching(/^arn(:[a-z0-9]{0,3}){0,7}$/),
    fc.stringMatching(/^[arn:1A*]{0,12}$/),
    fc.constantFrom('*', '444455556666', 'AROAEXAMPLEDELETED0001', 'arn:aws:iam::1:root', 'arn:aws:iam::1', 'arn:::::'),
  );
  it('are refused exactly when the rule refuses them', () => {
    fc.assert(
      fc.property(text, (p) => {
        const parsed = parsePolicyDocument({ Statement: [{ Effect: 'Allow', Principal: { AWS: p }, Action: 'sts:AssumeRole' }] });
        if ('error' in parsed) throw new Error(parsed.error);
        const problem = p === '' ? 'has an empty string in `Principal.AWS`' : wellFormed(p) ? null : `has \`Principal.AWS\` \`${p}\``;
        const found = statementShapeError(parsed, 'trust');
        expect([p, found === null ? null : found.replace(/^`Statement` /, '').replace(/, which is neither.*$/, '')]).toEqual([p, problem]);
      }),
      { numRuns: 1000 },
    );
  });
});
