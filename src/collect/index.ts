// The AWS collector: the only place guard talks to AWS (the SDK is imported nowhere else).
export { collectSnapshot, type AccountOutcome, type CollectOptions, type FatalFailure, type Identity } from './collect.ts';
export {
  collectOrganizationSnapshots,
  type AccountResult,
  type MemberAccount,
  type OrganizationCollectOptions,
  type OrganizationOutcome,
} from './collect-organization.ts';
export type { AwsSettings, AwsService, CallObserver } from './aws-clients.ts';
export type { CollectEvent, ProgressListener } from './progress.ts';
export { createProgressDisplay, type ProgressDisplay, type ProgressMode } from './progress-display.ts';
export { removePendingTempFiles, serializeSnapshot, wantsGzip, writeFileAtomically, writeSnapshotFile } from './write-snapshot.ts';
export {
  SNAPSHOT_FORMAT,
  type AuthorizationDetails,
  type IamSection,
  type OrganizationsSection,
  type SectionError,
  type SnapshotDocument,
} from './snapshot-document.ts';
export type { JsonObject, JsonValue } from './json-value.ts';
