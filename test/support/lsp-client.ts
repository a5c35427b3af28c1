import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { createProtocolConnection, type ProtocolConnection, PublishDiagnosticsNotification, type PublishDiagnosticsParams, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { REPO } from './run-guard.ts';

/** A real LSP client talking to `guard lsp` over the child process's stdin and stdout. */
export interface LspSession {
  readonly connection: ProtocolConnection;
  /** The next diagnostics published for `uri` that satisfy `accept` (the latest already received counts). */
  readonly diagnostics: (uri: string, accept?: (params: PublishDiagnosticsParams) => boolean) => Promise<PublishDiagnosticsParams>;
  /** The exit code, once the process has ended. */
  readonly exited: Promise<number | null>;
  readonly stderr: () => string;
}

export function startLsp(options: { cwd: string; nodeArgs?: readonly string[]; env?: Record<string, string> }): LspSession {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), `${REPO}bin/guard.js`, 'lsp'], {
    cwd: options.cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: options.cwd, NO_COLOR: '1', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { ...lspClient(child.stdout, child.stdin), exited, stderr: () => stderr };
}

/** A client over a pair of streams: the server's output and its input. */
export function lspClient(fromServer: Readable, toServer: Writable): Pick<LspSession, 'connection' | 'diagnostics'> {
  const connection = createProtocolConnection(new StreamMessageReader(fromServer), new StreamMessageWriter(toServer));
  const latest = new Map<string, PublishDiagnosticsParams>();
  const waiting: { uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    latest.set(params.uri, params);
    for (const waiter of [...waiting]) {
      if (waiter.uri !== params.uri || !waiter.accept(params)) continue;
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve(params);
    }
  });
  connection.listen();
  return {
    connection,
    diagnostics: (uri, accept = () => true) =>
      new Promise((resolve) => {
        const seen = latest.get(uri);
        if (seen && accept(seen)) resolve(seen);
        else waiting.push({ uri, accept, resolve });
      }),
  };
}
