import { resolve } from 'node:path';
import { type AttributeReads, loadValidSnapshot, type Model, normalizeSnapshot } from '../model/index.ts';
import { renderDiagnostics } from '../report/diagnostics-text.ts';
import { displayPath } from './display-path.ts';
import type { CliIo } from './io.ts';

/** What reading a snapshot takes from a command's flags: the file and the evaluation time. */
export interface SnapshotFlags {
  readonly snapshot: string;
  readonly now?: number;
}

/**
 * The snapshot's model, for every command that reads one (`eval`, `who-can`, `permissions`), with the
 * attributes `reads` names (all of them when it is absent); null when the snapshot is not valid (said
 * on stderr). The raw snapshot and what validation parsed of it are garbage once this returns:
 * evaluation and reports hold only the model.
 */
export async function loadModel(flags: SnapshotFlags, io: CliIo, color: boolean, reads?: AttributeReads): Promise<Model | null> {
  const snapshotPath = resolve(io.cwd, flags.snapshot);
  const snapshot = await loadValidSnapshot(snapshotPath);
  const shown = displayPath(snapshotPath, io.cwd);
  if (!snapshot.ok) {
    io.stderr(renderDiagnostics([...snapshot.errors, ...snapshot.warnings], { sources: new Map(), color, fallbackSource: shown }));
    io.stderr(`guard: ${shown} is not a valid snapshot; nothing was evaluated\n`);
    return null;
  }
  if (snapshot.warnings.length) io.stderr(renderDiagnostics(snapshot.warnings, { sources: new Map(), color, fallbackSource: shown }));
  const { snapshot: value, parsed } = snapshot.value;
  return normalizeSnapshot(value, { parsed, ...(flags.now === undefined ? {} : { now: flags.now }), ...(reads === undefined ? {} : { reads }) });
}
