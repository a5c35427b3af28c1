import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Diagnostic, sortDiagnostics } from '../diagnostics/index.ts';
import { type CheckedProgram, checkSources, type Definition, definitionsOf, type ParsedTestSource, parseTestSources } from '../semantics/index.ts';
import { parseRuleFile, type RuleFile } from '../syntax/index.ts';

/**
 * The documents checked together: as `guard check DIR` checks a directory's rule files as one
 * program (params, lets and rule ids are shared), an open document is checked with the other
 * `.guard` files of its directory, open ones as they are in the editor, the rest as on disk.
 */

export interface Source {
  readonly uri: string;
  /** The path spans and messages name: the file's path, or the URI of an unsaved document. */
  readonly path: string;
  readonly text: string;
}

export const isTestPath = (path: string): boolean => path.endsWith('.test.guard');
export const isRulePath = (path: string): boolean => path.endsWith('.guard') && !isTestPath(path);

export function pathOfUri(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

/** The library a document belongs to: its directory, or itself when it is not a file. */
export const libraryOf = (source: Source): string => (source.uri.startsWith('file:') ? dirname(source.path) : source.uri);

/** The rule files of a directory as on disk, but those already open; none when it cannot be read. */
export async function filesOnDisk(directory: string, open: ReadonlySet<string>): Promise<Source[]> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return [];
  }
  const found: Source[] = [];
  for (const name of names.sort()) {
    const path = join(directory, name);
    if (!isRulePath(name) || open.has(path)) continue;
    try {
      // A byte-order mark is dropped, as the CLI's reader does.
      const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
      found.push({ uri: pathToFileURL(path).href, path, text });
    } catch {
      // Unreadable or vanished since listed: left out, as an unsaved sibling would be.
    }
  }
  return found;
}

/** Parsed rule files, kept while their text is unchanged (every request reads the whole library). */
export function parseCache(): (source: Source) => RuleFile {
  const cache = new Map<string, { readonly text: string; readonly file: RuleFile }>();
  return (source) => {
    const hit = cache.get(source.path);
    if (hit?.text === source.text) return hit.file;
    const file = parseRuleFile(source.text, source.path).file;
    cache.set(source.path, { text: source.text, file });
    return file;
  };
}

/**
 * How test files are checked against the program: guard-test's `checkTestFiles`, which the CLI hands
 * to the server (the language server stage does not import the test runner's stage).
 */
export type TestChecker = (tests: readonly ParsedTestSource[], program: CheckedProgram) => readonly Diagnostic[];

/**
 * The diagnostics of `guard check` for every file of one library, by path: the rule files checked
 * together and, given a checker and rules that check, the test files against them (rule ids,
 * scopes, conditions, example accounts), as `guard check DIR` checks the test files named with it.
 */
export function checkLibrary(sources: readonly Source[], checkTests?: TestChecker): Map<string, Diagnostic[]> {
  const byPath = new Map<string, Diagnostic[]>(sources.map((s) => [s.path, []]));
  const rules = sources.filter((s) => !isTestPath(s.path));
  const tests = sources.filter((s) => isTestPath(s.path));
  const checked = rules.length ? checkSources(rules) : { program: null, diagnostics: [] };
  const parsed = tests.length ? parseTestSources(tests) : { tests: [], diagnostics: [] };
  const tested = checkTests !== undefined && checked.program !== null && parsed.tests.length > 0 ? checkTests(parsed.tests, checked.program) : [];
  const first = sources[0]?.path;
  // In the CLI's order: by place, whichever stage found them.
  for (const diagnostic of sortDiagnostics([...checked.diagnostics, ...parsed.diagnostics, ...tested])) {
    // A diagnostic without a place (none arise from texts alone today) is shown on the first file.
    const path = diagnostic.span?.file ?? first;
    if (path !== undefined) byPath.get(path)?.push(diagnostic);
  }
  return byPath;
}

/** The definitions of a library's rule files. */
export function libraryDefinitions(sources: readonly Source[], parsed: (source: Source) => RuleFile): Definition[] {
  return definitionsOf(sources.filter((s) => !isTestPath(s.path)).map(parsed));
}
