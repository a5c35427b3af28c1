import type { Readable, Writable } from 'node:stream';
import { type Connection, createConnection, DiagnosticSeverity, type Diagnostic as LspDiagnostic, type Range, TextDocumentSyncKind, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Span } from '../diagnostics/index.ts';
import { SCHEMA } from '../model/language.ts';
import { definitionAt } from '../semantics/index.ts';
import { completionsAt } from './completion.ts';
import { canonicalText } from './format.ts';
import { hoverAt } from './hover.ts';
import { checkLibrary, filesOnDisk, isRulePath, isTestPath, libraryDefinitions, libraryOf, parseCache, pathOfUri, type Source, type TestChecker } from './library.ts';

/**
 * `guard lsp`: the Language Server Protocol over a pair of streams (stdin and stdout). Diagnostics
 * are `guard check`'s for a document's whole library (its directory), completion and hover come
 * from the schema and the library's definitions, formatting from the canonical printer. Each
 * handler answers from the texts alone; one that fails answers nothing rather than ending the server.
 */

const toRange = (document: TextDocument, span: Span | null): Range => {
  const start = document.positionAt(span?.start ?? 0);
  return { start, end: span ? document.positionAt(span.end) : start };
};

function toLspDiagnostic(document: TextDocument, diagnostic: Diagnostic): LspDiagnostic {
  return {
    range: toRange(document, diagnostic.span),
    severity: diagnostic.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: diagnostic.code,
    source: 'guard',
    message: diagnostic.hint ? `${diagnostic.message}\n${diagnostic.hint}` : diagnostic.message,
  };
}

const describe = (caught: unknown): string => (caught instanceof Error ? (caught.stack ?? caught.message) : String(caught));

/** Runs a handler, logging a failure (a bug) to the client instead of throwing into the connection. */
function attempt<R>(connection: Connection, name: string, fallback: R, run: () => R): R {
  try {
    return run();
  } catch (caught) {
    connection.console.error(`guard lsp: internal error in ${name}: ${describe(caught)}`);
    return fallback;
  }
}

export interface ServerOptions {
  /**
   * Loads the checker of test files against their library's rules, on the first library with a test
   * file (so an editing session without one loads no more than the front end); without it test
   * files are only parsed.
   */
  readonly loadTestChecker?: () => Promise<TestChecker>;
}

export function startLanguageServer(input: Readable, output: Writable, options: ServerOptions = {}): Connection {
  // Anything written to stdout that is not a message would corrupt the protocol.
  console.log = console.error;
  console.info = console.error;
  const connection = createConnection(input, output);
  const documents = new TextDocuments(TextDocument);
  const parsed = parseCache();
  const pending = new Set<string>();
  let scheduled = false;
  let testChecker: Promise<TestChecker> | undefined;

  /** The test checker, loaded once; one that fails to load is said and retried on the next check, and the rule files are still checked. */
  async function loadedTestChecker(): Promise<TestChecker | undefined> {
    if (options.loadTestChecker === undefined) return undefined;
    testChecker ??= options.loadTestChecker();
    try {
      return await testChecker;
    } catch (caught) {
      testChecker = undefined;
      connection.console.error(`guard lsp: test files are only parsed, since their checker did not load: ${describe(caught)}`);
      return undefined;
    }
  }

  const sourceOf = (document: TextDocument): Source => ({ uri: document.uri, path: pathOfUri(document.uri), text: document.getText() });
  const openSources = (): Source[] =>
    documents
      .all()
      .map(sourceOf)
      .filter((s) => s.path.endsWith('.guard') || !s.uri.startsWith('file:'));

  /** The library of a document: its open neighbours as edited, the others as on disk. */
  async function library(of: Source): Promise<Source[]> {
    const key = libraryOf(of);
    const open = openSources().filter((s) => libraryOf(s) === key);
    if (!of.uri.startsWith('file:')) return open;
    // In path order, as `guard check DIR` reads them (a duplicate rule id is reported on the later file).
    return [...open, ...(await filesOnDisk(key, new Set(open.map((s) => s.path))))].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async function validate(key: string): Promise<void> {
    const members = openSources().filter((s) => libraryOf(s) === key);
    const first = members[0];
    if (first === undefined) return;
    const sources = await library(first);
    const byPath = checkLibrary(sources, sources.some((s) => isTestPath(s.path)) ? await loadedTestChecker() : undefined);
    for (const source of members) {
      const document = documents.get(source.uri);
      if (document === undefined || document.getText() !== source.text) continue;
      const diagnostics = (byPath.get(source.path) ?? []).map((d) => toLspDiagnostic(document, d));
      await connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
    }
  }

  // Edits come faster than checks: changes queue their library, and one pass checks each once.
  function schedule(source: Source): void {
    pending.add(libraryOf(source));
    if (scheduled) return;
    scheduled = true;
    setImmediate(async () => {
      scheduled = false;
      const keys = [...pending];
      pending.clear();
      for (const key of keys) {
        try {
          await validate(key);
        } catch (caught) {
          connection.console.error(`guard lsp: internal error while checking: ${describe(caught)}`);
        }
      }
    });
  }

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Full,
      completionProvider: { triggerCharacters: [' '] },
      hoverProvider: true,
      definitionProvider: true,
      documentFormattingProvider: true,
    },
    serverInfo: { name: 'guard' },
  }));

  documents.onDidChangeContent((change) => schedule(sourceOf(change.document)));
  documents.onDidClose((event) => {
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
    schedule(sourceOf(event.document));
  });

  const ruleFileAt = (uri: string): { source: Source; document: TextDocument } | null => {
    const document = documents.get(uri);
    if (document === undefined) return null;
    const source = sourceOf(document);
    return isTestPath(source.path) ? null : { source, document };
  };

  connection.onCompletion(async (params) => {
    const at = ruleFileAt(params.textDocument.uri);
    if (at === null) return [];
    const sources = await library(at.source);
    return attempt(connection, 'completion', [], () => completionsAt(SCHEMA, at.source.path, at.source.text, at.document.offsetAt(params.position), libraryDefinitions(sources, parsed)));
  });

  connection.onHover(async (params) => {
    const at = ruleFileAt(params.textDocument.uri);
    if (at === null) return null;
    const sources = await library(at.source);
    return attempt(connection, 'hover', null, () => {
      const found = hoverAt(SCHEMA, parsed(at.source), at.source.text, at.document.offsetAt(params.position), libraryDefinitions(sources, parsed));
      return found && { contents: { kind: 'markdown' as const, value: found.markdown }, range: toRange(at.document, found.span) };
    });
  });

  connection.onDefinition(async (params) => {
    const at = ruleFileAt(params.textDocument.uri);
    if (at === null) return null;
    const sources = await library(at.source);
    return attempt(connection, 'definition', null, () => {
      const files = sources.filter((s) => isRulePath(s.path) || !s.uri.startsWith('file:')).map(parsed);
      const definition = definitionAt(files, at.source.path, at.document.offsetAt(params.position));
      const target = definition && sources.find((s) => s.path === definition.span.file);
      if (!definition || !target) return null;
      const document = documents.get(target.uri) ?? TextDocument.create(target.uri, 'guard', 0, target.text);
      return { uri: target.uri, range: toRange(document, definition.span) };
    });
  });

  connection.onDocumentFormatting((params) =>
    attempt(connection, 'formatting', null, () => {
      const document = documents.get(params.textDocument.uri);
      if (document === undefined) return null;
      const source = sourceOf(document);
      if (!isRulePath(source.path) && !isTestPath(source.path) && source.uri.startsWith('file:')) return null;
      const formatted = canonicalText(source.text, source.path, isTestPath(source.path));
      if (formatted === null || formatted === source.text) return [];
      return [{ range: { start: document.positionAt(0), end: document.positionAt(source.text.length) }, newText: formatted }];
    }),
  );

  documents.listen(connection);
  connection.listen();
  return connection;
}
