import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompletionRequest,
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentFormattingRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  type Location,
  type MarkupContent,
  ShutdownRequest,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SCHEMA } from '../../src/model/language.ts';
import { type LspSession, startLsp } from '../support/lsp-client.ts';

/**
 * `guard lsp` as an editor sees it: a real client (vscode-languageserver-protocol) talks to the real
 * process over stdio, through a whole session. b.guard is open; a.guard, beside it, is only on disk,
 * and is checked with it as `guard check DIR` would (rule ids are shared across a library's files).
 */

let dir = '';
let session: LspSession;
let uri = '';
let aUri = '';

const B_TEXT = ['param key_max_age = 90d', 'users must have mfaa', 'access keys where active must have age < key_max_age', 'rule   stale:', '  users   must have mfa', ''].join('\n');

/** The position of the `nth` occurrence of `needle` in `text`, `plus` characters in. */
function at(text: string, needle: string, plus = 0, nth = 0): { line: number; character: number } {
  let index = -1;
  for (let i = 0; i <= nth; i++) index = text.indexOf(needle, index + 1);
  if (index < 0) throw new Error(`${needle} not in the text`);
  return TextDocument.create('x', 'guard', 0, text).positionAt(index + plus);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guard-lsp-'));
  await writeFile(join(dir, 'a.guard'), 'rule stale:\n  users must have mfa\n');
  await writeFile(join(dir, 'b.guard'), B_TEXT);
  uri = pathToFileURL(join(dir, 'b.guard')).href;
  aUri = pathToFileURL(join(dir, 'a.guard')).href;
  session = startLsp({ cwd: dir });
  const init = await session.connection.sendRequest(InitializeRequest.type, { processId: null, rootUri: pathToFileURL(dir).href, capabilities: {}, workspaceFolders: null });
  expect(init.capabilities).toMatchObject({ hoverProvider: true, definitionProvider: true, documentFormattingProvider: true });
  await session.connection.sendNotification(InitializedNotification.type, {});
});

afterAll(async () => {
  session.connection.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('guard lsp over stdio', () => {
  it('publishes the diagnostics of `guard check` for an open document, with its library on disk', async () => {
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'guard', version: 1, text: B_TEXT } });
    const published = await session.diagnostics(uri);
    expect(published.version).toBe(1);
    const shown = published.diagnostics.map((d) => ({ code: d.code, severity: d.severity, start: d.range.start, end: d.range.end, message: d.message }));
    expect(shown).toEqual([
      { code: 'check/unknown-attribute', severity: 1, start: at(B_TEXT, 'mfaa'), end: at(B_TEXT, 'mfaa', 4), message: 'user has no attribute `mfaa`\ndid you mean `mfa`?' },
      { code: 'check/duplicate-rule', severity: 1, start: at(B_TEXT, 'stale'), end: at(B_TEXT, 'stale', 5), message: expect.stringContaining('rule id `stale` is already used') },
    ]);
  });

  it('completes the attributes of the entity in scope, with their docs, and the file’s params', async () => {
    const position = at(B_TEXT, 'age <', 0);
    const list = await session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
    const items = Array.isArray(list) ? list : (list?.items ?? []);
    const labels = items.map((i) => i.label);
    // After `access keys where active must have `: an access key's attributes, not a user's.
    const keyAttributes = SCHEMA.entityTypes['access-key'].attributes.map((a) => a.name.replace(/_/g, ' '));
    expect(labels).toEqual(expect.arrayContaining([...keyAttributes, 'key_max_age']));
    expect(labels).not.toContain('console access');
    const age = items.find((i) => i.label === 'age');
    expect((age?.documentation as MarkupContent | undefined)?.value).toBe(SCHEMA.entityTypes['access-key'].attributes.find((a) => a.name === 'age')?.doc);
    // At the start of a line: collections and the statement keywords.
    const start = await session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: at(B_TEXT, 'users must have mfaa') });
    const startLabels = (Array.isArray(start) ? start : (start?.items ?? [])).map((i) => i.label);
    expect(startLabels).toEqual(expect.arrayContaining(['users', 'access keys', 'root', 'rule', 'let', 'param']));
  });

  it('hovers with the schema doc of the attribute under the cursor', async () => {
    const hover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at(B_TEXT, 'active', 2) });
    expect((hover?.contents as MarkupContent | undefined)?.value).toContain('the key status is Active');
    expect(hover?.range).toEqual({ start: at(B_TEXT, 'active'), end: at(B_TEXT, 'active', 6) });
  });

  it('goes to the definition of a param', async () => {
    const found = (await session.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: at(B_TEXT, 'key_max_age', 3, 1) })) as Location;
    expect(found).toEqual({ uri, range: { start: at(B_TEXT, 'key_max_age'), end: at(B_TEXT, 'key_max_age', 'key_max_age'.length) } });
  });

  it('formats through the canonical printer, and refuses a document that does not parse', async () => {
    const broken = 'users must have (mfa\n';
    await session.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: broken }] });
    expect((await session.diagnostics(uri, (p) => p.version === 2)).diagnostics[0]?.code).toMatch(/^syntax\//);
    const refused = await session.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    expect(refused ?? []).toEqual([]);

    const messy = 'rule   fresh  "Fresh":\n  users   must have   mfa\n';
    await session.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 3 }, contentChanges: [{ text: messy }] });
    expect((await session.diagnostics(uri, (p) => p.version === 3)).diagnostics).toEqual([]);
    const edits = (await session.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } })) as TextEdit[];
    const formatted = TextDocument.applyEdits(TextDocument.create(uri, 'guard', 3, messy), edits);
    expect(formatted).toBe('rule fresh "Fresh":\n  users must have mfa\n');
    // The file on disk is the editor's to write.
    expect(await readFile(join(dir, 'b.guard'), 'utf8')).toBe(B_TEXT);
  });

  it('hovers over a rule id with its metadata, in a document opened later', async () => {
    const text = (await readFile(join(dir, 'a.guard'), 'utf8')).replace('rule stale:', 'rule stale "Stale users" severity high:');
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: aUri, languageId: 'guard', version: 1, text } });
    const hover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri: aUri }, position: at(text, 'stale', 1) });
    expect((hover?.contents as MarkupContent | undefined)?.value).toBe('**rule stale** "Stale users"\n- severity: high');
  });

  it('checks an open test file against the rule files beside it, as `guard check` does when both are named', async () => {
    const tested = join(dir, 'tested');
    await mkdir(tested);
    await writeFile(join(tested, 'r.guard'), 'rule mfa severity low:\n  users must have mfa\n');
    const text = 'example "alice":\n  user "alice" with mfa\n  expect mfaa passes\n  expect mfa passes on users where nme = "alice"\n';
    const testUri = pathToFileURL(join(tested, 'r.test.guard')).href;
    await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: testUri, languageId: 'guard', version: 1, text } });
    const shown = (await session.diagnostics(testUri)).diagnostics.map((d) => ({ code: d.code, start: d.range.start, message: d.message }));
    expect(shown).toEqual([
      { code: 'check/unknown-name', start: at(text, 'mfaa'), message: 'no rule `mfaa`\ndid you mean `mfa`?' },
      { code: 'check/unknown-attribute', start: at(text, 'nme'), message: 'user has no attribute `nme`\ndid you mean `name`?' },
    ]);
  });

  it("shuts down and exits 0 (what it loads is test/e2e/startup.test.ts's)", async () => {
    await session.connection.sendRequest(ShutdownRequest.type);
    await session.connection.sendNotification(ExitNotification.type);
    expect(await session.exited).toBe(0);
    expect(session.stderr()).toBe('');
  });
});
