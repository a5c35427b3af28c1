import { resolve } from 'node:path';
import type { Diagnostic } from '../../diagnostics/index.ts';
import { error, span, warning } from '../../diagnostics/index.ts';
// The two model files it needs, not the model's index: that would load the snapshot validator too.
import { readInputFile } from '../../model/input-file.ts';
import { checkOrganizationPolicy, type OrganizationPolicyType } from '../../model/policy-document/organization-policy.ts';
import { renderDiagnostics, summarizeDiagnostics } from '../../report/diagnostics-text.ts';
import { displayPath } from '../display-path.ts';
import { EXIT } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';

export interface ValidatePolicyFlags {
  readonly type: OrganizationPolicyType;
  readonly color: boolean;
}

/** A policy file is small: Organizations takes at most 5,120 characters. Well past that is not a policy. */
const MAX_POLICY_FILE_BYTES = 1024 * 1024;

/**
 * Each file's problems in compiler form (`file:line:col: error: ...`, the line, a caret), on stderr;
 * exit 0 when every file is valid (warnings allowed), 2 when one is not or cannot be read.
 */
export async function runValidatePolicy(files: readonly string[], flags: ValidatePolicyFlags, io: CliIo): Promise<number> {
  const sources = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  let invalid = 0;
  for (const file of files) {
    const path = displayPath(resolve(io.cwd, file), io.cwd);
    const read = await readInputFile(resolve(io.cwd, file), path, { noun: 'policy file', unreadable: 'usage/io', notText: 'usage/io', gzip: false }, { maxBytes: MAX_POLICY_FILE_BYTES });
    if (!read.ok) {
      diagnostics.push(...read.errors);
      invalid++;
      continue;
    }
    sources.set(path, read.value);
    const check = checkOrganizationPolicy(read.value, flags.type);
    for (const p of check.problems) {
      const where = p.offset === null ? null : span(path, p.offset, p.offset + 1);
      const extra = p.hint === undefined ? {} : { hint: p.hint };
      // Problems of the whole text (its size) name the file, as the renderer does for a span-less diagnostic.
      const message = where === null ? `${path}: ${p.message}` : p.message;
      diagnostics.push(p.severity === 'error' ? error('policy/invalid', message, where, extra) : warning('policy/invalid', message, where, extra));
    }
    if (check.document === null) invalid++;
  }
  const color = flags.color && io.stderrIsTTY && io.env['NO_COLOR'] === undefined;
  io.stderr(renderDiagnostics(diagnostics, { sources, color }));
  const type = flags.type.toUpperCase();
  if (invalid > 0) {
    io.stderr(`guard: ${invalid} of ${files.length} ${type} file${files.length === 1 ? '' : 's'} invalid (${summarizeDiagnostics(diagnostics)})\n`);
    return EXIT.usage;
  }
  io.stderr(`guard: ${files.length === 1 ? `${type} file valid` : `${files.length} ${type} files valid`}${diagnostics.length > 0 ? ` (${summarizeDiagnostics(diagnostics)})` : ''}\n`);
  return EXIT.ok;
}
