/**
 * What the snapshot lacks for an answer, said as a clause for messages (`policy arn:… is not in
 * the snapshot`). The resolvers of a principal's policies and of an account's SCP and RCP chains
 * return one instead of UNKNOWN, so one walk both decides and explains; their callers see UNKNOWN.
 */
import { type Entity, UNKNOWN, type Unknown } from '../entities.ts';

export interface Gap {
  readonly gap: string;
}

export function isGap<T extends object>(value: T | Gap): value is Gap {
  return 'gap' in value;
}

/** UNKNOWN for a gap, the value otherwise. */
export function orUnknown<T extends object>(value: T | Gap): T | Unknown {
  return isGap(value) ? UNKNOWN : value;
}

/** The gap's clause; null when there is none. */
export function gapText<T extends object>(value: T | Gap): string | null {
  return isGap(value) ? value.gap : null;
}

/** A policy whose documents the snapshot lacks (an attached managed policy not collected, say), by ARN where it has one. */
export function missingPolicy(policy: Entity): Gap {
  return { gap: `policy ${policy.arn ?? policy.name} is not in the snapshot` };
}
