import { error } from '../diagnostics/index.ts';
import type { EntityType } from '../model/index.ts';
import { type Condition, printCondition, type StringsOperand } from '../syntax/index.ts';
import { unknownAction } from './action-names.ts';
import type { Context } from './check-context.ts';
import { stringsOf } from './check-permission.ts';
import type { CheckedCondition } from './checked-ast.ts';
import { spacedName } from './resolve-names.ts';
import { isResourcePattern, notResourceMessage } from './resource-pattern.ts';

// `scps deny "ACTION"`, `have rcps denying "ACTION" on "RESOURCE" unconditionally`: an account's
// organization guardrails (docs/permissions.md, "Organization guardrails").

type GuardrailAst = Extract<Condition, { kind: 'guardrail' }>;

/** Service prefix and action name, either may hold `*` or `?`: `organizations:LeaveOrganization`, `iam:*`, `*`. */
const ACTION = /^(?:\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+)$/;
/** A region name as AWS writes them: `us-east-1`, `us-gov-west-1`, `ap-southeast-5`. */
const REGION = /^[a-z]{2,}(?:-[a-z]+)+-\d+$/;

export function checkGuardrail(condition: GuardrailAst, entityType: EntityType, ctx: Context): CheckedCondition | null {
  const verb = condition.style === 'deny' ? `${condition.policies} deny` : `have ${condition.policies} denying`;
  if (entityType !== 'account') {
    ctx.report(
      error('check/not-applicable', `\`${verb}\` asks about an account's organization guardrails, and a ${spacedName(entityType.replace(/-/g, '_'))} is not an account`, condition.span, {
        hint: '`scps deny` and `rcps deny` apply to `accounts` and `account`; for what a principal can do under them, ask `can`',
      }),
    );
    return null;
  }
  const action = condition.action.value;
  if (!ACTION.test(action)) {
    ctx.report(
      error('check/bad-operand', `\`${action}\` is not an action: write \`service:Action\`, with \`*\` or \`?\` as wildcards`, condition.action.span, {
        hint: 'for example `scps deny "organizations:LeaveOrganization"` or `scps deny "cloudtrail:Stop*"`',
      }),
    );
    return null;
  }
  // A misspelt action matches nothing: a Deny of `*` would still seem to deny it, and a rule about it would mean nothing.
  const unknown = unknownAction(action, ctx.actions, { wildcardServices: false, consequence: `so no ${condition.policies === 'scps' ? 'SCP' : 'RCP'} could ever need to deny it` });
  if (unknown !== null) {
    ctx.report(error('check/unknown-action', unknown.message, condition.action.span, { hint: unknown.hint }));
    return null;
  }
  const resource = condition.resource?.value ?? null;
  if (resource !== null && !isResourcePattern(resource)) {
    ctx.report(
      error('check/bad-operand', notResourceMessage(resource), condition.resource?.span ?? condition.span, {
        hint: 'for example `on "arn:aws:s3:::audit-logs/*"`',
      }),
    );
    return null;
  }
  const regions = condition.regions === null ? null : regionsOf(condition.regions, ctx);
  if (regions === undefined) return null;
  return {
    kind: 'guardrail',
    policies: condition.policies === 'scps' ? 'scp' : 'rcp',
    action,
    resource: resource ?? '*',
    regions,
    unconditionally: condition.unconditionally,
    text: printCondition(condition),
    span: condition.span,
  };
}

/** The allowed regions of `outside regions`: region names, from a string, a list or a let/param; undefined after reporting. */
function regionsOf(written: StringsOperand, ctx: Context): readonly string[] | undefined {
  const hint = 'for example `outside regions ["eu-west-1", "eu-central-1"]`, or a param holding the list';
  const regions = stringsOf(written, ctx, { verb: '`outside regions` takes a region or a list of regions', hint, nameHint: hint });
  if (regions === null) return undefined;
  const bad = regions.find((r) => !REGION.test(r));
  if (bad === undefined) return regions;
  ctx.report(error('check/bad-operand', `\`${bad}\` is not a region name: write it as AWS does, \`eu-west-1\``, written.span, { hint }));
  return undefined;
}
