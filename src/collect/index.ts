// The AWS collector: the only place guard talks to AWS (the SDK is imported nowhere else).

export type { AwsService, AwsSettings, CallObserver } from './aws-clients.ts';
export { type AccountOutcome, type CollectOptions, collectSnapshot, type FatalFailure, type Identity } from './collect.ts';
export {
  type AccountResult,
  collectOrganizationSnapshots,
  type MemberAccount,
  type OrganizationCollectOptions,
  type OrganizationOutcome,
} from './collect-organization.ts';
export type { JsonObject, JsonValue } from './json-value.ts';
export type { CollectEvent, ProgressListener } from './progress.ts';
export { createProgressDisplay, type ProgressDisplay, type ProgressMode } from './progress-display.ts';
export {
  type AuthorizationDetails,
  type IamSection,
  type OrganizationsSection,
  type SectionError,
  SNAPSHOT_FORMAT,
  type SnapshotDocument,
  sectionsNotCollected,
} from './snapshot-document.ts';
export { removePendingTempFiles, serializeSnapshot, wantsGzip, writeFileAtomically, writeSnapshotFile } from './write-snapshot.ts';
