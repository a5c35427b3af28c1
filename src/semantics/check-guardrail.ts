import { error } from '../diagnostics/index.ts';
import type { EntityType } from '../model/index.ts';
import { type Condition, printCondition } from '../syntax/index.ts';
import type { Context } from './check-context.ts';
import type { CheckedCondition } from './checked-ast.ts';
import { spacedName } from './resolve-names.ts';

// `scps deny "ACTION"`, `have rcps denying "ACTION" on "RESOURCE" unconditionally`: an account's
// organization guardrails (docs/permissions.md, "Organization guardrails").

type GuardrailAst = Extract<Condition, { kind: 'guardrail' }>;

/** Service prefix and action name, either may hold `*` or `?`: `organizations:LeaveOrganization`, `iam:*`, `*`. */
const ACTION = /^(?:\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+)$/;
const RESOURCE = /^(?:\*|arn:.+)$/;

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
  const resource = condition.resource?.value ?? null;
  if (resource !== null && !RESOURCE.test(resource)) {
    ctx.report(
      error('check/bad-operand', `\`${resource}\` is not a resource: write an ARN (globs allowed) or \`*\``, condition.resource?.span ?? condition.span, {
        hint: 'for example `on "arn:aws:s3:::audit-logs/*"`',
      }),
    );
    return null;
  }
  return {
    kind: 'guardrail',
    policies: condition.policies === 'scps' ? 'scp' : 'rcp',
    action,
    resource: resource ?? '*',
    unconditionally: condition.unconditionally,
    text: printCondition(condition),
    span: condition.span,
  };
}
