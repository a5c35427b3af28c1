import { describe, expect, it } from 'vitest';
import { describeAwsError, isAccessDenied } from '../../src/collect/aws-error.ts';

/** Shapes of what the SDK throws, as observed against AWS and moto. */
const sdkError = (fields: Record<string, unknown>): Error => Object.assign(new Error(String(fields['message'] ?? '')), fields);

describe('describeAwsError', () => {
  it('uses the wire code of a query-protocol (IAM, STS) error', () => {
    const error = sdkError({ name: 'NoSuchEntityException', Code: 'NoSuchEntity', message: 'The Password Policy cannot be found.', $metadata: { httpStatusCode: 404 } });
    expect(describeAwsError(error)).toEqual({ code: 'NoSuchEntity', message: 'The Password Policy cannot be found.', status: 404 });
  });

  it('uses the exception name of a JSON-protocol (Organizations) error', () => {
    const error = sdkError({ name: 'AccessDeniedException', message: "You don't have permissions", $metadata: { httpStatusCode: 400 } });
    expect(describeAwsError(error)).toMatchObject({ code: 'AccessDeniedException', status: 400 });
    expect(isAccessDenied(describeAwsError(error))).toBe(true);
  });

  it('says what came back for an error the SDK names "Unknown" (an HTML page from a proxy)', () => {
    const error = sdkError({ name: 'Unknown', message: 'Unknown', $fault: 'server', $metadata: { httpStatusCode: 502 } });
    Object.defineProperty(error, '$guardResponse', {
      value: { status: 502, contentType: 'text/html; charset=utf-8', text: '<html><script>x()</script><body>\n<h1>Bad `gateway`</h1>\u0007</body></html>' },
    });
    expect(describeAwsError(error)).toEqual({
      code: 'BadGateway',
      message: 'HTTP 502 (text/html; charset=utf-8) with `Bad gateway`, which is not an AWS error response (does the endpoint implement this call?)',
      status: 502,
    });
  });

  it('names the flag when an attempt timed out', () => {
    const error = sdkError({
      name: 'TimeoutError',
      message: '@smithy/node-http-handler - [ERROR] a request has exceeded the configured 1000 ms requestTimeout.',
      $metadata: { attempts: 3 },
    });
    expect(describeAwsError(error)).toEqual({
      code: 'TimeoutError',
      message: 'no response within --call-timeout (3 attempts): a request has exceeded the configured 1000 ms requestTimeout.',
      status: null,
    });
  });

  it('turns an HTML 500 page (an emulator without the call) into InternalFailure with a one-line message', () => {
    const error = sdkError({
      name: 'Error',
      message: 'Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.',
      $metadata: { httpStatusCode: 500 },
      $responseBodyText: '<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>',
    });
    const failure = describeAwsError(error);
    expect(failure.code).toBe('InternalFailure');
    expect(failure.message).toMatch(/^HTTP 500 with a body that is not an AWS error response/);
    expect(failure.message).not.toContain('\n');
  });

  it('reads an XML error that arrived where JSON was expected (moto Organizations denials)', () => {
    const error = sdkError({
      name: 'SyntaxError',
      message: 'Unexpected token <',
      $metadata: { httpStatusCode: 403 },
      $responseBodyText: '<ErrorResponse><Error><Code>AccessDeniedException</Code><Message>not the management account</Message></Error></ErrorResponse>',
    });
    expect(describeAwsError(error)).toEqual({ code: 'AccessDeniedException', message: 'not the management account', status: 403 });
  });

  it('falls back to the HTTP status when the body says nothing', () => {
    expect(describeAwsError(sdkError({ name: 'Error', message: 'x', $metadata: { httpStatusCode: 403 }, $responseBodyText: '' })).code).toBe('AccessDenied');
    expect(describeAwsError(sdkError({ name: 'UnknownError', message: 'x', $metadata: { httpStatusCode: 418 } })).code).toBe('HTTP418');
  });

  it('keeps the system code of a network failure', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED', $metadata: {} });
    expect(describeAwsError(error)).toMatchObject({ code: 'ECONNREFUSED', status: null });
  });

  it('names a missing credential chain by its error name', () => {
    const error = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    expect(describeAwsError(error).code).toBe('CredentialsProviderError');
  });

  it('never throws, whatever was thrown', () => {
    for (const thrown of [undefined, null, 42, 'text', {}, [], Symbol('s')]) expect(() => describeAwsError(thrown)).not.toThrow();
    expect(describeAwsError('boom')).toEqual({ code: 'UnknownError', message: 'boom', status: null });
  });

  it('caps very long messages to one short line', () => {
    const failure = describeAwsError(sdkError({ name: 'X', message: 'word '.repeat(500) }));
    expect(failure.message.length).toBeLessThanOrEqual(300);
  });
});
