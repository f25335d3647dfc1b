import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CONTENT_TYPES } from '../formats/media-type.js';
import type { ResponseFormat } from '../formats/media-type.js';
import { FORBIDDEN_MESSAGE } from '../probe-worker/probe-bodies.js';

const JSON_TYPE = CONTENT_TYPES.json;
const TEXT_TYPE = 'text/plain; charset=utf-8';

/**
 * Writes management responses straight to the framework's response (Express or Fastify), so
 * the application's global interceptors and exception filters cannot reshape what probes and
 * Actuator clients read. Every response carries `Cache-Control: no-store`.
 */
@Injectable()
export class ManagementResponder {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** `body` as JSON, with the Content-Type of `format` (negotiated from the request's `Accept`). */
  json(response: unknown, statusCode: number, body: object, format: ResponseFormat = 'json'): void {
    this.send(response, statusCode, CONTENT_TYPES[format], body);
  }

  text(response: unknown, statusCode: number, body: string): void {
    this.send(response, statusCode, TEXT_TYPE, body);
  }

  /** `body` as it is, with `contentType` and any extra `headers` (e.g. a Content-Security-Policy). */
  write(response: unknown, statusCode: number, contentType: string, body: string, headers: Readonly<Record<string, string>> = {}): void {
    const adapter = this.adapterHost.httpAdapter;
    for (const [name, value] of Object.entries(headers)) adapter.setHeader(response, name, value);
    this.send(response, statusCode, contentType, body);
  }

  /** 403 for a client the IP allow-list keeps out. */
  forbidden(response: unknown): void {
    this.error(response, 403, 'Forbidden', FORBIDDEN_MESSAGE);
  }

  /** A JSON error in Nest's own shape: `{ statusCode, error, message }`. */
  error(response: unknown, statusCode: number, error: string, message: string): void {
    this.send(response, statusCode, JSON_TYPE, { statusCode, error, message });
  }

  private send(response: unknown, statusCode: number, contentType: string, body: object | string): void {
    const adapter = this.adapterHost.httpAdapter;
    adapter.setHeader(response, 'Cache-Control', 'no-store');
    adapter.setHeader(response, 'Content-Type', contentType);
    adapter.reply(response, typeof body === 'string' ? body : serialize(body), statusCode);
  }
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
