import type { CstNode, IToken } from 'chevrotain';
import type { Diagnostic, Span } from '../diagnostics/index.ts';
import { error } from '../diagnostics/index.ts';

/**
 * What every CST → AST conversion reads tokens and nodes through. Recovered CST nodes may lack any
 * child the generated types promise, so children are read through `one`/`all`, which tolerate absence.
 */

export interface ConversionContext {
  readonly file: string;
  /** Problems found while converting (bad literals); parse errors are reported by parse.ts. */
  readonly diagnostics: Diagnostic[];
}

/** Marks a part that could not be converted; its statement becomes an error. */
export type Broken = null;

export function usable(token: IToken | undefined): token is IToken {
  return token !== undefined && token.isInsertedInRecovery !== true && Number.isFinite(token.startOffset) && token.startOffset >= 0;
}

export function one(tokens: readonly IToken[] | undefined): IToken | undefined {
  return tokens?.[0];
}

export function all<T>(items: readonly T[] | undefined): readonly T[] {
  return items ?? [];
}

export function tokenSpan(ctx: ConversionContext, token: IToken): Span {
  return { file: ctx.file, start: token.startOffset, end: token.startOffset + token.image.length };
}

export function between(ctx: ConversionContext, start: { readonly span: Span } | IToken, end: { readonly span: Span } | IToken): Span {
  const from = 'span' in start ? start.span.start : start.startOffset;
  const to = 'span' in end ? end.span.end : end.startOffset + end.image.length;
  return { file: ctx.file, start: from, end: to };
}

/** Every usable token under a node, in source order. */
function tokensOf(node: CstNode): IToken[] {
  const found: IToken[] = [];
  const walk = (n: CstNode): void => {
    for (const children of Object.values(n.children)) {
      for (const child of children) {
        if ('children' in child) walk(child);
        else if (usable(child)) found.push(child);
      }
    }
  };
  walk(node);
  return found.sort((a, b) => a.startOffset - b.startOffset);
}

/** The region a node covers; null when it holds no real token. */
export function nodeSpan(ctx: ConversionContext, node: CstNode): Span | null {
  const tokens = tokensOf(node);
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  return first === undefined || last === undefined ? null : between(ctx, first, last);
}

/** Whether recovery touched the node itself (not its sub-rules): re-synced, or an inserted token. */
export function damaged(node: CstNode): boolean {
  if (node.recoveredNode === true) return true;
  for (const children of Object.values(node.children)) {
    for (const child of children) {
      if (!('children' in child) && !usable(child)) return true;
    }
  }
  return false;
}

export function badLiteral(ctx: ConversionContext, message: string, span: Span, hint: string): Broken {
  ctx.diagnostics.push(error('syntax/bad-literal', message, span, { hint }));
  return null;
}
