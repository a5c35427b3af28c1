import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { error, sortDiagnostics, type Diagnostic } from '../diagnostics/index.ts';
import { COLLECTIONS, ENTITY_TYPES } from '../model/index.ts';
import { checkRuleFiles, type CheckedProgram, type Schema, type SourceFile } from '../semantics/index.ts';
import { parseRuleFile } from '../syntax/index.ts';

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
}

function isRuleFile(name: string): boolean {
  return name.endsWith('.guard') && !name.endsWith('.test.guard');
}

async function walk(dir: string, into: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, into);
    else if (entry.isFile() && isRuleFile(entry.name)) into.push(path);
  }
}

/** Rule files named on the command line (files, or directories searched for *.guard). */
export async function findRuleFiles(paths: readonly string[], cwd: string): Promise<{ files: string[]; diagnostics: Diagnostic[] }> {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    try {
      const info = await stat(absolute);
      if (info.isDirectory()) {
        const found: string[] = [];
        await walk(absolute, found);
        if (found.length === 0) diagnostics.push(error('usage/no-rules', `no .guard files in \`${path}\``, null));
        files.push(...found);
      } else files.push(absolute);
    } catch {
      diagnostics.push(error('usage/io', `cannot read \`${path}\`: no such file or directory`, null));
    }
  }
  return { files: [...new Set(files)], diagnostics };
}

/** Display path: relative to the working directory when inside it. */
export function displayPath(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute);
  return rel.startsWith('..') || rel === '' ? absolute : rel;
}

/** Finds, parses and checks rule files: every diagnostic of every file in one pass. */
export async function loadRules(paths: readonly string[], options: { cwd: string; params?: Record<string, string> }): Promise<LoadedRules> {
  const roots = paths.length ? paths : [BUILTIN_POLICIES];
  const found = await findRuleFiles(roots, options.cwd);
  const sources = new Map<string, string>();
  const diagnostics: Diagnostic[] = [...found.diagnostics];
  const parsed: SourceFile[] = [];
  for (const absolute of found.files) {
    const path = displayPath(absolute, options.cwd);
    let text: string;
    try {
      text = await readFile(absolute, 'utf8');
    } catch (caught) {
      diagnostics.push(error('usage/io', `cannot read \`${path}\`: ${caught instanceof Error ? caught.message : String(caught)}`, null));
      continue;
    }
    sources.set(path, text);
    const { file, diagnostics: syntax } = parseRuleFile(text, path);
    diagnostics.push(...syntax);
    parsed.push({ ast: file, text });
  }
  const checked = checkRuleFiles(parsed, { schema: SCHEMA, params: options.params ?? {} });
  diagnostics.push(...checked.warnings, ...(checked.ok ? [] : checked.errors));
  const hasErrors = diagnostics.some((d) => d.severity === 'error');
  return {
    program: checked.ok && !hasErrors ? checked.value : null,
    diagnostics: sortDiagnostics(diagnostics),
    sources,
    files: [...sources.keys()],
  };
}
