// The raw contender: a plain node:http server, no Nest, no framework, answering liveness and
// readiness with the bytes the module's probes answer: what the machine can do for that answer.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectGarbage, serveParent } from './child.js';
import { LIVENESS_PATH, READINESS_PATH } from './server-config.js';

const BODY = '{"status":"UP"}';
const PATHS = new Set([LIVENESS_PATH, READINESS_PATH]);

const server = createServer((request, response) => {
  if (!PATHS.has(request.url ?? '')) {
    response.statusCode = 404;
    response.end();
    return;
  }
  // The module's headers, set in the module's order.
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Content-Length', Buffer.byteLength(BODY));
  response.statusCode = 200;
  response.end(BODY);
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  serveParent({ port }, async (command) => {
    if (command === 'executions') return 0;
    await collectGarbage();
    return process.memoryUsage().heapUsed;
  });
});
