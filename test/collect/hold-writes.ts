/**
 * Preloaded into a `guard` child process (`node --import`) by the interrupt tests: every file write stops
 * after its bytes are written, before they are flushed and renamed into place, and says so on stderr. The
 * test then kills the process exactly mid-write, without any hook in guard itself.
 */
import { open } from 'node:fs/promises';

// Not exported: importing this file patches the importer's writes (snapshot-interrupts.test.ts has the text).
const HELD_MARKER = 'guard-test: write held before sync';

const probe = await open(process.execPath, 'r');
const prototype = Object.getPrototypeOf(probe) as { sync: () => Promise<void> };
await probe.close();
prototype.sync = () => {
  process.stderr.write(`${HELD_MARKER}\n`);
  // Keeps the process alive until the test kills it.
  setInterval(() => {}, 60_000);
  return new Promise<void>(() => {});
};
