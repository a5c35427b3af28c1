import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { IAMClient } from '@aws-sdk/client-iam';
import { IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { STSClient } from '@aws-sdk/client-sts';
import { AdaptiveRetryStrategy } from '@smithy/core/retry';
import { checkResponses, type ResponseProtocol } from './response-check.ts';

/** How to reach AWS: the same settings apply to every client (IAM, STS, Organizations and the regional ones). */
export interface AwsSettings {
  /** `--region`; when absent, the SDK's own resolution (environment, profile), then us-east-1. */
  readonly region: string | undefined;
  /** `--profile`: a named profile from the shared config (keys, SSO, assume-role, process). */
  readonly profile: string | undefined;
  /** `--endpoint-url`: one URL for every service, as the AWS CLI's flag (used to reach an emulator). */
  readonly endpoint: string | undefined;
  /** Attempts per call for throttling; other retryable failures get at most `SERVER_ERROR_ATTEMPTS`. */
  readonly maxAttempts: number;
  /**
   * `--call-timeout`: one HTTP attempt may wait this long for the response to start, and the connection may
   * then sit idle this long while the body arrives; then the attempt fails (and is retried like a 5xx).
   */
  readonly callTimeoutMs: number;
}

/** Temporary or static keys, as AssumeRole returns them. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

export interface AwsClients {
  readonly iam: IAMClient;
  readonly sts: STSClient;
  readonly organizations: OrganizationsClient;
  /** The clients of regional services in `region`, made on first use and destroyed with these. */
  readonly regional: (region: string) => RegionalClients;
}

/** Identity Center (its instance lives in one home region) and Access Analyzer (one per region). */
export interface RegionalClients {
  readonly ssoAdmin: SSOAdminClient;
  readonly identityStore: IdentitystoreClient;
  readonly accessAnalyzer: AccessAnalyzerClient;
}

export type AwsService = 'iam' | 'sts' | 'organizations' | 'sso-admin' | 'identitystore' | 'accessanalyzer';

type AnyClient = IAMClient | STSClient | OrganizationsClient | SSOAdminClient | IdentitystoreClient | AccessAnalyzerClient;

/** Sees every logical API call (`attempt: false`) and every HTTP attempt, retries included (`attempt: true`). */
export type CallObserver = (call: { readonly service: AwsService; readonly operation: string; readonly attempt: boolean }) => void;

// Throttling is expected on large accounts and clears with backoff, so it may use every attempt; a 5xx or a
// network failure that persists past three tries is not going to clear, and waiting longer only hides it.
const SERVER_ERROR_ATTEMPTS = 3;
const CONNECTION_TIMEOUT_MS = 10_000;
const FALLBACK_REGION = 'us-east-1';

/** Finds the region the way the AWS CLI would, falling back to us-east-1 (IAM and Organizations are global). */
export async function resolveRegion(settings: Pick<AwsSettings, 'region' | 'profile'>): Promise<string> {
  if (settings.region !== undefined) return settings.region;
  try {
    // The SDK's own chain (AWS_REGION, AWS_DEFAULT_REGION, the profile's `region`), read through a client.
    const probe = new STSClient(settings.profile === undefined ? {} : { profile: settings.profile });
    const region = await probe.config.region();
    probe.destroy();
    return region;
  } catch {
    return FALLBACK_REGION;
  }
}

/** Builds the three clients; `credentials` replaces the default chain (used for assumed-role sessions). */
export function createAwsClients(settings: AwsSettings, region: string, credentials: AwsCredentials | undefined, observe: CallObserver | undefined): AwsClients {
  // A function, not one object: each client needs its own retry strategy, whose rate limiter tracks that
  // service's throttling (IAM throttling must not slow Organizations down).
  const config = () => ({
    region,
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    ...(settings.profile === undefined || credentials !== undefined ? {} : { profile: settings.profile }),
    ...(credentials === undefined ? {} : { credentials }),
    retryStrategy: retryStrategy(settings.maxAttempts),
    // Without throwOnRequestTimeout the SDK only logs a warning when requestTimeout passes and keeps waiting;
    // requestTimeout ends at the response headers, so socketTimeout bounds a body that stops arriving.
    requestHandler: {
      connectionTimeout: Math.min(CONNECTION_TIMEOUT_MS, settings.callTimeoutMs),
      requestTimeout: settings.callTimeoutMs,
      throwOnRequestTimeout: true,
      socketTimeout: settings.callTimeoutMs,
    },
  });
  const prepare = <C extends AnyClient>(client: C, service: AwsService, protocol: ResponseProtocol): C => {
    checkResponses(client, protocol);
    if (observe !== undefined) observeCalls(client, service, observe);
    return client;
  };
  const regionalByName = new Map<string, RegionalClients>();
  const regional = (name: string): RegionalClients => {
    let made = regionalByName.get(name);
    if (made === undefined) {
      const inRegion = () => ({ ...config(), region: name });
      made = {
        ssoAdmin: prepare(new SSOAdminClient(inRegion()), 'sso-admin', 'auto'),
        identityStore: prepare(new IdentitystoreClient(inRegion()), 'identitystore', 'auto'),
        accessAnalyzer: prepare(new AccessAnalyzerClient(inRegion()), 'accessanalyzer', 'rest-json'),
      };
      regionalByName.set(name, made);
    }
    return made;
  };
  REGIONAL_MADE.set(regional, regionalByName);
  return {
    iam: prepare(new IAMClient(config()), 'iam', 'auto'),
    sts: prepare(new STSClient(config()), 'sts', 'auto'),
    organizations: prepare(new OrganizationsClient(config()), 'organizations', 'auto'),
    regional,
  };
}

// Where destroyAwsClients finds the regional clients made so far.
const REGIONAL_MADE = new WeakMap<AwsClients['regional'], Map<string, RegionalClients>>();

/**
 * The same clients, every call made through them carrying `signal` (a section's deadline): the SDK then
 * stops waiting for a response, between retries, and before a new attempt once it fires.
 */
export function withSignal(clients: AwsClients, signal: AbortSignal): AwsClients {
  return {
    iam: signalled(clients.iam, signal),
    sts: signalled(clients.sts, signal),
    organizations: signalled(clients.organizations, signal),
    regional: (region) => {
      const made = clients.regional(region);
      return { ssoAdmin: signalled(made.ssoAdmin, signal), identityStore: signalled(made.identityStore, signal), accessAnalyzer: signalled(made.accessAnalyzer, signal) };
    },
  };
}

function signalled<C extends AnyClient>(client: C, signal: AbortSignal): C {
  // A proxy keeps the client's own (overloaded) `send` type; only the options it passes on change.
  return new Proxy(client, {
    get(target, key, receiver) {
      if (key !== 'send') return Reflect.get(target, key, receiver);
      return (command: Parameters<C['send']>[0], options?: Record<string, unknown>) => (target.send as (command: unknown, options: unknown) => Promise<unknown>)(command, { ...options, abortSignal: signal });
    },
  });
}

export function destroyAwsClients(clients: AwsClients): void {
  clients.iam.destroy();
  clients.sts.destroy();
  clients.organizations.destroy();
  for (const r of REGIONAL_MADE.get(clients.regional)?.values() ?? []) {
    r.ssoAdmin.destroy();
    r.identityStore.destroy();
    r.accessAnalyzer.destroy();
  }
}

type RetryToken = Parameters<AdaptiveRetryStrategy['refreshRetryTokenForRetry']>[0];
type RetryErrorInfo = Parameters<AdaptiveRetryStrategy['refreshRetryTokenForRetry']>[1];

/** Adaptive retry (client-side rate limiting after throttling), with fewer attempts for non-throttling failures. */
function retryStrategy(maxAttempts: number): AdaptiveRetryStrategy {
  const inner = new AdaptiveRetryStrategy(maxAttempts);
  const refresh = inner.refreshRetryTokenForRetry.bind(inner);
  // Overriding one method keeps the SDK's own type and rate limiter; refusing a retry is done the way the
  // SDK's strategies do it, by throwing, after which the SDK rethrows the call's last error.
  inner.refreshRetryTokenForRetry = async (token: RetryToken, info: RetryErrorInfo) => {
    if (info.errorType !== 'THROTTLING' && token.getRetryCount() + 1 >= Math.min(SERVER_ERROR_ATTEMPTS, maxAttempts)) {
      throw new Error('no retry for this failure');
    }
    return refresh(token, info);
  };
  return inner;
}

interface ObservableClient {
  readonly middlewareStack: IAMClient['middlewareStack'];
}

function observeCalls(client: AnyClient, service: AwsService, observe: CallObserver): void {
  // The stacks differ only in their input/output unions, which these middlewares pass through untouched;
  // a union of stacks has no callable `add`, hence the one view of them.
  const stack = (client as unknown as ObservableClient).middlewareStack;
  stack.add(
    (next, context) => async (args) => {
      observe({ service, operation: operationName(context.commandName), attempt: false });
      return next(args);
    },
    { step: 'initialize', name: 'guardObserveCall' },
  );
  stack.add(
    (next, context) => async (args) => {
      observe({ service, operation: operationName(context.commandName), attempt: true });
      return next(args);
    },
    // Low priority in finalizeRequest sits inside the retry middleware: it runs once per HTTP attempt.
    { step: 'finalizeRequest', priority: 'low', name: 'guardObserveAttempt' },
  );
}

function operationName(commandName: string | undefined): string {
  return (commandName ?? 'Unknown').replace(/Command$/, '');
}
