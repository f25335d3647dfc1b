/**
 * The protocol buffers wire format of the four tiny messages of `grpc.health.v1` (health.proto):
 * `HealthCheckRequest { string service = 1; }`, `HealthCheckResponse { ServingStatus status = 1; }`,
 * `HealthListRequest {}` and `HealthListResponse { map<string, HealthCheckResponse> statuses = 1; }`.
 * Written out here so that serving the health service needs `@grpc/grpc-js` alone: no .proto file
 * to find on disk, no protobuf runtime. Nothing here imports Nest or gRPC.
 */

/** `HealthCheckResponse.ServingStatus`, by name (as `@grpc/proto-loader` shows enums with `enums: String`). */
export type ServingStatus = 'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';

const STATUS_NUMBERS: Readonly<Record<ServingStatus, number>> = { UNKNOWN: 0, SERVING: 1, NOT_SERVING: 2, SERVICE_UNKNOWN: 3 };
const STATUS_NAMES: readonly ServingStatus[] = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'];

export interface HealthCheckRequest {
  readonly service: string;
}

export interface HealthCheckResponse {
  readonly status: ServingStatus;
}

export interface HealthListResponse {
  readonly statuses: Readonly<Record<string, HealthCheckResponse>>;
}

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

export function encodeCheckRequest(request: HealthCheckRequest): Buffer {
  return request.service === '' ? Buffer.alloc(0) : lengthDelimited(1, Buffer.from(request.service, 'utf8'));
}

export function decodeCheckRequest(buffer: Buffer): HealthCheckRequest {
  let service = '';
  readFields(buffer, (field, value) => {
    if (field === 1 && Buffer.isBuffer(value)) service = value.toString('utf8');
  });
  return { service };
}

export function encodeCheckResponse(response: HealthCheckResponse): Buffer {
  const number = STATUS_NUMBERS[response.status] ?? 0;
  return number === 0 ? Buffer.alloc(0) : Buffer.from([(1 << 3) | VARINT, number]);
}

export function decodeCheckResponse(buffer: Buffer): HealthCheckResponse {
  let status: ServingStatus = 'UNKNOWN';
  readFields(buffer, (field, value) => {
    if (field === 1 && typeof value === 'number') status = STATUS_NAMES[value] ?? 'UNKNOWN';
  });
  return { status };
}

export function encodeListRequest(): Buffer {
  return Buffer.alloc(0);
}

export function decodeListRequest(): Record<string, never> {
  return {};
}

export function encodeListResponse(response: HealthListResponse): Buffer {
  const entries = Object.entries(response.statuses).map(([name, status]) =>
    lengthDelimited(1, Buffer.concat([lengthDelimited(1, Buffer.from(name, 'utf8')), lengthDelimited(2, encodeCheckResponse(status))])),
  );
  return Buffer.concat(entries);
}

export function decodeListResponse(buffer: Buffer): HealthListResponse {
  const statuses: Record<string, HealthCheckResponse> = {};
  readFields(buffer, (field, entry) => {
    if (field !== 1 || !Buffer.isBuffer(entry)) return;
    let name = '';
    let status: HealthCheckResponse = { status: 'UNKNOWN' };
    readFields(entry, (entryField, value) => {
      if (entryField === 1 && Buffer.isBuffer(value)) name = value.toString('utf8');
      else if (entryField === 2 && Buffer.isBuffer(value)) status = decodeCheckResponse(value);
    });
    statuses[name] = status;
  });
  return { statuses };
}

function lengthDelimited(field: number, payload: Buffer): Buffer {
  return Buffer.concat([varint((field << 3) | LENGTH_DELIMITED), varint(payload.length), payload]);
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** Calls `field` for each field of a message: a number for a varint, a Buffer for bytes; other wire types are skipped. */
function readFields(buffer: Buffer, field: (number: number, value: number | Buffer) => void): void {
  let offset = 0;
  const readVarint = (): number => {
    let result = 0;
    let multiplier = 1;
    for (;;) {
      if (offset >= buffer.length) throw new Error('truncated protocol buffers message');
      const byte = buffer[offset++]!;
      result += (byte & 0x7f) * multiplier;
      if (byte < 0x80) return result;
      multiplier *= 128;
    }
  };
  while (offset < buffer.length) {
    const tag = readVarint();
    const number = Math.floor(tag / 8);
    const wireType = tag & 7;
    if (wireType === VARINT) field(number, readVarint());
    else if (wireType === LENGTH_DELIMITED) {
      const length = readVarint();
      if (offset + length > buffer.length) throw new Error('truncated protocol buffers message');
      field(number, buffer.subarray(offset, offset + length));
      offset += length;
    } else if (wireType === FIXED64) offset += 8;
    else if (wireType === FIXED32) offset += 4;
    else throw new Error(`unsupported protocol buffers wire type ${wireType}`);
  }
}
