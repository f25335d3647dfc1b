import { Injectable } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { CONTENT_TYPES } from '../formats/media-type.js';
import type { ResponseFormat } from '../formats/media-type.js';
import { FORBIDDEN_MESSAGE } from '../probe-worker/probe-bodies.js';

const JSON_TYPE = CONTENT_TYPES.json;
const TEXT_TYPE = 'text/plain; charset=utf-8';

/**
 * Writes management responses on Node's own response, whichever door the request came in by, so
 * nothing of the application (interceptors, exception filters, serializers) reshapes what probes
 * and Actuator clients read. Every response carries `Cache-Control: no-store`; a HEAD request gets
 * the headers, the GET body's length included, and no body (Node leaves it out).
 */
@Injectable()
export class ManagementResponder {
  /** `body` as JSON, with the Content-Type of `format` (negotiated from the request's `Accept`). */
  json(response: unknown, statusCode: number, body: object, format: ResponseFormat = 'json'): void {
    this.send(response, statusCode, CONTENT_TYPES[format], serialize(body));
  }

  text(response: unknown, statusCode: number, body: string): void {
    this.send(response, statusCode, TEXT_TYPE, body);
  }

  /** `body` as it is, with `contentType` and any extra `headers` (e.g. a Content-Security-Policy). */
  write(response: unknown, statusCode: number, contentType: string, body: string, headers: Readonly<Record<string, string>> = {}): void {
    this.send(response, statusCode, contentType, body, headers);
  }

  /** 403 for a client the IP allow-list keeps out. */
  forbidden(response: unknown): void {
    this.error(response, 403, 'Forbidden', FORBIDDEN_MESSAGE);
  }

  /** A JSON error in Nest's own shape: `{ statusCode, error, message }`, with any extra `headers` (e.g. Retry-After). */
  error(response: unknown, statusCode: number, error: string, message: string, headers?: Readonly<Record<string, string>>): void {
    this.send(response, statusCode, JSON_TYPE, JSON.stringify({ statusCode, error, message }), headers);
  }

  private send(response: unknown, statusCode: number, contentType: string, body: string, headers?: Readonly<Record<string, string>>): void {
    writeAnswer(response as ServerResponse, statusCode, contentType, body, headers);
  }
}

/** Writes a whole answer on Node's response; the one place every door's bytes come from. */
export function writeAnswer(
  response: ServerResponse,
  statusCode: number,
  contentType: string,
  body: string,
  headers?: Readonly<Record<string, string>>,
): void {
  if (response.headersSent || response.destroyed) return;
  if (headers) for (const name in headers) response.setHeader(name, headers[name]!);
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Content-Type', contentType);
  response.setHeader('Content-Length', Buffer.byteLength(body));
  response.statusCode = statusCode;
  response.end(body);
}

/** Frozen bodies (the terse `{status}` answers) are serialized once, not on every probe. */
const serializedFrozen = new WeakMap<object, string>();

function serialize(body: object): string {
  if (!Object.isFrozen(body)) return JSON.stringify(body);
  let text = serializedFrozen.get(body);
  if (text === undefined) {
    text = JSON.stringify(body);
    serializedFrozen.set(body, text);
  }
  return text;
}
