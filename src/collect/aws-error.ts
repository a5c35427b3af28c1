import { describeRaw, type RawResponse } from './response-check.ts';

/** An AWS call that failed, reduced to what a snapshot's `errors` entry and a stderr line need. */
export interface AwsFailure {
  /** AWS's error code (`AccessDenied`, `Throttling`, ...), or a stand-in derived from the HTTP status. */
  readonly code: string;
  /** One line, never a stack trace. */
  readonly message: string;
  /** The HTTP status of the response, when there was one. */
  readonly status: number | null;
}

// Names the SDK gives an error whose body it could not read as an AWS error (an HTML 500 page,
// an XML body where JSON was expected): the code then comes from the body or the status.
// `Unknown` is what it names an error response (an HTML page from a proxy) in which it found no code at all.
const UNPARSED_NAMES = new Set(['Error', 'Unknown', 'UnknownError', 'SyntaxError', 'TypeError']);

const STATUS_CODES: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'AccessDenied',
  404: 'NotFound',
  429: 'Throttling',
  500: 'InternalFailure',
  501: 'NotImplemented',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

const MAX_MESSAGE = 300;

/** Turns whatever an SDK call threw into an `AwsFailure`; never throws. */
export function describeAwsError(caught: unknown): AwsFailure {
  if (!isRecord(caught)) return { code: 'UnknownError', message: oneLine(String(caught)), status: null };
  const status = statusOf(caught);
  const name = stringField(caught, 'name') ?? 'Error';
  const rawMessage = stringField(caught, 'message') ?? '';
  // The raw response, as src/collect/response-check.ts kept it; the SDK's own copy when it has one.
  const raw = rawResponse(caught);
  const body = stringField(caught, '$responseBodyText') ?? raw?.text;
  // Node network errors (ECONNREFUSED, ENOTFOUND) carry their code in `code`.
  const systemCode = stringField(caught, 'code');

  if (UNPARSED_NAMES.has(name) && status !== null) {
    const fromBody = body === undefined ? undefined : codeInBody(body);
    const code = fromBody ?? (status >= 200 && status < 300 ? 'MalformedResponse' : (STATUS_CODES[status] ?? `HTTP${status}`));
    const what = raw === undefined ? `HTTP ${status} with a body that is` : `${describeRaw(raw)}, which is`;
    const message = body === undefined ? rawMessage : (messageInBody(body) ?? `${what} not an AWS error response (does the endpoint implement this call?)`);
    return { code, message: oneLine(message), status };
  }
  if (UNPARSED_NAMES.has(name) && systemCode !== undefined) {
    return { code: systemCode, message: oneLine(rawMessage), status };
  }
  if (name === 'TimeoutError') {
    // The SDK's wording names its own package and option; say which flag bounds it.
    const detail = rawMessage.replace(/^@smithy\/node-http-handler - (\[ERROR\] )?/, '');
    return { code: name, message: oneLine(`no response within --call-timeout${attemptsOf(caught)}: ${detail}`), status };
  }
  const code = stringField(caught, 'Code') ?? name;
  return { code, message: oneLine(rawMessage === '' ? code : rawMessage), status };
}

/** Whether the failure means the caller lacks a permission (or the account cannot make this call). */
export function isAccessDenied(failure: AwsFailure): boolean {
  return /AccessDenied|UnauthorizedOperation|NotAuthorized/i.test(failure.code) || failure.status === 403;
}

function attemptsOf(error: Readonly<Record<string, unknown>>): string {
  const metadata = error['$metadata'];
  const attempts = isRecord(metadata) ? metadata['attempts'] : undefined;
  return typeof attempts === 'number' && attempts > 1 ? ` (${attempts} attempts)` : '';
}

function rawResponse(error: Readonly<Record<string, unknown>>): RawResponse | undefined {
  const raw = error['$guardResponse'];
  return isRecord(raw) && typeof raw['status'] === 'number' && typeof raw['text'] === 'string' && typeof raw['contentType'] === 'string'
    ? { status: raw['status'], text: raw['text'], contentType: raw['contentType'] }
    : undefined;
}

function statusOf(error: Readonly<Record<string, unknown>>): number | null {
  const metadata = error['$metadata'];
  if (isRecord(metadata) && typeof metadata['httpStatusCode'] === 'number') return metadata['httpStatusCode'];
  const response = error['$response'];
  if (isRecord(response) && typeof response['statusCode'] === 'number') return response['statusCode'];
  return null;
}

function codeInBody(body: string): string | undefined {
  const xml = /<Code>([^<]+)<\/Code>/.exec(body);
  if (xml?.[1]) return xml[1].trim();
  const json = /"__type"\s*:\s*"(?:[^"#]*#)?([^"]+)"/.exec(body);
  if (json?.[1]) return json[1].trim();
  return undefined;
}

function messageInBody(body: string): string | undefined {
  const xml = /<Message>([^<]*)<\/Message>/.exec(body);
  if (xml?.[1] !== undefined) return xml[1].trim();
  const json = /"[Mm]essage"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(body);
  if (json?.[1] !== undefined) return json[1];
  return undefined;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_MESSAGE ? `${flat.slice(0, MAX_MESSAGE - 1)}…` : flat;
}

function stringField(record: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null;
}
