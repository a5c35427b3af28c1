/**
 * A small IAM Access Analyzer on 127.0.0.1, since moto has none: it speaks the REST-JSON protocol of the
 * three read calls the collector makes, as AWS's API reference documents them (`GET /analyzer`,
 * `POST /finding`, `POST /findingv2`, `nextToken` paging, errors as `x-amzn-ErrorType` plus a JSON
 * body), one data set per region (the region of the SigV4 credential scope). Every other request is
 * forwarded to `upstream` (moto), so a whole `guard snapshot` can run against it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { forward, readBody } from './aws-fault-proxy.ts';

export interface FakeFinding {
  readonly [key: string]: unknown;
  readonly id: string;
  readonly status: string;
}

export type FakeRegion =
  | {
      readonly kind: 'ok';
      readonly analyzers: readonly { readonly [key: string]: unknown; readonly arn: string; readonly type: string }[];
      /** By analyzer ARN. */
      readonly findings: Readonly<Record<string, readonly FakeFinding[]>>;
      /** Items per page (AWS's own default is larger; small here to exercise nextToken). */
      readonly pageSize: number;
      /** Calls answered with this error instead (e.g. findings denied while analyzers are listed). */
      readonly deny?: readonly string[];
    }
  /** Every call fails with this error: AccessDenied from an SCP, or a region that is not enabled. */
  | { readonly kind: 'error'; readonly status: number; readonly code: string; readonly message: string };

export interface FakeCall {
  readonly region: string;
  readonly action: string;
  readonly nextToken: string | undefined;
  readonly body: Readonly<Record<string, unknown>>;
}

export interface FakeAccessAnalyzer {
  readonly endpoint: string;
  readonly calls: FakeCall[];
  close(): Promise<void>;
}

export async function startFakeAccessAnalyzer(upstream: string, regions: Readonly<Record<string, FakeRegion>>): Promise<FakeAccessAnalyzer> {
  const calls: FakeCall[] = [];
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((caught: unknown) => res.writeHead(599).end(String(caught)));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const scope = /Credential=[^/]+\/[^/]+\/([^/]+)\/([^/]+)\/aws4_request/.exec(String(req.headers['authorization'] ?? ''));
    if (scope?.[2] !== 'access-analyzer') {
      const answer = await forward(upstream, req, body);
      res.writeHead(answer.status, answer.headers).end(answer.body);
      return;
    }
    const region = scope[1] ?? '';
    const url = new URL(req.url ?? '/', 'http://fake');
    const action = `${req.method} ${url.pathname}`;
    const params = body.length === 0 ? {} : (JSON.parse(body.toString('utf8')) as Record<string, unknown>);
    const name = ({ 'GET /analyzer': 'ListAnalyzers', 'POST /finding': 'ListFindings', 'POST /findingv2': 'ListFindingsV2' } as Record<string, string>)[action];
    const nextToken = url.searchParams.get('nextToken') ?? (typeof params['nextToken'] === 'string' ? params['nextToken'] : undefined);
    calls.push({ region, action: name ?? action, nextToken, body: params });
    const data = regions[region];
    if (name === undefined) return sendError(res, 404, 'UnknownOperationException', `no such operation: ${action}`);
    if (data === undefined) return sendError(res, 403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    if (data.kind === 'error') return sendError(res, data.status, data.code, data.message);
    if (data.deny?.includes(name)) return sendError(res, 403, 'AccessDeniedException', `User is not authorized to perform: access-analyzer:${name}`);
    if (name === 'ListAnalyzers') return sendPage(res, 'analyzers', data.analyzers, nextToken, data.pageSize);
    const analyzerArn = String(params['analyzerArn'] ?? '');
    const analyzer = data.analyzers.find((a) => a.arn === analyzerArn);
    if (analyzer === undefined) return sendError(res, 404, 'ResourceNotFoundException', `Analyzer ${analyzerArn} not found`);
    // As AWS: ListFindings serves external-access analyzers only; ListFindingsV2 serves every type.
    if (name === 'ListFindings' && !['ACCOUNT', 'ORGANIZATION'].includes(analyzer.type)) return sendError(res, 400, 'ValidationException', 'ListFindings does not support this analyzer type');
    const wanted = statusFilter(params['filter']);
    const findings = (data.findings[analyzerArn] ?? []).filter((f) => wanted === undefined || wanted.includes(f.status));
    return sendPage(res, 'findings', findings, nextToken, data.pageSize);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function statusFilter(filter: unknown): readonly string[] | undefined {
  if (typeof filter !== 'object' || filter === null) return undefined;
  const status = (filter as Record<string, unknown>)['status'];
  const eq = typeof status === 'object' && status !== null ? (status as Record<string, unknown>)['eq'] : undefined;
  return Array.isArray(eq) ? eq.map(String) : undefined;
}

function sendPage(res: ServerResponse, key: string, items: readonly unknown[], token: string | undefined, pageSize: number): void {
  const start = token === undefined ? 0 : Number(token.replace('page-', ''));
  const next = start + pageSize < items.length ? `page-${start + pageSize}` : undefined;
  res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': 'fake-access-analyzer' });
  res.end(JSON.stringify({ [key]: items.slice(start, start + pageSize), ...(next === undefined ? {} : { nextToken: next }) }));
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': `${code}:http://internal.amazon.com/coral/com.amazonaws.access.analyzer/`, 'x-amzn-requestid': 'fake-access-analyzer' });
  res.end(JSON.stringify({ message }));
}
