import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AbstractHttpAdapter } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { ServerConfig, ServerReply, ServerRequest } from './server-config.js';

export function adapterNamed(name: ServerConfig['adapter']): AbstractHttpAdapter {
  return name === 'express' ? new ExpressAdapter() : new FastifyAdapter();
}

/**
 * Sends `hello` to the parent, then answers each request with `answer`. The child exits when the
 * parent disconnects, normally, so that `--cpu-prof` can write its profile.
 */
export function serveParent(hello: object, answer: (command: ServerRequest['command']) => Promise<number>): void {
  process.on('message', (request: ServerRequest) => {
    void answer(request.command).then((value) => process.send!({ id: request.id, value } satisfies ServerReply));
  });
  process.on('disconnect', () => process.exit(0));
  process.send!(hello);
}

/** Full garbage collections until the heap settles (needs `node --expose-gc`). */
export async function collectGarbage(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('bench servers must run under node --expose-gc');
  for (let pass = 0; pass < 3; pass++) {
    gc();
    await nextTurn();
  }
}
