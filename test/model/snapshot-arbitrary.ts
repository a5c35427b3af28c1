// The snapshot arbitrary is public (guard/testing); model tests use it under their historic name.
export { snapshotArb as snapshotArbitrary } from '../../src/guard-test/account-arbitraries.ts';
