// The snapshot arbitrary is public (guard/testing); model tests use it under their historic name,
// with the Identity Center and Access Analyzer sections (present, missing, errored or null), as by default.
import { snapshotArbWith } from '../../src/guard-test/account-arbitraries.ts';

export const snapshotArbitrary = snapshotArbWith();
