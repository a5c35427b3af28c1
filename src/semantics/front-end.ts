import { type Diagnostic, sortDiagnostics } from '../diagnostics/index.ts';
import { SCHEMA } from '../model/language.ts';
import { parseRuleFile, parseTestFile, type TestFile } from '../syntax/index.ts';
import { checkRuleFiles } from './check.ts';
import type { CheckedProgram } from './checked-ast.ts';
import type { Schema } from './resolve-names.ts';

/**
 * The front end: rule-file texts → checked program, the one way every caller (the CLI, the testing
 * API, a language server) turns text into rules. Reading files stays with the caller; so does
 * checking test files against the program, which is the guard-test stage's.
 */

/** A file's text and the path its spans and messages name. */
export interface SourceText {
  readonly path: string;
  readonly text: string;
}

export interface FrontEndOptions {
  /** Default: the language's schema (model's `SCHEMA`). */
  readonly schema?: Schema;
  /** `--param name=value` overrides, as written on the command line. */
  readonly params?: Readonly<Record<string, string>>;
}

export interface CheckedSources {
  /** Null when any file has an error, parsing or checking. */
  readonly program: CheckedProgram | null;
  /** Every diagnostic of every file, errors and warnings, parse and check, in reading order (each stage caps its own per file). */
  readonly diagnostics: readonly Diagnostic[];
}

/** A parsed test file with its text (what guard-test's `checkTestFiles` takes). */
export interface ParsedTestSource {
  readonly ast: TestFile;
  readonly text: string;
}

export interface ParsedTestSources {
  readonly tests: readonly ParsedTestSource[];
  readonly diagnostics: readonly Diagnostic[];
}

/** `push(...items)` passes every item as an argument and overflows the stack on a long list. */
function append<T>(into: T[], items: readonly T[]): void {
  for (const item of items) into.push(item);
}

/** Parses and checks rule files together (params and rule ids are shared across files). */
export function checkSources(files: readonly SourceText[], options: FrontEndOptions = {}): CheckedSources {
  const diagnostics: Diagnostic[] = [];
  const parsed = files.map((source) => {
    const { file, diagnostics: syntax } = parseRuleFile(source.text, source.path);
    append(diagnostics, syntax);
    return { ast: file, text: source.text };
  });
  const checked = checkRuleFiles(parsed, { schema: options.schema ?? SCHEMA, params: options.params ?? {} });
  append(diagnostics, checked.warnings);
  if (!checked.ok) append(diagnostics, checked.errors);
  const program = checked.ok && !diagnostics.some((d) => d.severity === 'error') ? checked.value : null;
  return { program, diagnostics: sortDiagnostics(diagnostics) };
}

/** Parses test files (`*.test.guard`); the diagnostics are in reading order. */
export function parseTestSources(files: readonly SourceText[]): ParsedTestSources {
  const diagnostics: Diagnostic[] = [];
  const tests = files.map((source) => {
    const { file, diagnostics: syntax } = parseTestFile(source.text, source.path);
    append(diagnostics, syntax);
    return { ast: file, text: source.text };
  });
  return { tests, diagnostics: sortDiagnostics(diagnostics) };
}
