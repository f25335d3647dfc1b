import type { ModulesContainer } from '@nestjs/core';
import type { Observable, Subscription } from 'rxjs';

/**
 * How long a microservice transport may stay silent about listening (it reports neither a status
 * nor the end of its `listen()`) before it counts as listening anyway, so that one whose transport
 * says nothing (gRPC, a custom strategy) still finishes start-up.
 */
const SILENCE_LIMIT = 5_000;

/** What the module reads of a Nest microservice server (`@nestjs/microservices`' `Server`). */
interface RpcServer {
  readonly status?: Observable<string>;
  listen?(callback: (...args: unknown[]) => unknown, ...rest: unknown[]): unknown;
}

export interface TransportWatch {
  /** Whether every transport listens (true when there are none). */
  readonly listening: boolean;
  readonly stop: () => void;
}

/**
 * Follows the microservice transports the application registered (Nest's RPC target registry):
 * a transport listens once its `status` says 'connected' or its `listen()` has called back; it stops
 * when its status says 'disconnected'. This file holds what the module knows of
 * `@nestjs/microservices`' server API.
 */
export function watchTransports(modules: ModulesContainer | undefined, changed: (listening: boolean) => void, silent: (name: string) => void): TransportWatch {
  const registry = (modules as { getRpcTargetRegistry?: () => Observable<unknown> } | undefined)?.getRpcTargetRegistry?.();
  if (!registry) return { listening: true, stop: () => undefined };
  const listening = new Map<RpcServer, boolean>();
  const subscriptions: Subscription[] = [];
  const timers: NodeJS.Timeout[] = [];
  let settled = false;
  const all = () => [...listening.values()].every(Boolean);
  const mark = (server: RpcServer, state: boolean) => {
    if (listening.get(server) === state) return;
    listening.set(server, state);
    if (settled) changed(all());
  };
  subscriptions.push(
    registry.subscribe((target) => {
      const server = target as RpcServer;
      if (listening.has(server)) return;
      listening.set(server, false);
      let reported = false;
      subscriptions.push(
        statusOf(server)?.subscribe((status) => {
          reported = true;
          if (status === 'connected' || status === 'listening') mark(server, true);
          else if (status === 'disconnected') mark(server, false);
        }) ?? NO_SUBSCRIPTION,
      );
      if (!listening.get(server)) {
        followListen(server, () => mark(server, true));
        // Only a transport that says nothing at all: one that reported itself down is down.
        const timer = setTimeout(() => {
          if (listening.get(server) || reported) return;
          silent(server.constructor?.name ?? 'a microservice transport');
          mark(server, true);
        }, SILENCE_LIMIT);
        timer.unref();
        timers.push(timer);
      }
      // A transport registered after the watch began (the module is built before the server).
      if (settled) changed(all());
    }),
  );
  settled = true;
  return {
    listening: all(),
    stop: () => {
      for (const subscription of subscriptions) subscription.unsubscribe();
      for (const timer of timers) clearTimeout(timer);
    },
  };
}

const NO_SUBSCRIPTION = { unsubscribe: () => undefined } as Subscription;

/** The server's status stream; undefined where it has none (Nest 12's gRPC server throws when asked). */
function statusOf(server: RpcServer): Observable<string> | undefined {
  try {
    return server.status;
  } catch {
    return undefined;
  }
}

/** Calls `listened` when the server's `listen()` calls back without an error. */
function followListen(server: RpcServer, listened: () => void): void {
  const listen = server.listen;
  if (typeof listen !== 'function') return;
  server.listen = function (this: RpcServer, callback, ...rest) {
    return listen.call(this, (...args: unknown[]) => {
      if (args[0] === undefined || args[0] === null) listened();
      return callback?.(...args);
    }, ...rest);
  };
}
