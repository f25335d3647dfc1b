import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request handler for a peer server that keeps the `text` of each JSON body POSTed to it and answers 200. */
export function webhookTexts(): { readonly texts: string[]; handler(request: IncomingMessage, response: ServerResponse): void } {
  const texts: string[] = [];
  return {
    texts,
    handler(request, response) {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        texts.push((JSON.parse(body) as { text: string }).text);
        response.writeHead(200).end();
      });
    },
  };
}
