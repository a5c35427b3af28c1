import { writeFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { Command } from 'commander';
import type { Diagnostic } from '../../diagnostics/index.ts';
import { EXIT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';

type Syntax = typeof import('../../syntax/index.ts');

interface Parsed {
  readonly diagnostics: readonly Diagnostic[];
  readonly statements: unknown;
  readonly comments: readonly string[];
  readonly print: () => string;
}

/** Rule files and test files have their own grammar and printer; a test file is formatted as one. */
function parseFor(testFile: boolean, { parseRuleFile, parseTestFile, printRuleFile, printTestFile }: Syntax): (text: string, path: string) => Parsed {
  if (testFile) {
    return (text, path) => {
      const { file, diagnostics } = parseTestFile(text, path);
      return { diagnostics, statements: file.statements, comments: file.comments.map((c) => c.text), print: () => printTestFile(file) };
    };
  }
  return (text, path) => {
    const { file, diagnostics } = parseRuleFile(text, path);
    return { diagnostics, statements: file.statements, comments: file.comments.map((c) => c.text), print: () => printRuleFile(file) };
  };
}

export function fmtCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('fmt')
    .description('print rule files (and test files named among them) in canonical form, or rewrite them with --write')
    .argument('<rules...>', 'rule files or directories')
    .option('-w, --write', 'rewrite files in place')
    .option('--check', 'exit 1 if any file is not formatted; change nothing')
    .action(async (paths: string[], flags: { write?: boolean; check?: boolean }) => {
      // The parser and printers load when the command runs.
      const [{ displayPath, findRuleFiles, isTestFile, readSourceFile }, syntax, { renderDiagnostics }] = await Promise.all([
        import('../load-rules.ts'),
        import('../../syntax/index.ts'),
        import('../../report/diagnostics-text.ts'),
      ]);
      const { stripSpans } = syntax;
      const found = await findRuleFiles(paths, io.cwd);
      if (found.diagnostics.length) {
        io.stderr(renderDiagnostics(found.diagnostics, { sources: new Map(), color: false }));
        setExit(EXIT.usage);
        return;
      }
      let unformatted = 0;
      let broken = false;
      for (const absolute of [...found.files, ...found.tests].sort()) {
        const path = displayPath(absolute, io.cwd);
        const parse = parseFor(isTestFile(absolute), syntax);
        const read = await readSourceFile(absolute, path);
        if (!read.ok) {
          io.stderr(renderDiagnostics(read.errors, { sources: new Map(), color: false }));
          broken = true;
          continue;
        }
        const text = read.value;
        const parsed = parse(text, path);
        if (parsed.diagnostics.some((d) => d.severity === 'error')) {
          io.stderr(renderDiagnostics(parsed.diagnostics, { sources: new Map([[path, text]]), color: false }));
          broken = true;
          continue;
        }
        const formatted = parsed.print();
        // Never write a file whose meaning the formatter changed: re-parse and compare ASTs.
        const again = parse(formatted, path);
        if (again.diagnostics.length || !isDeepStrictEqual(stripSpans(again.statements), stripSpans(parsed.statements))) {
          io.stderr(`guard: internal error: formatting ${path} would change its meaning; file left as is\n`);
          broken = true;
          continue;
        }
        // The test-file printer does not print comments (src/syntax/print-test-file.ts): never drop them.
        if (!isDeepStrictEqual(again.comments, parsed.comments)) {
          io.stderr(`guard: warning: ${path} left as is: formatting it would drop its comments\n`);
          continue;
        }
        if (formatted === text) continue;
        unformatted++;
        if (flags.check) io.stderr(`${path}: not formatted\n`);
        else if (flags.write) await writeFile(absolute, formatted);
        else io.stdout(formatted);
      }
      setExit(broken ? EXIT.usage : flags.check && unformatted ? EXIT.findings : EXIT.ok);
    });
}
