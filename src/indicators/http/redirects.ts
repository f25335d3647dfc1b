/** Most redirects followed before the check gives up, as the service-dependency checker does. */
export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * `fetch` that follows redirects itself, so that the configured headers (an API key, say) and
 * credentials reach only the origin they were meant for: fetch keeps custom headers on a
 * redirect to any host. Once the chain leaves the first origin the headers are dropped, and they
 * stay dropped. A 303, or a 301/302 after a POST, continues as GET, as browsers do.
 */
export async function fetchFollowingRedirects(
  url: string,
  init: { method: string; headers: Readonly<Record<string, string>> | undefined; signal?: AbortSignal },
): Promise<Response> {
  const origin = new URL(url).origin;
  let target = url;
  let method = init.method;
  let headers = init.headers;
  for (let redirects = 0; ; redirects++) {
    const response = await fetch(target, { method, headers, redirect: 'manual', signal: init.signal });
    const location = response.headers.get('location');
    if (!REDIRECT_STATUSES.has(response.status) || location === null) return response;
    await response.body?.cancel().catch(() => undefined);
    if (redirects === MAX_REDIRECTS) throw new TooManyRedirects();
    target = new URL(location, target).href;
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) method = 'GET';
    if (new URL(target).origin !== origin) headers = undefined;
  }
}

/** A chain of redirects longer than MAX_REDIRECTS. */
export class TooManyRedirects extends Error {
  constructor() {
    super(`more than ${MAX_REDIRECTS} redirects`);
  }
}
