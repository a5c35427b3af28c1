/**
 * Every AWS response passes through here before the SDK reads it. The SDK turns an empty or HTML HTTP 200
 * into an empty result (`{}`, no error), so a proxy's error page or a cut connection would be recorded as an
 * account with nothing in it; an HTML 500 becomes an error named "Unknown". These middlewares keep the raw
 * status, content type and body, refuse a 2xx that is not the response the API promises, and give failures
 * a description of what actually came back.
 */
import type { IAMClient } from '@aws-sdk/client-iam';

/** What came back on the wire, kept for checks and for describing failures. */
export interface RawResponse {
  readonly status: number;
  readonly contentType: string;
  /** The body as text (possibly empty). */
  readonly text: string;
}

/** A 2xx response that is not the response the API promises (empty, not XML/JSON, cut off, fields missing). */
export class MalformedResponse extends Error {
  override readonly name = 'MalformedResponse';
  readonly $metadata: { readonly httpStatusCode: number };
  constructor(message: string, status: number) {
    super(message);
    this.$metadata = { httpStatusCode: status };
  }
}

// Fields AWS always returns for the calls the collector makes: the point of each call. Lists are present
// even when empty (`<Users/>`, `"Accounts": []`). A response without them is not that call's answer.
const PROMISED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  GetCallerIdentity: ['Account', 'Arn'],
  AssumeRole: ['Credentials'],
  GenerateCredentialReport: ['State'],
  GetCredentialReport: ['Content'],
  GetAccountAuthorizationDetails: ['IsTruncated'],
  GetAccountSummary: ['SummaryMap'],
  GetAccountPasswordPolicy: ['PasswordPolicy'],
  ListVirtualMFADevices: ['VirtualMFADevices'],
  ListSAMLProviders: ['SAMLProviderList'],
  ListOpenIDConnectProviders: ['OpenIDConnectProviderList'],
  ListAccountAliases: ['AccountAliases'],
  DescribeOrganization: ['Organization'],
  ListRoots: ['Roots'],
  ListOrganizationalUnitsForParent: ['OrganizationalUnits'],
  ListChildren: ['Children'],
  ListAccounts: ['Accounts'],
  ListParents: ['Parents'],
  ListPolicies: ['Policies'],
  DescribePolicy: ['Policy'],
  ListTargetsForPolicy: ['Targets'],
  ListDelegatedAdministrators: ['DelegatedAdministrators'],
  ListDelegatedServicesForAccount: ['DelegatedServices'],
  ListInstances: ['Instances'],
  ListPermissionSets: ['PermissionSets'],
  DescribePermissionSet: ['PermissionSet'],
  ListManagedPoliciesInPermissionSet: ['AttachedManagedPolicies'],
  ListCustomerManagedPolicyReferencesInPermissionSet: ['CustomerManagedPolicyReferences'],
  GetPermissionsBoundaryForPermissionSet: ['PermissionsBoundary'],
  ListAccountsForProvisionedPermissionSet: ['AccountIds'],
  ListAccountAssignments: ['AccountAssignments'],
  ListUsers: ['Users'],
  ListGroups: ['Groups'],
  ListGroupMemberships: ['GroupMemberships'],
  ListAnalyzers: ['analyzers'],
  ListFindings: ['findings'],
  ListFindingsV2: ['findings'],
};

const RAW = Symbol('guardRawResponse');
const SNIPPET = 120;

interface Stack {
  readonly middlewareStack: IAMClient['middlewareStack'];
}
type Context = Record<string | symbol, unknown>;

/**
 * How a service's 2xx bodies are told apart: `auto` reads the request (AWS JSON carries `x-amz-target`,
 * the Query protocol answers XML); REST-JSON services (Access Analyzer) carry neither and answer JSON.
 */
export type ResponseProtocol = 'auto' | 'rest-json';

/** Adds the checks to a client's stack. */
export function checkResponses(client: { readonly middlewareStack: unknown }, protocol: ResponseProtocol = 'auto'): void {
  // The stacks differ only in their input/output unions, which these middlewares read loosely.
  const stack = (client as unknown as Stack).middlewareStack;
  // Innermost in the deserialize step, next to the HTTP handler: sees the raw response before the SDK parses it.
  stack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const response = result.response as { statusCode?: number; headers?: Record<string, string>; body?: unknown };
      const bytes = await readBody(response.body);
      // The SDK reads a byte array as readily as a stream.
      response.body = bytes;
      const raw: RawResponse = {
        status: response.statusCode ?? 0,
        contentType: headerValue(response.headers, 'content-type'),
        text: new TextDecoder('utf-8').decode(bytes),
      };
      (context as Context)[RAW] = raw;
      const operation = operationOf(context);
      if (raw.status >= 200 && raw.status < 300) {
        const request = args.request as { headers?: Record<string, string> };
        const json = protocol === 'rest-json' || headerValue(request.headers, 'x-amz-target') !== '';
        const problem = json ? jsonEnvelopeProblem(raw.text) : queryEnvelopeProblem(raw.text, operation);
        if (problem !== undefined) throw new MalformedResponse(`${operation} answered ${describeRaw(raw)}: ${problem}`, raw.status);
      }
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'guardReadRawResponse' },
  );
  // Outermost in the deserialize step: sees the SDK's result or error, with the raw response at hand.
  stack.add(
    (next, context) => async (args) => {
      try {
        const result = await next(args);
        const operation = operationOf(context);
        const output = (result.output ?? {}) as unknown as Record<string, unknown>;
        const missing = (PROMISED_FIELDS[operation] ?? []).filter((field) => output[field] === undefined);
        const raw = (context as Context)[RAW] as RawResponse | undefined;
        if (missing.length > 0 && raw !== undefined) {
          throw new MalformedResponse(`${operation} answered ${describeRaw(raw)} without ${missing.map((f) => `\`${f}\``).join(', ')}`, raw.status);
        }
        return result;
      } catch (caught) {
        const raw = (context as Context)[RAW];
        if (typeof caught === 'object' && caught !== null && raw !== undefined && !('$guardResponse' in caught)) {
          Object.defineProperty(caught, '$guardResponse', { value: raw, enumerable: false });
        }
        throw caught;
      }
    },
    { step: 'deserialize', priority: 'high', name: 'guardCheckResponse' },
  );
}

/** "HTTP 500 (text/html): `Bad gateway ...`": status, content type and a short cleaned snippet of the body. */
export function describeRaw(raw: RawResponse): string {
  const type = raw.contentType === '' ? 'no content type' : raw.contentType;
  const snippet = cleanSnippet(raw.text);
  return `HTTP ${raw.status} (${type}) with ${snippet === '' ? 'an empty body' : `\`${snippet}\``}`;
}

/** Text of the body without markup or control characters, on one line, at most a hundred-odd characters. */
export function cleanSnippet(text: string): string {
  // The start is enough for a snippet, and bounds the work on a large body.
  const flat = text
    .slice(0, 4000)
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    // Control characters and backticks would garble a terminal line or the quoting.
    .replace(/[\u0000-\u001f\u007f-\u009f`]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > SNIPPET ? `${flat.slice(0, SNIPPET - 1)}…` : flat;
}

function queryEnvelopeProblem(text: string, operation: string): string | undefined {
  const body = text.trim().replace(/^<\?xml[^>]*\?>\s*/, '');
  if (body === '') return 'the body is empty';
  if (!body.startsWith(`<${operation}Response`)) return `the body is not an XML ${operation}Response`;
  if (!body.endsWith(`</${operation}Response>`)) return 'the body is cut off';
  return undefined;
}

function jsonEnvelopeProblem(text: string): string | undefined {
  const body = text.trim();
  if (body === '') return 'the body is empty';
  if (!body.startsWith('{')) return 'the body is not a JSON object';
  if (!body.endsWith('}')) return 'the body is cut off';
  return undefined;
}

function operationOf(context: unknown): string {
  const name = (context as { commandName?: unknown }).commandName;
  return typeof name === 'string' ? name.replace(/Command$/, '') : 'Unknown';
}

function headerValue(headers: Record<string, string> | undefined, name: string): string {
  if (headers === undefined) return '';
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return String(value);
  return '';
}

async function readBody(body: unknown): Promise<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array();
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string') return new TextEncoder().encode(body);
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
  return Buffer.concat(chunks);
}
