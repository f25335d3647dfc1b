import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeCheckRequest,
  decodeCheckResponse,
  decodeListResponse,
  encodeCheckRequest,
  encodeCheckResponse,
  encodeListResponse,
} from '../../src/probe-worker/grpc-health-codec.js';

describe('grpc.health.v1 wire format', () => {
  it('writes the bytes protocol buffers writes: field 1 as a string, the status as a varint, defaults left out', () => {
    assert.deepEqual([...encodeCheckRequest({ service: 'db' })], [0x0a, 2, 0x64, 0x62]);
    assert.deepEqual([...encodeCheckRequest({ service: '' })], []);
    assert.deepEqual([...encodeCheckResponse({ status: 'NOT_SERVING' })], [0x08, 2]);
    assert.deepEqual([...encodeCheckResponse({ status: 'UNKNOWN' })], []);
    assert.deepEqual([...encodeListResponse({ statuses: { a: { status: 'SERVING' } } })], [0x0a, 7, 0x0a, 1, 0x61, 0x12, 2, 0x08, 1]);
  });

  it('reads back what it writes, names longer than one length byte included, and skips unknown fields', () => {
    const long = 'x'.repeat(300);
    assert.deepEqual(decodeCheckRequest(encodeCheckRequest({ service: long })), { service: long });
    // An unknown varint field 2 and a fixed32 field 3 around the service name.
    assert.deepEqual(decodeCheckRequest(Buffer.from([0x10, 0x96, 0x01, 0x0a, 1, 0x7a, 0x1d, 1, 2, 3, 4])), { service: 'z' });
    for (const status of ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'] as const) {
      assert.deepEqual(decodeCheckResponse(encodeCheckResponse({ status })), { status });
    }
    const statuses = { '': { status: 'SERVING' }, readiness: { status: 'NOT_SERVING' }, [long]: { status: 'SERVING' } } as const;
    assert.deepEqual(decodeListResponse(encodeListResponse({ statuses })), { statuses });
  });

  it('refuses a truncated message', () => {
    assert.throws(() => decodeCheckRequest(Buffer.from([0x0a, 5, 0x61])), /truncated/);
  });
});
