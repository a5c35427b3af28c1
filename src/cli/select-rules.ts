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
          hint: near === null ? knownIds(ids) : `did you mean \`${near}\`?`,
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

/**
 * What the rules here are called, for a pattern nothing resembles: the ids themselves when few, else
 * their families (the part before the first dot), each as the glob that selects it. Every command
 * that takes `--rule` says the same, so the hint names no command.
 */
function knownIds(ids: readonly string[]): string {
  const quoted = (names: readonly string[]): string => names.map((n) => `\`${n}\``).join(', ');
  if (ids.length === 0) return 'there are no rules here';
  if (ids.length <= 8) return `the rules here are ${quoted(ids)}`;
  const families = [...new Set(ids.map((id) => (id.includes('.') ? `${id.slice(0, id.indexOf('.'))}.*` : id)))];
  return `the ${ids.length} rules here are ${families.length <= 16 ? quoted(families) : `${quoted(families.slice(0, 16))} and ${families.length - 16} more`}`;
}
