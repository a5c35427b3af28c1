/**
 * Every generated file of the repository, made by one command:
 *
 *   npm run generate              writes them all
 *   npm run generate -- --check   writes nothing; fails naming each file that is stale, missing, or
 *                                 left over in a generated folder
 *
 * The outputs: the snapshot schema and its precompiled validator (generate-validator.ts), the
 * grammar artefacts, the VS Code extension's copy of the TextMate grammar and the railroad page's
 * assets (generate-grammar-artifacts.ts), and the rules
 * doc (generate-rules-doc.ts). Code lives under a stage's own `generated/` folder.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { DIAGRAM_ASSETS, grammarArtifacts, ROOT, textMateGrammar } from './generate-grammar-artifacts.ts';
import { generateValidatorSource, schemaJson } from './generate-validator.ts';

export interface GeneratedFile {
  /** Relative to the repository root, with `/`. */
  readonly path: string;
  /** The script that makes it. */
  readonly from: string;
  readonly content: string;
}

/** Folders that hold nothing but generated files, so a file there that no generator makes is stale. */
export const GENERATED_FOLDERS: readonly string[] = ['src/model/generated', 'src/syntax/generated', 'grammar', 'editors/vscode/syntaxes'];

export const REGENERATE = 'npm run generate';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const repoPath = (path: string): string => relative(ROOT, path).split('\\').join('/');

/** The railroad page's scripts and stylesheet, copied from chevrotain so the page works offline. */
function diagramAssets(): GeneratedFile[] {
  const from = join(ROOT, DIAGRAM_ASSETS.from);
  return filesUnder(from).map((source) => ({
    path: `${DIAGRAM_ASSETS.to}/${relative(from, source).split('\\').join('/')}`,
    from: `scripts/generate-grammar-artifacts.ts (copied from ${DIAGRAM_ASSETS.from})`,
    content: readFileSync(source, 'utf8'),
  }));
}

/** The files made from sources alone, without loading guard as a whole. */
function sourceFiles(): GeneratedFile[] {
  return [
    { path: 'docs/snapshot.schema.json', from: 'scripts/generate-validator.ts', content: schemaJson() },
    { path: 'src/model/generated/snapshot-validator.ts', from: 'scripts/generate-validator.ts', content: generateValidatorSource() },
    ...grammarArtifacts().map((a) => ({ ...a, from: 'scripts/generate-grammar-artifacts.ts' })),
    // The VS Code extension packages its own copy: vsce ships only files under the extension's folder.
    { path: 'editors/vscode/syntaxes/guard.tmLanguage.json', from: 'scripts/generate-grammar-artifacts.ts', content: textMateGrammar() },
    ...diagramAssets(),
  ];
}

// Loaded late: rendering the library runs guard itself, which needs the validator written first.
async function programFiles(): Promise<GeneratedFile[]> {
  const { renderRulesDoc } = await import('./generate-rules-doc.ts');
  return [{ path: 'docs/rules.md', from: 'scripts/generate-rules-doc.ts', content: await renderRulesDoc() }];
}

export async function generatedFiles(): Promise<readonly GeneratedFile[]> {
  return [...sourceFiles(), ...(await programFiles())];
}

/**
 * What is out of date, one line per file: `read` gives a file's current text (null when missing),
 * `present` the files now inside GENERATED_FOLDERS.
 */
export function staleFiles(files: readonly GeneratedFile[], read: (path: string) => string | null, present: readonly string[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const current = read(file.path);
    if (current === null) problems.push(`${file.path} is missing (made by ${file.from})`);
    else if (current !== file.content) problems.push(`${file.path} is stale (made by ${file.from})`);
  }
  for (const path of leftOver(files, present)) problems.push(`${path} is in a generated folder but no generator makes it`);
  return problems;
}

/** The files of `present` that no generator makes. */
export function leftOver(files: readonly GeneratedFile[], present: readonly string[]): string[] {
  const made = new Set(files.map((f) => f.path));
  return present.filter((path) => !made.has(path));
}

function readRepoFile(path: string): string | null {
  const full = join(ROOT, path);
  return existsSync(full) ? readFileSync(full, 'utf8') : null;
}

export function filesInGeneratedFolders(): string[] {
  return GENERATED_FOLDERS.flatMap((folder) => filesUnder(join(ROOT, folder)).map(repoPath));
}

async function main(args: readonly string[]): Promise<number> {
  const unknown = args.filter((a) => a !== '--check');
  if (unknown.length > 0) {
    console.error(`generate: unknown argument ${unknown.join(' ')} (usage: ${REGENERATE} [-- --check])`);
    return 2;
  }
  if (args.includes('--check')) {
    const files = await generatedFiles();
    const problems = staleFiles(files, readRepoFile, filesInGeneratedFolders());
    for (const problem of problems) console.error(`generate --check: ${problem}`);
    if (problems.length > 0) {
      console.error(`run \`${REGENERATE}\` and commit the result`);
      return 1;
    }
    console.log(`generate --check: ${files.length} generated files are current`);
    return 0;
  }
  const files = sourceFiles();
  const written = write(files);
  const late = await programFiles();
  const total = written + write(late);
  console.log(`${total} of ${files.length + late.length} generated files rewritten`);
  return 0;
}

/** Writes the files whose content changed; returns how many. */
function write(files: readonly GeneratedFile[]): number {
  let written = 0;
  for (const file of files) {
    if (readRepoFile(file.path) === file.content) continue;
    const target = join(ROOT, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
    console.log(`wrote ${file.path}`);
    written += 1;
  }
  return written;
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
