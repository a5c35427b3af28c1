import { type Diagnostic, error } from '../diagnostics/index.ts';
// The model's language entry: globs without the snapshot reader.
import { globMatches } from '../model/language.ts';
import { type CheckedProgram, closest } from '../semantics/index.ts';

/** `--rule ID` and `--skip ID`, repeatable, each an id or a glob such as `pwd.*`. */
export interface RuleSelection {
  readonly rule: readonly string[];
  readonly skip: readonly string[];
}

export const NO_SELECTION: RuleSelection = { rule: [], skip: [] };

/**
 * The program with only the rules `--rule` names (all when none is given), less those `--skip`
 * names. A pattern that names no rule is an error with the closest id: a typo must not select
 * nothing and pass in silence.
 */
export function selectRules(program: CheckedProgram, selection: RuleSelection): { program: CheckedProgram; diagnostics: Diagnostic[] } {
  const ids = program.rules.map((r) => r.id);
  const diagnostics: Diagnostic[] = [];
  const matching = (flag: string, patterns: readonly string[]): ((id: string) => boolean) => {
    for (const pattern of patterns) {
      if (ids.some((id) => globMatches(pattern, id, false))) continue;
      const near = closest(pattern, ids);
      diagnostics.push(
        error('usage/unknown-rule', `${flag} \`${pattern}\` names no rule`, null, {
          hint: near === null ? 'give a rule id as `guard eval -f json` lists them under `rules`, or a glob such as `pwd.*`' : `did you mean \`${near}\`?`,
        }),
      );
    }
    return (id) => patterns.some((pattern) => globMatches(pattern, id, false));
  };
  const chosen = matching('--rule', selection.rule);
  const skipped = matching('--skip', selection.skip);
  const rules = program.rules.filter((r) => (selection.rule.length === 0 || chosen(r.id)) && !skipped(r.id));
  return { program: { ...program, rules }, diagnostics };
}
