import type { Entity, EntityType, Value } from '../entities.ts';
import type { ConcreteEntityType, EntityAttributes } from '../entity-attributes.ts';

/** An entity while the model is being built: attributes are filled in, links resolved, then it is frozen by type. */
export interface MutableEntity {
  readonly type: EntityType;
  readonly key: string;
  readonly name: string;
  readonly arn: string | null;
  readonly owner: Entity | null;
  readonly attrs: Record<string, Value>;
}

/** An entity of one type while it is built: its attribute record is the schema's for that type. */
export interface TypedEntity<T extends ConcreteEntityType> {
  readonly type: T;
  readonly key: string;
  readonly name: string;
  readonly arn: string | null;
  readonly owner: Entity | null;
  readonly attrs: EntityAttributes<T>;
}

/** A new entity; `attrs` must be exactly the schema's attributes of `type` (a compile error otherwise). */
export function newEntity<T extends ConcreteEntityType>(type: T, key: string, name: string, arn: string | null, owner: Entity | null, attrs: EntityAttributes<T>): TypedEntity<T> {
  return { type, key, name, arn, owner, attrs };
}
