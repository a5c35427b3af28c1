import fc from 'fast-check';
import { type Model, normalizeSnapshot, parseSnapshot } from '../model/index.ts';
import { snapshotArb } from './account-arbitraries.ts';
import { buildSnapshot } from './build-snapshot.ts';
import { exampleAccountArb } from './example-arbitrary.ts';

/**
 * The accounts properties and automatic checks run on: raw snapshot v1 documents, loaded through
 * parseSnapshot + normalizeSnapshot exactly like real snapshots.
 */
export function exampleAccounts(): fc.Arbitrary<unknown> {
  return exampleAccountArb().map((account) => buildSnapshot(account).document);
}

/**
 * The default mix: mostly example accounts (whose counterexamples print exactly as examples), and the
 * library's raw snapshot arbitrary (every AWS form of every field, sections missing, dangling
 * references), so properties also meet accounts as real snapshots write them.
 */
export function defaultAccounts(): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: exampleAccounts() }, { weight: 1, arbitrary: snapshotArb });
}

const models = new WeakMap<object, Model>();

/** A generated document's model (memoized: shrinking revisits documents). A document that does not load is a generator bug. */
export function modelOf(document: unknown): Model {
  if (typeof document === 'object' && document !== null) {
    const cached = models.get(document);
    if (cached !== undefined) return cached;
  }
  const parsed = parseSnapshot(JSON.stringify(document), 'generated account');
  if (!parsed.ok) throw new Error(`a generated account is not a valid snapshot: ${parsed.errors.map((e) => `${e.path ?? ''} ${e.message}`).join('; ')}`);
  const model = normalizeSnapshot(parsed.value);
  if (typeof document === 'object' && document !== null) models.set(document, model);
  return model;
}
