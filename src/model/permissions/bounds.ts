/**
 * The one place further bounds on a principal's requests plug in: the Organizations issue fills
 * this from the account's `effective_scps` (and `effective_rcps`, for requests on the account's
 * resources), one PolicyBound per level (root, each OU, the account), each level having to allow
 * a request. decide.ts already applies whatever this returns, Denies included.
 */
import type { Entity, Model } from '../entities.ts';
import type { PolicyBound } from './types.ts';

const NONE: readonly PolicyBound[] = [];

export function boundsOf(_model: Model, _principal: Entity): readonly PolicyBound[] {
  return NONE;
}
