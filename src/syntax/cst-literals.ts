import type { IToken } from 'chevrotain';
import type { CountQuantifier, Literal, NamePhrase, StringLiteral, Word } from './ast.ts';
import { all, type Broken, badLiteral, between, type ConversionContext, damaged, one, tokenSpan, usable } from './cst-reading.ts';
import type { ListCstNode, LiteralCstNode, NamePhraseCstNode } from './generated/cst.d.ts';
import { isCalendarDate, unescapeString } from './literal-values.ts';
import { MalformedNumber, MisquotedString, UnterminatedString } from './tokens.ts';

// CST → AST for names and literals: the leaves every statement, scope and test file is made of.

export function namePhrase(ctx: ConversionContext, node: NamePhraseCstNode): NamePhrase | Broken {
  if (damaged(node)) return null;
  // A name lexed as one token with a keyword among its words (`in organization`) is its words.
  const words = all(node.children.Word).flatMap((w): Word[] => {
    const span = tokenSpan(ctx, w);
    if (!/[ \t]/.test(w.image)) return [{ text: w.image, span }];
    return [...w.image.matchAll(/[^ \t]+/g)].map((m) => ({ text: m[0], span: { ...span, start: span.start + m.index, end: span.start + m.index + m[0].length } }));
  });
  const first = words[0];
  const last = words[words.length - 1];
  if (first === undefined || last === undefined) return null;
  return { kind: 'name', words, span: between(ctx, first, last) };
}

export function literal(ctx: ConversionContext, node: LiteralCstNode): Literal | Broken {
  if (damaged(node)) return null;
  const { StringLiteral: s, NumberLiteral: n, DurationLiteral: d, DateLiteral: date, True: t, False: f, list: l } = node.children;
  const token = one(s) ?? one(n) ?? one(d) ?? one(date) ?? one(t) ?? one(f);
  if (token !== undefined) {
    if (token.tokenType === MalformedNumber) return malformedNumber(ctx, token);
    const span = tokenSpan(ctx, token);
    if (s) return stringLiteral(ctx, token);
    if (n) return numberLiteral(ctx, token);
    if (d) {
      const amount = Number(token.image.slice(0, -1));
      if (!Number.isSafeInteger(amount)) return badLiteral(ctx, `duration \`${token.image}\` is too large`, span, 'use a smaller number or a larger unit');
      const unit = token.image.slice(-1).toLowerCase();
      return { kind: 'duration', amount, unit: unit === 'h' ? 'h' : unit === 'w' ? 'w' : 'd', span };
    }
    if (date) return dateLiteral(ctx, token);
    return { kind: 'boolean', value: t !== undefined, span };
  }
  const listNode = l?.[0];
  return listNode ? list(ctx, listNode) : null;
}

export function list(ctx: ConversionContext, node: ListCstNode): Literal | Broken {
  if (damaged(node)) return null;
  const open = one(node.children.LBracket);
  const close = one(node.children.RBracket);
  const items: Literal[] = [];
  for (const itemNode of all(node.children.literal)) {
    const item = literal(ctx, itemNode);
    if (item === null) return null;
    items.push(item);
  }
  if (!usable(open) || !usable(close)) return null;
  return { kind: 'list', items, span: between(ctx, open, close) };
}

export function stringLiteral(ctx: ConversionContext, token: IToken): StringLiteral | Broken {
  // Reported while lexing; the statement is an error already.
  if (token.tokenType === UnterminatedString || token.tokenType === MisquotedString || !usable(token)) return null;
  const span = tokenSpan(ctx, token);
  const result = unescapeString(token.image.slice(1, -1));
  if (!result.ok) {
    const at = span.start + 1 + result.offset;
    return badLiteral(ctx, `unknown escape \`${result.escape}\` in a string`, { file: ctx.file, start: at, end: at + result.escape.length }, 'the escapes are \\", \\\\, \\n, \\t and \\uXXXX; write a backslash as \\\\');
  }
  return { kind: 'string', value: result.value, span };
}

export function numberLiteral(ctx: ConversionContext, token: IToken): Literal | Broken {
  const value = Number(token.image);
  const span = tokenSpan(ctx, token);
  if (!Number.isFinite(value) || value > Number.MAX_SAFE_INTEGER) return badLiteral(ctx, `number \`${token.image}\` is too large`, span, 'use a smaller number');
  return { kind: 'number', value, span };
}

export function wholeNumber(ctx: ConversionContext, token: IToken, quantifier: CountQuantifier): number | Broken {
  const span = tokenSpan(ctx, token);
  if (token.tokenType === MalformedNumber) return malformedNumber(ctx, token);
  const value = Number(token.image);
  if (!Number.isSafeInteger(value)) {
    return badLiteral(ctx, `expected a whole number after '${quantifier}' but found \`${token.image}\``, span, `write a count such as \`${quantifier} 1\``);
  }
  return value;
}

export function dateLiteral(ctx: ConversionContext, token: IToken): Extract<Literal, { kind: 'date' }> | Broken {
  if (token.tokenType === MalformedNumber) return malformedNumber(ctx, token);
  const span = tokenSpan(ctx, token);
  if (!isCalendarDate(token.image)) {
    return badLiteral(ctx, `\`${token.image}\` is not a calendar date`, span, 'write dates as YYYY-MM-DD, e.g. `2027-03-01`');
  }
  return { kind: 'date', value: token.image, span };
}

function malformedNumber(ctx: ConversionContext, token: IToken): Broken {
  return badLiteral(ctx, `\`${token.image}\` is not a number, duration or date`, tokenSpan(ctx, token), 'write numbers as `14` or `1.5`, durations as `90d`, `12h` or `2w`, dates as `2027-03-01`');
}
