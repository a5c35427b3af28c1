import { gzipSync } from 'node:zlib';

/**
 * A gzip file of `mib` MiB of spaces, built from concatenated members (gunzip reads them as one
 * stream) so that building it needs 1 MiB of memory and no compression time: 600 MiB is ~600 KB.
 */
export function gzipBomb(mib: number, fill = 0x20): Buffer {
  const member = gzipSync(Buffer.alloc(2 ** 20, fill), { level: 9 });
  return Buffer.concat(Array.from({ length: mib }, () => member));
}
