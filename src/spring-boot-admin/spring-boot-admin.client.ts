import { Injectable } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';
import type { AxiosRequestConfig } from 'axios';
import { lastValueFrom } from 'rxjs';
import { scrubUrls } from '../secrets/secret-scrubber.js';
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
  constructor(private readonly http: HttpService) {}

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
        data: JSON.stringify(registration),
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      },
      credentials,
      timeout,
      signal,
    );
    const id = parseId(answer.data);
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
    request: AxiosRequestConfig,
    credentials: SpringBootAdminCredentials | undefined,
    timeout: number,
    signal: AbortSignal,
    alsoAccepted: readonly number[] = [],
  ): Promise<{ status: number; data: unknown }> {
    const deadline = new AbortController();
    const abort = () => deadline.abort();
    const timer = setTimeout(abort, timeout).unref();
    signal.addEventListener('abort', abort, { once: true });
    try {
      const response = await lastValueFrom(
        this.http.request<string>({
          ...request,
          auth: credentials && { username: credentials.username, password: credentials.password },
          signal: deadline.signal,
          timeout,
          maxRedirects: 0,
          maxContentLength: MAX_ANSWER_BYTES,
          responseType: 'text',
          transformResponse: (data: unknown) => data,
          validateStatus: () => true,
        }),
      );
      const accepted = (response.status >= 200 && response.status < 300) || alsoAccepted.includes(response.status);
      if (!accepted) throw new SpringBootAdminCallError(text.httpStatus(response.status));
      return response;
    } catch (error) {
      if (error instanceof SpringBootAdminCallError) throw error;
      if (deadline.signal.aborted && !signal.aborted) throw new SpringBootAdminCallError(text.timedOut(timeout));
      throw new SpringBootAdminCallError(text.requestFailed(describe(error)));
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
    }
  }
}

function parseId(data: unknown): string | undefined {
  try {
    const body = JSON.parse(String(data)) as { id?: unknown } | null;
    const id = body?.id;
    return (typeof id === 'string' && id !== '') || typeof id === 'number' ? String(id) : undefined;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const reason = typeof message === 'string' ? scrubUrls(message) : String(error);
  return typeof code === 'string' && !reason.includes(code) ? `${code} ${reason}` : reason;
}
