import { Injectable } from '@nestjs/common';
import { sendRequest } from '../outbound/outbound-client.js';
import { failureReason, OutboundError } from '../outbound/outbound-request.js';
import type { OutboundRequest, OutboundResponse } from '../outbound/outbound-request.js';
import type { InstanceRegistration } from './instance-registration.js';
import { springBootAdminMessages as text } from '../messages.js';

/** Basic authentication at the Spring Boot Admin server. */
export interface SpringBootAdminCredentials {
  readonly username: string;
  readonly password: string;
}

/** Largest answer read from the server: an `{ id }` is a few bytes. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** A failed call, with a reason fit for the log (no credentials, no metadata). */
export class SpringBootAdminCallError extends Error {}

/**
 * Talks to a Spring Boot Admin server over HTTP as the Java client's registration client does:
 * JSON in and out, basic authentication when configured, no redirects followed (they would carry
 * the credentials elsewhere). Each call ends within `timeout` or when `signal` aborts.
 */
@Injectable()
export class SpringBootAdminClient {
  /** `POST {registrationUrl}` with the registration; resolves to the instance id the server answers. */
  async register(
    registrationUrl: string,
    registration: InstanceRegistration,
    credentials: SpringBootAdminCredentials | undefined,
    timeout: number,
    signal: AbortSignal,
  ): Promise<string> {
    const answer = await this.call(
      {
        method: 'POST',
        url: registrationUrl,
        body: JSON.stringify(registration),
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      },
      credentials,
      timeout,
      signal,
    );
    const id = parseId(answer.body);
    if (id === undefined) throw new SpringBootAdminCallError(text.noId(answer.status));
    return id;
  }

  /** `DELETE {registrationUrl}/{id}`; an instance the server no longer knows (404) counts as gone. */
  async deregister(
    registrationUrl: string,
    id: string,
    credentials: SpringBootAdminCredentials | undefined,
    timeout: number,
    signal: AbortSignal,
  ): Promise<void> {
    await this.call({ method: 'DELETE', url: `${registrationUrl}/${encodeURIComponent(id)}` }, credentials, timeout, signal, [404]);
  }

  private async call(
    request: Pick<OutboundRequest, 'method' | 'url' | 'body' | 'headers'>,
    credentials: SpringBootAdminCredentials | undefined,
    timeout: number,
    signal: AbortSignal,
    alsoAccepted: readonly number[] = [],
  ): Promise<OutboundResponse> {
    let response: OutboundResponse;
    try {
      response = await sendRequest({ ...request, originHeaders: basicAuthorization(credentials), timeout, signal, maxBodyBytes: MAX_ANSWER_BYTES });
    } catch (error) {
      if (error instanceof OutboundError && error.code === 'OUTBOUND_TIMEOUT') throw new SpringBootAdminCallError(text.timedOut(timeout));
      throw new SpringBootAdminCallError(text.requestFailed(failureReason(error)));
    }
    const accepted = (response.status >= 200 && response.status < 300) || alsoAccepted.includes(response.status);
    if (!accepted) throw new SpringBootAdminCallError(text.httpStatus(response.status));
    return response;
  }
}

function basicAuthorization(credentials: SpringBootAdminCredentials | undefined): Record<string, string> {
  if (!credentials) return {};
  return { Authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` };
}

function parseId(data: string): string | undefined {
  try {
    const body = JSON.parse(data) as { id?: unknown } | null;
    const id = body?.id;
    return (typeof id === 'string' && id !== '') || typeof id === 'number' ? String(id) : undefined;
  } catch {
    return undefined;
  }
}
