import { type Diagnostic, error, failure, isNonEmpty, lineBreaksOf, lineColumnIn, MAX_DIAGNOSTICS_PER_FILE, type Outcome, type Span, sortDiagnostics, success, warning } from '../diagnostics/index.ts';
import { type ActionCatalog, actionCatalog } from '../model/language.ts';
import { containsError, type RuleFile } from '../syntax/index.ts';
import type { Context } from './check-context.ts';
import { checkDefinitions } from './check-definitions.ts';
import { fileBindings, gatherParams } from './check-params.ts';
import { checkRule } from './check-rule.ts';
import type { CheckedProgram, CheckedRule, ProgramDefinitions } from './checked-ast.ts';
import type { Schema } from './resolve-names.ts';

/**
 * The checker's entry: files in, a checked program out. Its parts, by concern: check-params.ts
 * (params, lets, `--param`), check-definitions.ts (named conditions), check-rule.ts (rules and scopes), check-condition.ts (conditions),
 * check-comparison.ts (operands and comparisons, typed by operators.ts), check-metadata.ts
 * (metadata and exceptions), literal-constant.ts (literals), condition-walk.ts (what a rule reads).
 */

export interface SourceFile {
  readonly ast: RuleFile;
  readonly text: string;
}

export interface CheckOptions {
  readonly schema: Schema;
  /** `--param name=value` overrides, as written on the command line. */
  readonly params?: Readonly<Record<string, string>>;
  /** The IAM action catalog for `can` actions; the installed one by default (nothing is read unless a rule has `can`). */
  readonly actions?: ActionCatalog;
}

/**
 * Resolves and type-checks rule files against the schema. Every problem in every file is reported
 * (capped per file); statements that did not parse are skipped so one typo gives one diagnostic.
 */
export function checkRuleFiles(files: readonly SourceFile[], options: CheckOptions): Outcome<CheckedProgram> {
  const diagnostics: Diagnostic[] = [];
  const rules: CheckedRule[] = [];
  const { params, overrides } = gatherParams(files, options.params ?? {}, (d) => diagnostics.push(d));
  const actions = options.actions ?? actionCatalog();

  // Each file's diagnostics, capped per file at the end; a definition used elsewhere reports into its own file.
  const byFile = new Map<string, Diagnostic[]>(files.map(({ ast }) => [ast.path, []]));
  const route = (d: Diagnostic): void => void (byFile.get(d.span?.file ?? '') ?? diagnostics).push(d);
  const prepared = files.map(({ ast, text }) => {
    const report = (d: Diagnostic): void => void (byFile.get(ast.path) ?? diagnostics).push(d);
    return { ast, text, lineBreaks: ast.lineBreaks ?? lineBreaksOf(text), bindings: fileBindings(ast, overrides, report), report };
  });
  const definitions = checkDefinitions(prepared, { schema: options.schema, actions }, route);

  const ruleIds = new Map<string, Span>();
  for (const { ast, text, lineBreaks, bindings, report } of prepared) {
    const context: Context = { schema: options.schema, text, lineBreaks, bindings, report, actions, definitions, expanding: [] };
    for (const statement of ast.statements) {
      if (statement.kind !== 'rule' || containsError(statement)) continue;
      const checked = checkRule(statement, text, context);
      if (!checked) continue;
      const previous = ruleIds.get(checked.id);
      if (previous) {
        const where = previous.file === ast.path ? `line ${lineColumnIn(lineBreaks, previous.start).line}` : previous.file;
        report(
          error('check/duplicate-rule', `rule id \`${checked.id}\` is already used (${where})`, statement.id?.span ?? statement.span, {
            hint: 'give each rule a unique id: `rule <id>: ...`',
          }),
        );
        continue;
      }
      ruleIds.set(checked.id, statement.id?.span ?? statement.span);
      rules.push(checked);
    }
  }
  for (const { ast, bindings } of prepared) {
    const fileDiagnostics = byFile.get(ast.path) ?? [];
    for (const binding of bindings.values()) {
      if (!binding.used.value && 'kind' in binding.declaration && binding.declaration.kind === 'let') {
        fileDiagnostics.push(warning('check/unused-name', `\`${binding.name}\` is declared but never used`, binding.declaration.name.span));
      }
    }
    const sorted = sortDiagnostics(fileDiagnostics);
    // Warnings (an unused `let` each) are not capped: no spread, which overflows on a long list.
    for (const d of sorted.filter((d) => d.severity === 'error').slice(0, MAX_DIAGNOSTICS_PER_FILE)) diagnostics.push(d);
    for (const d of sorted) if (d.severity === 'warning') diagnostics.push(d);
    // One file named twice: its diagnostics once.
    byFile.delete(ast.path);
  }

  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  if (isNonEmpty(errors)) return failure(errors, warnings);
  return success({ rules, params, definitions: programDefinitions(files, options.params ?? {}) }, warnings);
}

/**
 * The files with a `define`, rules left out, and the `--param` values of the params they declare
 * (another's would be unknown to them): what test files check their conditions with (check-tests.ts).
 */
function programDefinitions(files: readonly SourceFile[], params: Readonly<Record<string, string>>): ProgramDefinitions {
  const defining = files.filter(({ ast }) => ast.statements.some((s) => s.kind === 'define'));
  const declared = new Set(defining.flatMap(({ ast }) => ast.statements.flatMap((s) => (s.kind === 'param' ? [s.name.text] : []))));
  return {
    files: defining.map(({ ast, text }) => ({ ast: { ...ast, statements: ast.statements.filter((s) => s.kind !== 'rule') }, text })),
    params: Object.fromEntries(Object.entries(params).filter(([name]) => declared.has(name))),
  };
}
