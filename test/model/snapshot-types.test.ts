import type { FromSchema } from 'json-schema-to-ts';
import { expectTypeOf, it } from 'vitest';
import type { Snapshot } from '../../src/model/index.ts';
import type { SNAPSHOT_JSON_SCHEMA } from '../../src/model/snapshot-json-schema.ts';

/**
 * The Snapshot interfaces (src/model/snapshot.ts) and the JSON Schema (snapshot-json-schema.ts)
 * describe one shape: the generated validator's type guard, and the cast after validation in
 * load-snapshot.ts, rely on it. json-schema-to-ts reads the schema as a type; it is compared with
 * Snapshot for equality, so a field, optionality or type on one side only fails `tsc -p .`.
 */

// The schema's open AWS shapes carry `[key: string]: unknown` (AWS adds fields); the interfaces
// list only the fields guard reads, so index signatures are dropped, except on a pure map
// (accountSummary, a policy document object). Interfaces are readonly throughout.
type Fields<T> = { readonly [K in keyof T as string extends K ? never : K]: Comparable<T[K]> };
type Comparable<T> = T extends readonly (infer E)[] ? readonly Comparable<E>[] : T extends object ? ([keyof Fields<T>] extends [never] ? { readonly [K in keyof T]: Comparable<T[K]> } : Fields<T>) : T;

type SchemaSnapshot = Comparable<FromSchema<typeof SNAPSHOT_JSON_SCHEMA>>;

it('the Snapshot type is the JSON Schema read as a type (checked by tsc)', () => {
  expectTypeOf<SchemaSnapshot>().toEqualTypeOf<Snapshot>();
});
