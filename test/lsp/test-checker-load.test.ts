import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, InitializedNotification, InitializeRequest, LogMessageNotification, type LogMessageParams } from 'vscode-languageserver-protocol/node';
import type { TestChecker } from '../../src/lsp/index.ts';
import { startLanguageServer } from '../../src/lsp/index.ts';
import { lspClient } from '../support/lsp-client.ts';

/**
 * A test checker that fails to load (a broken installation) is said, the rule files beside the test
 * file are still checked, and the next check tries again: in process, since the failure is injected.
 */

const { log, info } = console;
let dir = '';
afterAll(async () => {
  // The server sends console output to stderr, as stdout would corrupt the protocol over stdio.
  Object.assign(console, { log, info });
  await rm(dir, { recursive: true, force: true });
});

it('says a test checker that fails to load, still checks the rule files, and loads it on the next check', async () => {
  dir = await mkdtemp(join(tmpdir(), 'guard-lsp-load-'));
  await writeFile(join(dir, 'r.guard'), 'rule mfa severity low:\n  users must have mfa\n');
  const loaded: TestChecker[] = [];
  let attempts = 0;
  const loadTestChecker = async (): Promise<TestChecker> => {
    attempts++;
    if (attempts === 1) throw new Error('Cannot find module guard-test');
    const { checkTestFiles } = await import('../../src/guard-test/check-tests.ts');
    const checker: TestChecker = (tests, program) => checkTestFiles(tests, program).diagnostics;
    loaded.push(checker);
    return checker;
  };
  const toServer = new PassThrough();
  const fromServer = new PassThrough();
  startLanguageServer(toServer, fromServer, { loadTestChecker });
  const client = lspClient(fromServer, toServer);
  const logged: string[] = [];
  client.connection.onNotification(LogMessageNotification.method, (params: LogMessageParams) => {
    logged.push(params.message);
  });
  await client.connection.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} });
  await client.connection.sendNotification(InitializedNotification.type, {});

  const ruleUri = pathToFileURL(join(dir, 'r.guard')).href;
  const testUri = pathToFileURL(join(dir, 'r.test.guard')).href;
  await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: ruleUri, languageId: 'guard', version: 1, text: 'rule mfa severity low:\n  users must have mfaa\n' } });
  const text = 'example "alice":\n  user "alice" with mfa\n  expect mfaa passes\n';
  await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: testUri, languageId: 'guard', version: 1, text } });
  const ruleDiagnostics = await client.diagnostics(ruleUri, (p) => p.diagnostics.length > 0);
  expect(ruleDiagnostics.diagnostics.map((d) => d.code)).toEqual(['check/unknown-attribute']);
  expect((await client.diagnostics(testUri)).diagnostics).toEqual([]);
  expect(logged.join('\n')).toContain('test files are only parsed, since their checker did not load: Error: Cannot find module guard-test');

  // The rule mended, the test file's own mistake shows once its checker loads.
  await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: ruleUri, version: 2 }, contentChanges: [{ text: 'rule mfa severity low:\n  users must have mfa\n' }] });
  await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: testUri, version: 2 }, contentChanges: [{ text: `${text}\n` }] });
  const retried = await client.diagnostics(testUri, (p) => p.version === 2);
  expect(retried.diagnostics.map((d) => d.code)).toEqual(['check/unknown-name']);
  expect(attempts).toBe(2);
  expect(loaded).toHaveLength(1);
  client.connection.dispose();
});
