/**
 * A small HTTP proxy in front of moto that injects the faults real AWS produces and moto cannot:
 * throttling, AccessDenied, HTTP 5xx, truncated pages (IsTruncated/Marker for IAM's XML, NextToken for
 * Organizations' JSON) and stalls. It also records every call (service and action) it sees, which is how
 * the tests count API calls and check them against docs/collector-policy.json. Loopback only.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface CallInfo {
  /** The signing name from the SigV4 credential scope: `iam`, `sts`, `organizations`. */
  readonly service: string;
  /** The API action: `GetAccountAuthorizationDetails`, `ListAccounts`, ... */
  readonly action: string;
  readonly accessKeyId: string;
  /** The decoded request parameters (form fields or JSON body). */
  readonly params: Readonly<Record<string, unknown>>;
}

export interface RecordedCall extends CallInfo {
  readonly status: number;
  /** The fault injected, or null when moto answered as is. */
  readonly fault: Fault['kind'] | null;
}

export type Fault =
  /** Throttling error (`Throttling` for IAM/STS, `TooManyRequestsException` for Organizations). */
  | { readonly kind: 'throttle' }
  | { readonly kind: 'access-denied' }
  /** A 5xx with an AWS error body. */
  | { readonly kind: 'server-error'; readonly status?: number }
  /** Answer from moto, cut into pages of `pageSize` items (moto itself never truncates some of these). */
  | { readonly kind: 'paginate'; readonly pageSize: number }
  /** Never answer (until the proxy closes): for interrupt and timeout tests. */
  | { readonly kind: 'stall' }
  /** Answer from moto, but send only the headers and the first half of the body, then go quiet. */
  | { readonly kind: 'stall-body' }
  /** Answer from moto cut to its first half, sent as a complete HTTP response (a body truncated upstream). */
  | { readonly kind: 'truncate' }
  /** A canned answer (e.g. a credential report still being generated, an HTML error page from a proxy). */
  | { readonly kind: 'reply'; readonly status: number; readonly body: string; readonly contentType?: string };

export interface FaultRule {
  readonly service: string;
  readonly action: string;
  readonly fault: Fault;
  /** Only for the first `times` matching requests (default: all). */
  readonly times?: number;
  /** Further narrowing, e.g. one account's AssumeRole. */
  readonly when?: (call: CallInfo) => boolean;
}

export interface FaultProxy {
  readonly endpoint: string;
  readonly calls: RecordedCall[];
  setRules(rules: readonly FaultRule[]): void;
  clearCalls(): void;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  let rules: { rule: FaultRule; used: number }[] = [];
  const calls: RecordedCall[] = [];
  const stalled = new Set<ServerResponse>();

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((caught: unknown) => {
      res.writeHead(599).end(String(caught));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const call = describeCall(req, body);
    const entry = rules.find(({ rule, used }) => rule.service === call.service && rule.action === call.action && (rule.times === undefined || used < rule.times) && (rule.when?.(call) ?? true));
    if (entry !== undefined) entry.used++;
    const fault = entry?.rule.fault;
    const json = isJsonProtocol(req);
    const record = (status: number): void => void calls.push({ ...call, status, fault: fault?.kind ?? null });

    switch (fault?.kind) {
      case undefined: {
        const upstream = await forward(target, req, body);
        record(upstream.status);
        res.writeHead(upstream.status, upstream.headers).end(upstream.body);
        return;
      }
      case 'throttle': {
        const status = 400;
        record(status);
        sendError(res, json, status, json ? 'TooManyRequestsException' : 'Throttling', 'Rate exceeded');
        return;
      }
      case 'access-denied': {
        const status = json ? 400 : 403;
        record(status);
        const who = `arn:aws:sts::${call.accessKeyId === 'testing' ? '123456789012' : '000000000000'}:assumed-role/audit/guard`;
        sendError(res, json, status, json ? 'AccessDeniedException' : 'AccessDenied', `User: ${who} is not authorized to perform: ${call.service}:${call.action}`);
        return;
      }
      case 'server-error': {
        const status = fault.status ?? 503;
        record(status);
        sendError(res, json, status, status === 503 ? 'ServiceUnavailable' : 'InternalFailure', 'We encountered an internal error. Please try again.');
        return;
      }
      case 'paginate': {
        const upstream = await forward(target, req, json ? stripJsonPaging(body) : stripFormPaging(body));
        record(upstream.status);
        const paged = upstream.status === 200 ? (json ? pageJson(upstream.body, call.params, fault.pageSize) : pageXml(upstream.body, call.action, call.params, fault.pageSize)) : upstream.body;
        res.writeHead(upstream.status, { 'content-type': upstream.headers['content-type'] ?? 'text/xml' }).end(paged);
        return;
      }
      case 'stall':
        record(0);
        stalled.add(res);
        return;
      case 'stall-body':
      case 'truncate': {
        const upstream = await forward(target, req, body);
        record(upstream.status);
        const half = upstream.body.subarray(0, Math.floor(upstream.body.length / 2));
        if (fault.kind === 'truncate') {
          res.writeHead(upstream.status, upstream.headers).end(half);
          return;
        }
        res.writeHead(upstream.status, { ...upstream.headers, 'content-length': String(upstream.body.length) });
        res.write(half);
        stalled.add(res);
        return;
      }
      case 'reply':
        record(fault.status);
        res.writeHead(fault.status, { 'content-type': fault.contentType ?? (json ? 'application/x-amz-json-1.1' : 'text/xml'), 'x-amzn-requestid': 'guard-fault-proxy' }).end(fault.body);
        return;
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    setRules: (next) => {
      rules = next.map((rule) => ({ rule, used: 0 }));
    },
    clearCalls: () => {
      calls.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of stalled) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function isJsonProtocol(req: IncomingMessage): boolean {
  return typeof req.headers['x-amz-target'] === 'string' || restAction(req) !== undefined;
}

// REST-JSON calls (Access Analyzer) name their action by method and path, as its API reference gives them.
const REST_ACTIONS: Readonly<Record<string, string>> = { 'GET /analyzer': 'ListAnalyzers', 'POST /finding': 'ListFindings', 'POST /findingv2': 'ListFindingsV2' };

function restAction(req: IncomingMessage): string | undefined {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  return REST_ACTIONS[`${req.method ?? 'GET'} ${path}`];
}

function describeCall(req: IncomingMessage, body: Buffer): CallInfo {
  const authorization = String(req.headers['authorization'] ?? '');
  const scope = /Credential=([^/]+)\/[^/]+\/[^/]+\/([^/]+)\/aws4_request/.exec(authorization);
  const service = scope?.[2] ?? 'unknown';
  const accessKeyId = scope?.[1] ?? '';
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') {
    let params: Record<string, unknown> = {};
    try {
      params = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      // leave empty
    }
    return { service, accessKeyId, action: target.split('.').pop() ?? target, params };
  }
  const rest = restAction(req);
  if (rest !== undefined) {
    let params: Record<string, unknown> = {};
    try {
      params = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      // leave empty
    }
    return { service, accessKeyId, action: rest, params };
  }
  const form = new URLSearchParams(body.toString('utf8'));
  return { service, accessKeyId, action: form.get('Action') ?? 'Unknown', params: Object.fromEntries(form) };
}

export interface Upstream {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/** The request as moto (or another upstream) answers it, read whole. */
export function forward(target: string, req: IncomingMessage, body: Buffer): Promise<Upstream> {
  const url = new URL(req.url ?? '/', target);
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[key] = value;
  headers['content-length'] = String(body.length);
  headers['host'] = url.host;
  return new Promise((resolve, reject) => {
    // A fresh connection per request: a kept-alive socket that moto has closed would fail the call.
    const upstream = httpRequest(url, { method: req.method ?? 'POST', headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const out: Record<string, string> = {};
        for (const [key, value] of Object.entries(response.headers)) {
          if (typeof value === 'string' && key !== 'content-length' && key !== 'transfer-encoding' && key !== 'connection') out[key] = value;
        }
        resolve({ status: response.statusCode ?? 502, headers: out, body: Buffer.concat(chunks) });
      });
      response.on('error', reject);
    });
    upstream.on('error', reject);
    upstream.end(body);
  });
}

function sendError(res: ServerResponse, json: boolean, status: number, code: string, message: string): void {
  if (json) {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'guard-fault-proxy' });
    res.end(JSON.stringify({ __type: code, message }));
    return;
  }
  res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': 'guard-fault-proxy' });
  res.end(
    `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type>` +
      `<Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>guard-fault-proxy</RequestId></ErrorResponse>`,
  );
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// ---- pagination: IAM (query protocol, XML) -------------------------------------------------------------

const MARKER_PREFIX = 'fault-proxy-page-';

function stripFormPaging(body: Buffer): Buffer {
  const form = new URLSearchParams(body.toString('utf8'));
  form.delete('Marker');
  form.delete('MaxItems');
  return Buffer.from(form.toString());
}

function pageIndex(token: unknown): number {
  return typeof token === 'string' && token.startsWith(MARKER_PREFIX) ? Number(token.slice(MARKER_PREFIX.length)) : 0;
}

interface Element {
  readonly name: string;
  /** Offsets of the whole element and of its content within the scanned text. */
  readonly start: number;
  readonly end: number;
  readonly innerStart: number;
  readonly innerEnd: number;
}

/** The direct children of an XML fragment (tags only; text between them is ignored). */
function childElements(xml: string): Element[] {
  const children: Element[] = [];
  const tag = /<(\/?)([A-Za-z_][\w.-]*)[^>]*?(\/?)>/g;
  let depth = 0;
  let open: { name: string; start: number; innerStart: number } | undefined;
  for (let match = tag.exec(xml); match !== null; match = tag.exec(xml)) {
    const [whole, closing, name = '', selfClosing] = match;
    if (closing === '/') {
      depth--;
      if (depth === 0 && open !== undefined) {
        children.push({ name, start: open.start, end: match.index + whole.length, innerStart: open.innerStart, innerEnd: match.index });
        open = undefined;
      }
    } else if (selfClosing === '/') {
      if (depth === 0) children.push({ name, start: match.index, end: match.index + whole.length, innerStart: match.index, innerEnd: match.index });
    } else {
      if (depth === 0) open = { name, start: match.index, innerStart: match.index + whole.length };
      depth++;
    }
  }
  return children;
}

/** Cuts an IAM list response into pages: every list in the result shares one running item count. */
function pageXml(body: Buffer, action: string, params: Readonly<Record<string, unknown>>, pageSize: number): Buffer {
  const xml = body.toString('utf8');
  const open = `<${action}Result>`;
  const close = `</${action}Result>`;
  const from = xml.indexOf(open);
  const to = xml.indexOf(close);
  if (from < 0 || to < 0) return body;
  const result = xml.slice(from + open.length, to);
  const children = childElements(result);
  const lists = children.filter(
    (child) => child.name !== 'IsTruncated' && child.name !== 'Marker' && (child.innerStart === child.innerEnd || result.slice(child.innerStart, child.innerEnd).trimStart().startsWith('<member')),
  );
  const others = children.filter((child) => !lists.includes(child) && child.name !== 'IsTruncated' && child.name !== 'Marker');
  const items = lists.flatMap((list) =>
    childElements(result.slice(list.innerStart, list.innerEnd)).map((member) => ({ list: list.name, xml: result.slice(list.innerStart, list.innerEnd).slice(member.start, member.end) })),
  );
  const page = pageIndex(params['Marker']);
  const slice = items.slice(page * pageSize, (page + 1) * pageSize);
  const truncated = (page + 1) * pageSize < items.length;
  let out = others.map((other) => result.slice(other.start, other.end)).join('');
  for (const list of lists)
    out += `<${list.name}>${slice
      .filter((item) => item.list === list.name)
      .map((item) => item.xml)
      .join('')}</${list.name}>`;
  out += `<IsTruncated>${truncated}</IsTruncated>`;
  if (truncated) out += `<Marker>${MARKER_PREFIX}${page + 1}</Marker>`;
  return Buffer.from(xml.slice(0, from + open.length) + out + xml.slice(to));
}

// ---- pagination: Organizations (JSON protocol) ------------------------------------------------------

function stripJsonPaging(body: Buffer): Buffer {
  const params = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
  delete params['NextToken'];
  delete params['MaxResults'];
  return Buffer.from(JSON.stringify(params));
}

function pageJson(body: Buffer, params: Readonly<Record<string, unknown>>, pageSize: number): Buffer {
  const response = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  const key = Object.keys(response).find((k) => Array.isArray(response[k]));
  if (key === undefined) return body;
  const items = response[key] as unknown[];
  const page = pageIndex(params['NextToken']);
  const truncated = (page + 1) * pageSize < items.length;
  const out: Record<string, unknown> = { ...response, [key]: items.slice(page * pageSize, (page + 1) * pageSize) };
  delete out['NextToken'];
  if (truncated) out['NextToken'] = `${MARKER_PREFIX}${page + 1}`;
  return Buffer.from(JSON.stringify(out));
}
