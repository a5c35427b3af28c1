import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePolicyDocument } from '../../src/model/policy-document/parse.ts';
import { emptyElement, parsedHasEmptyElement } from '../../src/model/statement-shape.ts';

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
