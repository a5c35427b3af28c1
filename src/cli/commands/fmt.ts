import { Command } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { renderDiagnostics } from '../../report/index.ts';
import { parseRuleFile, printRuleFile, stripSpans } from '../../syntax/index.ts';
import { EXIT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { displayPath, findRuleFiles } from '../load-rules.ts';
import { isDeepStrictEqual } from 'node:util';

export function fmtCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('fmt')
    .description('print rule files in canonical form (or rewrite them with --write)')
    .argument('<rules...>', 'rule files or directories')
    .option('-w, --write', 'rewrite files in place')
    .option('--check', 'exit 1 if any file is not formatted; change nothing')
    .action(async (paths: string[], flags: { write?: boolean; check?: boolean }) => {
      const found = await findRuleFiles(paths, io.cwd);
      if (found.diagnostics.length) {
        io.stderr(renderDiagnostics(found.diagnostics, { sources: new Map(), color: false }));
        setExit(EXIT.usage);
        return;
      }
      let unformatted = 0;
      let broken = false;
      for (const absolute of found.files) {
        const path = displayPath(absolute, io.cwd);
        const text = await readFile(resolve(absolute), 'utf8');
        const parsed = parseRuleFile(text, path);
        if (parsed.diagnostics.some((d) => d.severity === 'error')) {
          io.stderr(renderDiagnostics(parsed.diagnostics, { sources: new Map([[path, text]]), color: false }));
          broken = true;
          continue;
        }
        const formatted = printRuleFile(parsed.file);
        // Never write a file whose meaning the formatter changed: re-parse and compare ASTs.
        const again = parseRuleFile(formatted, path);
        if (again.diagnostics.length || !isDeepStrictEqual(stripSpans(again.file.statements), stripSpans(parsed.file.statements))) {
          io.stderr(`guard: internal error: formatting ${path} would change its meaning; file left as is\n`);
          broken = true;
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
