import { describe, expect, it } from 'vitest';
import { toJson } from '../../src/collect/json-value.ts';

describe('toJson', () => {
  it('drops SDK bookkeeping and binary fields, and writes dates as ISO strings', () => {
    const response = {
      $metadata: { httpStatusCode: 200, requestId: 'r' },
      VirtualMFADevices: [{ SerialNumber: 'arn:aws:iam::1:mfa/a', Base32StringSeed: new Uint8Array([1, 2]), QRCodePNG: new Uint8Array([3]), EnableDate: new Date('2026-01-02T03:04:05Z') }],
      Missing: undefined,
      Count: Number.NaN,
    };
    expect(toJson(response)).toEqual({ VirtualMFADevices: [{ SerialNumber: 'arn:aws:iam::1:mfa/a', EnableDate: '2026-01-02T03:04:05.000Z' }], Count: null });
  });
});
