/**
 * `node --import ./test/e2e/record-modules.ts …`: records the URL of every module the process loads
 * (imported or required) and writes them, one a line, to the file named by RECORD_MODULES_TO at exit.
 * test/e2e/startup.test.ts uses it to see what each command loads, without timing anything.
 */
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const out = process.env['RECORD_MODULES_TO'];
if (out !== undefined) {
  const loaded: string[] = [];
  registerHooks({
    load(url, context, nextLoad) {
      loaded.push(url);
      return nextLoad(url, context);
    },
  });
  process.on('exit', () => writeFileSync(out, `${loaded.join('\n')}\n`));
}
