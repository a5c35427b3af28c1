import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { error, sortDiagnostics, type Diagnostic } from '../diagnostics/index.ts';
// The schema tables by their own file: the model's index also loads the snapshot validator and the normalizer, which checking rules does not need.
import { COLLECTIONS, ENTITY_TYPES } from '../model/schema.ts';
import { checkRuleFiles, type CheckedProgram, type Schema, type SourceFile } from '../semantics/index.ts';
import { parseRuleFile, parseTestFile } from '../syntax/index.ts';
import type { TestSource } from '../guard-test/index.ts';

export const SCHEMA: Schema = { collections: COLLECTIONS, entityTypes: ENTITY_TYPES };

/** The built-in rule library, shipped beside the sources. */
export const BUILTIN_POLICIES = fileURLToPath(new URL('../../policies/', import.meta.url));

export interface LoadedRules {
  readonly program: CheckedProgram | null;
  /** Every diagnostic of every file, errors and warnings, sorted. */
  readonly diagnostics: readonly Diagnostic[];
  /** File texts by the path used in spans, for rendering diagnostics. */
  readonly sources: ReadonlyMap<string, string>;
  readonly files: readonly string[];
  /** Test files named among the paths (absolute): not rule files; `guard check` checks them as test files. */
  readonly tests: readonly string[];
}

/** `push(...items)` passes every item as an argument and overflows the stack on a huge list (a directory of 200k files). */
export function append<T>(into: T[], items: readonly T[]): void {
  for (const item of items) into.push(item);
}

/** Test files (`guard test`) sit beside rule files with the same extension; every command tells them apart here. */
export const TEST_SUFFIX = '.test.guard';

export function isTestFile(path: string): boolean {
  return path.endsWith(TEST_SUFFIX);
}

async function walk(dir: string, into: { rules: string[]; tests: string[] }): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, into);
    else if (entry.isFile() && isTestFile(entry.name)) into.tests.push(path);
    else if (entry.isFile() && entry.name.endsWith('.guard')) into.rules.push(path);
  }
}

export interface FoundFiles {
  /** Rule files: named, or found in a directory. */
  readonly files: string[];
  /** Test files named on the command line (a glob such as `policies/*.guard` names them too). */
  readonly tests: string[];
  /** Test files found in directories: `guard test` runs them; the other commands leave them to it. */
  readonly testsInDirectories: string[];
  readonly diagnostics: Diagnostic[];
}

/** The .guard files named on the command line (files, or directories searched), rule files and test files apart. */
export async function findRuleFiles(paths: readonly string[], cwd: string): Promise<FoundFiles> {
  const files: string[] = [];
  const tests: string[] = [];
  const testsInDirectories: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    try {
      const info = await stat(absolute);
      if (info.isDirectory()) {
        const found = { rules: [] as string[], tests: [] as string[] };
        await walk(absolute, found);
        if (found.rules.length === 0) diagnostics.push(error('usage/no-rules', `no rule files (.guard) in \`${path}\``, null));
        append(files, found.rules);
        append(testsInDirectories, found.tests);
      } else if (isTestFile(absolute)) tests.push(absolute);
      else files.push(absolute);
    } catch {
      diagnostics.push(error('usage/io', `cannot read \`${path}\`: no such file or directory`, null));
    }
  }
  return { files: [...new Set(files)], tests: [...new Set(tests)], testsInDirectories: [...new Set(testsInDirectories)], diagnostics };
}

/** Display path: relative to the working directory when inside it. */
export function displayPath(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute);
  return rel.startsWith('..') || rel === '' ? absolute : rel;
}

async function readSource(absolute: string, cwd: string, sources: Map<string, string>, diagnostics: Diagnostic[]): Promise<{ path: string; text: string } | null> {
  const path = displayPath(absolute, cwd);
  try {
    const text = await readFile(absolute, 'utf8');
    sources.set(path, text);
    return { path, text };
  } catch (caught) {
    diagnostics.push(error('usage/io', `cannot read \`${path}\`: ${caught instanceof Error ? caught.message : String(caught)}`, null));
    return null;
  }
}

export interface LoadOptions {
  readonly cwd: string;
  readonly params?: Record<string, string>;
  /** When only test files are named, take the rule files beside them (as `guard test` does); otherwise that is a usage error. */
  readonly rulesBesideTests?: boolean;
}

/** Finds, parses and checks rule files: every diagnostic of every file in one pass. Test files named among them are set apart. */
export async function loadRules(paths: readonly string[], options: LoadOptions): Promise<LoadedRules> {
  const roots = paths.length ? paths : [BUILTIN_POLICIES];
  let found = await findRuleFiles(roots, options.cwd);
  const diagnostics: Diagnostic[] = [...found.diagnostics];
  if (found.files.length === 0 && found.tests.length > 0 && found.diagnostics.length === 0) {
    if (options.rulesBesideTests) {
      const beside = await findRuleFiles([...new Set(found.tests.map((t) => dirname(t)))], options.cwd);
      found = { ...found, files: beside.files };
      append(diagnostics, beside.diagnostics);
    } else {
      diagnostics.push(error('usage/no-rules', 'only test files were given: `guard test` runs them', null, { hint: 'name rule files or directories of them' }));
    }
  }
  const sources = new Map<string, string>();
  const parsed: SourceFile[] = [];
  for (const absolute of found.files) {
    const source = await readSource(absolute, options.cwd, sources, diagnostics);
    if (source === null) continue;
    const { file, diagnostics: syntax } = parseRuleFile(source.text, source.path);
    append(diagnostics, syntax);
    parsed.push({ ast: file, text: source.text });
  }
  const checked = checkRuleFiles(parsed, { schema: SCHEMA, params: options.params ?? {} });
  append(diagnostics, checked.warnings);
  if (!checked.ok) append(diagnostics, checked.errors);
  const hasErrors = diagnostics.some((d) => d.severity === 'error');
  return {
    program: checked.ok && !hasErrors ? checked.value : null,
    diagnostics: sortDiagnostics(diagnostics),
    sources,
    files: [...sources.keys()],
    tests: found.tests,
  };
}

/** Reads and parses test files; their texts join `sources` for rendering diagnostics. */
export async function readTestFiles(paths: readonly string[], cwd: string, sources: Map<string, string>): Promise<{ tests: TestSource[]; diagnostics: Diagnostic[] }> {
  const tests: TestSource[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const absolute of paths) {
    const source = await readSource(absolute, cwd, sources, diagnostics);
    if (source === null) continue;
    const parsed = parseTestFile(source.text, source.path);
    append(diagnostics, parsed.diagnostics);
    tests.push({ ast: parsed.file, text: source.text });
  }
  return { tests, diagnostics };
}
