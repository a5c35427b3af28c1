import fc from 'fast-check';
import { PROPERTY_SEED } from './fuzz.ts';

// Every property test draws from one fixed seed (GUARD_FC_SEED overrides it), so a failure in CI
// replays locally; fast-check prints the seed and path of a failing case.
fc.configureGlobal({ seed: PROPERTY_SEED });
