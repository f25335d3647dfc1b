import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { Injectable } from '@nestjs/common';
import type { ModuleMetadata, Type } from '@nestjs/common';
import { HealthCheck } from '../../src/index.js';
import type { HealthCheckOptions, HealthCheckReturn, HealthIndicator } from '../../src/index.js';
import { readAnswer } from './read-answer.js';
import { startApp } from './test-app.js';
import type { AdapterName, TestApp } from './test-app.js';

/** What a management endpoint answered, read once. */
export interface Answer {
  readonly status: number;
  readonly cacheControl: string | null;
  readonly contentType: string | null;
  readonly text: string;
  /** The parsed JSON body, or undefined when the body is empty or not JSON. */
  readonly body: unknown;
}

/** Sends a request to `path` on `app` and reads the whole answer. */
export function call(app: TestApp, path: string, init?: RequestInit): Promise<Answer> {
  return readAnswer(`${app.baseUrl}${path}`, init);
}

export type CheckFunction = (signal: AbortSignal) => HealthCheckReturn | Promise<HealthCheckReturn>;

/** A check that counts how often it ran and remembers the signals it was given. */
export interface CountingCheck {
  readonly executions: number;
  readonly signals: readonly AbortSignal[];
  readonly provider: Type;
}

/**
 * A singleton provider marked `@HealthCheck(name, options)` whose check() does `behaviour`,
 * declared the way an application would declare it.
 */
export function healthCheckProvider(name: string, behaviour: CheckFunction, options?: HealthCheckOptions): Type {
  class DeclaredHealth implements HealthIndicator {
    check(signal: AbortSignal): HealthCheckReturn | Promise<HealthCheckReturn> {
      return behaviour(signal);
    }
  }
  Object.defineProperty(DeclaredHealth, 'name', { value: `${name.replace(/[^A-Za-z0-9]/g, '')}Health` });
  Injectable()(DeclaredHealth);
  HealthCheck(name, options)(DeclaredHealth);
  return DeclaredHealth;
}

/** Like `healthCheckProvider`, and counts executions of check(). */
export function countingCheck(name: string, behaviour: CheckFunction, options?: HealthCheckOptions): CountingCheck {
  const state = { executions: 0, signals: [] as AbortSignal[] };
  const provider = healthCheckProvider(
    name,
    (signal) => {
      state.executions += 1;
      state.signals.push(signal);
      return behaviour(signal);
    },
    options,
  );
  return {
    get executions() {
      return state.executions;
    },
    signals: state.signals,
    provider,
  };
}

/** A promise that never settles: a check stuck on a dead connection. */
export function never(): Promise<never> {
  return new Promise<never>(() => undefined);
}

/** A promise the test settles when it chooses. */
export interface Gate {
  readonly promise: Promise<void>;
  open(): void;
}

export function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** ISO-8601 as `Date.prototype.toISOString()` writes it. */
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Starts a real app on `adapter` and closes it when the test `t` ends. */
export async function started(t: TestContext, adapter: AdapterName, metadata: ModuleMetadata): Promise<TestApp> {
  const app = await startApp(adapter, metadata);
  t.after(() => app.close());
  return app;
}

/**
 * Checks that a component shown with details says when its result was taken and how long it
 * took, and returns it without those two moving parts so the rest can be compared exactly.
 */
export function withoutTiming(component: unknown): Record<string, unknown> {
  const { checkedAt, durationMs, ...rest } = component as Record<string, unknown>;
  assert.match(String(checkedAt), ISO_INSTANT, 'checkedAt is an ISO-8601 instant');
  assert.equal(typeof durationMs, 'number', 'durationMs is a number');
  assert.ok((durationMs as number) >= 0, 'durationMs is not negative');
  return rest;
}
