/**
 * chevrotain's runtime, from the one-file bundle the package ships (`lib/chevrotain.mjs`, the same
 * code as its entry `lib/src/api.js`, which loads about 50 modules): loading one file instead of
 * those cost about half as much at start-up, so every file of syntax/ (and the scripts and tests
 * that take productions or tokens from it) imports chevrotain's values from here, types from
 * 'chevrotain'. One copy only: the bundle's classes and token ids are not the entry's.
 * The bundle is not in the package's `exports`, so it is found beside the entry;
 * test/syntax/chevrotain-bundle.test.ts holds it to the entry (version and exports).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type * as Chevrotain from 'chevrotain';

/** Where the bundle is: `<package>/lib/chevrotain.mjs`, beside the entry `<package>/lib/src/api.js`. */
export const CHEVROTAIN_BUNDLE = new URL('../chevrotain.mjs', pathToFileURL(createRequire(import.meta.url).resolve('chevrotain'))).href;

const chevrotain: typeof Chevrotain = await import(CHEVROTAIN_BUNDLE);

export const {
  Alternation,
  Alternative,
  createSyntaxDiagramsCode,
  createToken,
  CstParser,
  EOF,
  generateCstDts,
  Lexer,
  LLkLookaheadStrategy,
  NonTerminal,
  Option,
  Repetition,
  RepetitionMandatory,
  RepetitionMandatoryWithSeparator,
  RepetitionWithSeparator,
  Terminal,
  tokenLabel,
} = chevrotain;
// The classes used as types too (`Lexer | undefined`).
export type Lexer = Chevrotain.Lexer;
