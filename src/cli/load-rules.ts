import { readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Diagnostic, error, type Outcome, sortDiagnostics } from '../diagnostics/index.ts';
// The bounded reader by its own file: the model's index also loads the snapshot validator and the normalizer, which checking rules does not need.
import { type InputKind, readInputFile } from '../model/input-file.ts';
import { type CheckedProgram, checkSources, type ParsedTestSource, parseTestSources, type SourceText } from '../semantics/index.ts';
import { displayPath } from './display-path.ts';
import { type RuleSelection, selectRules } from './select-rules.ts';

/** The built-in rule library, shipped beside the sources. */
export const BUILTIN_POLICIES = fileURLToPath(new URL('../../policies/', import.meta.url));

export interface LoadedRules {
  /** The rules `select` keeps (every rule without it); null on any error. */
  readonly program: CheckedProgram | null;
  /** Every rule of the files, before `select`: test files are checked against it, so a test of a rule left out still checks. */
  readonly whole: CheckedProgram | null;
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

// By its own file, so commands that read only a snapshot (who-can, permissions) show paths without loading the front end.
export { displayPath } from './display-path.ts';

/**
 * Rule and test files are read as every input is (size bounded, UTF-8 checked with line and column,
 * BOM dropped), but never decompressed, and at most 16 MiB: a rule file is text someone wrote, and
 * the largest library file is a few kilobytes.
 */
export const MAX_RULE_FILE_BYTES = 16 * 2 ** 20;

const RULE_FILE: InputKind = { noun: 'rule file', unreadable: 'usage/io', notText: 'usage/io', gzip: false };
const TEST_FILE: InputKind = { ...RULE_FILE, noun: 'test file' };

/** A rule or test file's text; `path` is how messages name it. */
export function readSourceFile(absolute: string, path: string): Promise<Outcome<string>> {
  return readInputFile(absolute, path, isTestFile(absolute) ? TEST_FILE : RULE_FILE, { maxBytes: MAX_RULE_FILE_BYTES });
}

/** Reads files, in order; texts join `sources` (by the path used in spans) for rendering diagnostics. */
async function readSources(paths: readonly string[], cwd: string, sources: Map<string, string>, diagnostics: Diagnostic[]): Promise<SourceText[]> {
  const read: SourceText[] = [];
  for (const absolute of paths) {
    const path = displayPath(absolute, cwd);
    const text = await readSourceFile(absolute, path);
    if (!text.ok) {
      append(diagnostics, text.errors);
      continue;
    }
    sources.set(path, text.value);
    read.push({ path, text: text.value });
  }
  return read;
}

export interface LoadOptions {
  readonly cwd: string;
  readonly params?: Record<string, string>;
  /** When only test files are named, take the rule files beside them (as `guard test` does); otherwise that is a usage error. */
  readonly rulesBesideTests?: boolean;
  /** `--rule` / `--skip`: the rules kept, once the files are checked (each file is checked whole). */
  readonly select?: RuleSelection;
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
  const texts = await readSources(found.files, options.cwd, sources, diagnostics);
  const checked = checkSources(texts, { params: options.params ?? {} });
  append(diagnostics, checked.diagnostics);
  const whole = checked.program;
  let program = whole;
  if (program !== null && options.select && (options.select.rule.length > 0 || options.select.skip.length > 0)) {
    const selected = selectRules(program, options.select);
    append(diagnostics, selected.diagnostics);
    program = selected.program;
  }
  const hasErrors = diagnostics.some((d) => d.severity === 'error');
  return {
    program: hasErrors ? null : program,
    whole: hasErrors ? null : whole,
    diagnostics: sortDiagnostics(diagnostics),
    sources,
    files: [...sources.keys()],
    tests: found.tests,
  };
}

/** Reads and parses test files; their texts join `sources` for rendering diagnostics. */
export async function readTestFiles(paths: readonly string[], cwd: string, sources: Map<string, string>): Promise<{ tests: readonly ParsedTestSource[]; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const parsed = parseTestSources(await readSources(paths, cwd, sources, diagnostics));
  append(diagnostics, parsed.diagnostics);
  return { tests: parsed.tests, diagnostics };
}
