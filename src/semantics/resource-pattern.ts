/**
 * What `on "..."` of `can` and `scps deny`, and `guard who-can --on`, accept: `*`, or an ARN or ARN
 * glob with its six parts (`arn:partition:service:region:account:resource`), as IAM requires of a
 * policy's Resource. Anything else matches no resource, so a rule asking about it would always
 * pass (`must not can "s3:GetObject" on "payroll/*"`).
 */
export function isResourcePattern(value: string): boolean {
  return value === '*' || /^arn:[^:]*:[^:]*:[^:]*:[^:]*:.+$/.test(value);
}

/** The error message for a value isResourcePattern refuses. */
export function notResourceMessage(value: string): string {
  return `\`${value}\` is not a resource: write an ARN (\`arn:partition:service:region:account:resource\`, globs allowed) or \`*\``;
}
