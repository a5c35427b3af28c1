import { handedDocument } from '../parsed-parts.ts';
import { parsePolicyDocument } from '../policy-document/parse.ts';
import type { PolicyDocument } from '../policy-document/types.ts';
import type { PolicyDocumentInput } from '../snapshot.ts';
import { emptyElement, parsedHasEmptyElement } from '../statement-shape.ts';
import type { NormalizeContext } from './context.ts';

/**
 * A parsed policy document: the one validation parsed when there is one, else parsed now (strings
 * are memoized). Null, read as unknown, when it does not parse (only possible for snapshots that
 * were not validated) or has an empty element, which guard concludes nothing from (statement-shape.ts).
 */
export function document(ctx: NormalizeContext, holder: object, input: PolicyDocumentInput | undefined): PolicyDocument | null {
  if (input === undefined) return null;
  const remembered = handedDocument(ctx.parsed, holder, input);
  if (remembered !== undefined) return remembered;
  if (typeof input === 'string') {
    let cached = ctx.documents.get(input);
    if (cached === undefined) {
      cached = parseTrusted(input);
      ctx.documents.set(input, cached);
    }
    return cached;
  }
  return parseTrusted(input);
}

function parseTrusted(input: PolicyDocumentInput): PolicyDocument | null {
  const parsed = parsePolicyDocument(input);
  if ('error' in parsed) return null;
  return parsedHasEmptyElement(parsed) && emptyElement(input) !== null ? null : parsed;
}
