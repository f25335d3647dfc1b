import type { Answer } from './health-fixtures.js';

/** What an endpoint answered, with the headers that make a response byte-for-byte comparable. */
export interface FullAnswer extends Answer {
  readonly contentLength: string | null;
}

/** Sends a request to `url` (any server, e.g. the management port) and reads the whole answer. */
export async function readAnswer(url: string, init?: RequestInit): Promise<FullAnswer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown;
  try {
    body = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return {
    status: response.status,
    cacheControl: response.headers.get('cache-control'),
    contentType: response.headers.get('content-type'),
    contentLength: response.headers.get('content-length'),
    text,
    body,
  };
}
