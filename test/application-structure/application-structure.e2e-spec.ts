import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Controller, Get, Injectable, Module, Scope, VersioningType } from '@nestjs/common';
import type { VersioningOptions } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { ManagementModule } from '../../src/index.js';
import { onEachAdapter, startApp } from '../support/test-app.js';
import { byToken, structuredApp, TOKEN } from './structured-app.js';

const ALL = { mappings: true, beans: true, scheduledtasks: true, configprops: true, startup: true };
/** What Spring Boot Admin sends (spring-mime-types.ts): its Mappings tab renders only an Actuator v2/v3 body. */
const SBA_ACCEPT = {
  ...TOKEN,
  Accept: 'application/vnd.spring-boot.actuator.v3+json,application/vnd.spring-boot.actuator.v2+json,application/vnd.spring-boot.actuator.v1+json,application/json',
};
const CONTEXT = 'nestjs-management-endpoints';

async function read(response: Response): Promise<Record<string, any>> {
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()) as Record<string, any>;
}

/** A transient provider, which Actuator calls a prototype. */
@Injectable({ scope: Scope.TRANSIENT })
class Stopwatch {}

@Controller({ path: 'dogs', version: ['1', '2'] })
class DogsController {
  @Get()
  list(): string[] {
    return [];
  }
}

@Controller('reports')
class ReportsController {
  @Get(':year')
  byYear(): string {
    return 'report';
  }
}

@Module({ controllers: [ReportsController] })
class AdminModule {}

@Controller({ path: 'status', host: 'admin.example.com' })
class HostBoundController {
  @Get()
  show(): string {
    return 'ok';
  }
}

onEachAdapter('what the application is made of', (adapter) => {
  it('the HAL index links each endpoint that is on, under the ids Spring Boot Admin opens a tab for', async (t) => {
    const app = await structuredApp(adapter, { diagnostics: { mappings: true, beans: true, scheduledtasks: true, configprops: true, startup: true } });
    t.after(() => app.close());
    const links = ((await read(await app.request('/api/z'))) as { _links: Record<string, { href: string }> })._links;
    for (const name of Object.keys(ALL)) assert.equal(links[name]?.href, `${app.baseUrl}/api/z/${name}`);
    const some = await structuredApp(adapter, { diagnostics: { beans: true } });
    t.after(() => some.close());
    const fewer = ((await read(await some.request('/api/z'))) as { _links: Record<string, unknown> })._links;
    assert.deepEqual(Object.keys(ALL).filter((name) => name in fewer), ['beans']);
  });

  it("GET /mappings lists every route of the application in the shape Spring Boot Admin's Mappings tab reads", async (t) => {
    const app = await structuredApp(adapter, { diagnostics: ALL });
    t.after(() => app.close());
    const response = await app.request('/api/z/mappings', { headers: SBA_ACCEPT });
    assert.match(String(response.headers.get('content-type')), /^application\/vnd\.spring-boot\.actuator\.v3\+json/);
    const body = await read(response);
    assert.deepEqual(Object.keys(body.contexts), [CONTEXT]);
    const mappings = body.contexts[CONTEXT].mappings.dispatcherServlets.dispatcherServlet as Record<string, any>[];
    for (const mapping of mappings) {
      assert.equal(typeof mapping.handler, 'string');
      assert.equal(typeof mapping.predicate, 'string');
      const conditions = mapping.details.requestMappingConditions;
      for (const key of ['patterns', 'methods', 'consumes', 'produces', 'params', 'headers']) assert.ok(Array.isArray(conditions[key]), `${key} is an array`);
    }
    const summary = mappings.map((mapping) => ({
      handler: mapping.handler,
      predicate: mapping.predicate,
      methods: mapping.details.requestMappingConditions.methods,
      patterns: mapping.details.requestMappingConditions.patterns,
      handlerMethod: mapping.details.handlerMethod,
      versions: mapping.details.versions,
      guards: mapping.details.guards,
      interceptors: mapping.details.interceptors,
    }));
    const method = (name: string, descriptor = '()') => ({ className: 'CatsController', name, descriptor });
    const common = { guards: ['EveryoneGuard'], interceptors: ['TimingInterceptor'] };
    assert.deepEqual(summary, [
      { handler: 'CatsController#list()', predicate: '{GET [/api/v1/cats]}', methods: ['GET'], patterns: ['/api/v1/cats'], handlerMethod: method('list'), versions: ['1'], ...common },
      {
        handler: 'CatsController#findOne(String)',
        predicate: '{GET [/api/v1/cats/:id]}',
        methods: ['GET'],
        patterns: ['/api/v1/cats/:id'],
        handlerMethod: method('findOne', '(String)'),
        versions: ['1'],
        ...common,
        guards: ['EveryoneGuard', 'OwnerGuard'],
      },
      { handler: 'CatsController#create()', predicate: '{POST [/api/v2/cats, /api/v3/cats]}', methods: ['POST'], patterns: ['/api/v2/cats', '/api/v3/cats'], handlerMethod: method('create'), versions: ['2', '3'], ...common },
      { handler: 'CatsController#count()', predicate: '{GET [/api/cats/count]}', methods: ['GET'], patterns: ['/api/cats/count'], handlerMethod: method('count'), versions: ['VERSION_NEUTRAL'], ...common },
    ]);
    for (const { pattern, headers, status } of [
      { pattern: '/api/v1/cats', headers: {}, status: 200 },
      { pattern: '/api/v1/cats/7', headers: { 'x-owner': 'me' }, status: 200 },
      { pattern: '/api/cats/count', headers: {}, status: 200 },
    ]) {
      assert.equal((await app.request(pattern, { headers })).status, status, `${pattern} is served where /mappings says`);
    }
  });

  const versionings: [VersioningOptions, (version: string) => Record<string, unknown>, Record<string, string>][] = [
    [{ type: VersioningType.HEADER, header: 'X-API-Version' }, (value) => ({ headers: [{ name: 'X-API-Version', value, negate: false }], produces: [] }), { 'X-API-Version': '2' }],
    [{ type: VersioningType.MEDIA_TYPE, key: 'v=' }, (value) => ({ headers: [], produces: [{ mediaType: `*/*;v=${value}`, negate: false }] }), { Accept: 'application/json;v=2' }],
  ];
  for (const [versioning, condition, asking] of versionings) {
    it(`with ${VersioningType[versioning.type]} versioning, a route is listed once per version with what the request must carry`, async (t) => {
      const app = await startApp(
        adapter,
        { imports: [ManagementModule.forRoot({ authorizer: byToken, diagnostics: { mappings: true } })], controllers: [DogsController] },
        { configure: (nest) => void nest.enableVersioning(versioning) },
      );
      t.after(() => app.close());
      const body = await read(await app.request('/z/mappings', { headers: TOKEN }));
      const mappings = body.contexts[CONTEXT].mappings.dispatcherServlets.dispatcherServlet as Record<string, any>[];
      assert.deepEqual(
        mappings.map((mapping) => ({ headers: mapping.details.requestMappingConditions.headers, produces: mapping.details.requestMappingConditions.produces })),
        [condition('1'), condition('2')],
      );
      assert.match(mappings[0]!.predicate, /^\{GET \[\/dogs\] (headers \[X-API-Version=1\]|produces \[\*\/\*;v=1\])\}$/);
      assert.equal((await app.request('/dogs', { headers: asking })).status, 200, 'a request carrying it is served');
    });
  }

  it("a module's RouterModule path is part of its routes' paths; a controller's host is a Host header condition", async (t) => {
    const app = await startApp(adapter, {
      imports: [ManagementModule.forRoot({ authorizer: byToken, diagnostics: { mappings: true } }), AdminModule, RouterModule.register([{ path: 'admin', module: AdminModule }])],
      controllers: [HostBoundController],
    });
    t.after(() => app.close());
    const body = await read(await app.request('/z/mappings', { headers: TOKEN }));
    const mappings = body.contexts[CONTEXT].mappings.dispatcherServlets.dispatcherServlet as Record<string, any>[];
    assert.deepEqual(
      mappings.map((mapping) => [mapping.details.requestMappingConditions.patterns, mapping.details.requestMappingConditions.headers]),
      [
        [['/status'], [{ name: 'Host', value: 'admin.example.com', negate: false }]],
        [['/admin/reports/:year'], []],
      ],
    );
    assert.equal((await app.request('/admin/reports/2026')).status, 200);
  });

  it("GET /beans lists modules, providers, controllers and enhancers with Spring's scopes and their dependencies", async (t) => {
    const app = await structuredApp(adapter, { diagnostics: ALL }, { providers: [Stopwatch] });
    t.after(() => app.close());
    const beans = (await read(await app.request('/api/z/beans', { headers: SBA_ACCEPT }))).contexts[CONTEXT].beans as Record<string, Record<string, unknown>>;
    for (const [name, bean] of Object.entries(beans)) {
      assert.deepEqual(Object.keys(bean).sort(), ['aliases', 'dependencies', 'kind', 'resource', 'scope', 'type'], name);
      assert.ok(Array.isArray(bean.aliases) && Array.isArray(bean.dependencies), name);
      assert.ok(['singleton', 'prototype', 'request'].includes(bean.scope as string), name);
    }
    const module = (type: string, dependencies: string[]) => ({ aliases: [], scope: 'singleton', type, resource: null, dependencies, kind: 'module' });
    const declared = (kind: string, type: string, scope: string, dependencies: string[] = [], aliases: string[] = []) => ({ aliases, scope, type, resource: 'TestRootModule', dependencies, kind });
    assert.deepEqual(beans.TestRootModule, module('TestRootModule', ['ConfigModule']));
    assert.deepEqual(beans.RequestContext, declared('provider', 'RequestContext', 'request'));
    assert.deepEqual(beans.CatsService, declared('provider', 'CatsService', 'request', ['RequestContext', 'CATS_LIMIT'], ['CAT_SERVICE']), 'request-scoped through its dependency; the useExisting token is its alias');
    assert.equal(beans.CAT_SERVICE, undefined);
    assert.deepEqual(beans.CATS_LIMIT, declared('provider', 'number', 'singleton'));
    assert.deepEqual(beans.Stopwatch, declared('provider', 'Stopwatch', 'prototype'));
    assert.deepEqual(beans.ReportTasks, declared('provider', 'ReportTasks', 'singleton'));
    assert.deepEqual(beans.CatsController, declared('controller', 'CatsController', 'request', ['CatsService']));
    assert.deepEqual(beans.OwnerGuard, declared('injectable', 'OwnerGuard', 'singleton'));
    assert.deepEqual(beans.TimingInterceptor, declared('injectable', 'TimingInterceptor', 'singleton'));
    assert.equal(beans.ScheduleModule?.kind, 'module');
    assert.equal(beans.SchedulerRegistry?.resource, 'ScheduleModule');
    assert.equal(beans.ManagementModule?.kind, 'module');
    assert.equal(beans.ModuleRef, undefined, "Nest's per-module ModuleRef is left out");
  });

  it('GET /scheduledtasks lists the cron job with its next run, the interval and the timeout, named after their methods', async (t) => {
    const app = await structuredApp(adapter, { diagnostics: ALL });
    t.after(() => app.close());
    const before = Date.now();
    const body = await read(await app.request('/api/z/scheduledtasks', { headers: SBA_ACCEPT }));
    const next = Date.parse(body.cron[0].nextExecution.time);
    assert.ok(next > before && next <= Date.now() + 5 * 60_000, 'the next run is within five minutes');
    assert.equal(new Date(next).getUTCMinutes() % 5, 0);
    assert.equal(new Date(next).getUTCSeconds(), 0);
    assert.deepEqual(body, {
      cron: [{ runnable: { target: 'ReportTasks.report' }, expression: '0 */5 * * * *', nextExecution: { time: body.cron[0].nextExecution.time } }],
      fixedDelay: [],
      fixedRate: [{ runnable: { target: 'ReportTasks.refreshCache' }, initialDelay: 60_000, interval: 60_000 }],
      custom: [{ runnable: { target: 'ReportTasks.warmUp' }, trigger: 'setTimeout(600000 ms)' }],
    });
  });

  it("GET /configprops groups @nestjs/config's values by namespace, secrets scrubbed", async (t) => {
    const app = await structuredApp(adapter, { diagnostics: ALL });
    t.after(() => app.close());
    const body = await read(await app.request('/api/z/configprops', { headers: SBA_ACCEPT }));
    const beans = body.contexts[CONTEXT].beans as Record<string, { prefix: string; properties: Record<string, unknown>; inputs: Record<string, unknown> }>;
    assert.deepEqual(Object.keys(beans), ['database', 'ConfigService']);
    assert.deepEqual(beans.database!.prefix, 'database');
    assert.deepEqual(beans.database!.properties, { host: 'db.internal', port: 5432, password: '******', url: 'postgres://app:******@db.internal/app' });
    assert.deepEqual(beans.database!.inputs.password, { value: '******', origin: "ConfigService.get('database.password')" });
    assert.deepEqual(beans.ConfigService!.prefix, 'ConfigService');
    assert.deepEqual(beans.ConfigService!.properties, { featureFlag: true, apiToken: '******' });
    const text = JSON.stringify(body);
    for (const secret of ['hunter2', 's3cret', 'tok-123']) assert.ok(!text.includes(secret), `${secret} is not shown`);
  });

  it('GET /startup is a timeline from process start to listening, in the shape of the Startup tab; OPTIONS and POST answer too', async (t) => {
    const app = await structuredApp(adapter, { diagnostics: ALL });
    t.after(() => app.close());
    const options = await app.request('/api/z/startup', { method: 'OPTIONS', headers: TOKEN });
    assert.equal(options.status, 200);
    assert.match(String(options.headers.get('allow')), /\bGET\b/);
    const body = await read(await app.request('/api/z/startup', { headers: SBA_ACCEPT }));
    const { startTime, events } = body.timeline as { startTime: string; events: Record<string, any>[] };
    assert.equal(startTime, new Date(performance.timeOrigin).toISOString());
    assert.deepEqual(
      events.map((event) => [event.startupStep.id, event.startupStep.name, event.startupStep.parentId]),
      [[0, 'application.startup', undefined], [1, 'node.load', 0], [2, 'nest.create', 0], [3, 'nest.instantiate', 0], [4, 'nest.module-init', 0], [5, 'nest.bootstrap', 0]],
    );
    let previousEnd = Date.parse(startTime);
    for (const event of events) {
      assert.match(event.duration, /^PT\d+(\.\d+)?S$/);
      const [start, end] = [Date.parse(event.startTime), Date.parse(event.endTime)];
      assert.ok(start <= end);
      assert.ok(Math.abs(end - start - Number(event.duration.slice(2, -1)) * 1000) <= 1, 'the duration is the gap between start and end');
      for (const tag of event.startupStep.tags) assert.deepEqual(Object.keys(tag), ['key', 'value']);
      if (event.startupStep.id > 0) {
        assert.equal(start, previousEnd, 'each step starts where the one before ended');
        previousEnd = end;
      }
    }
    assert.equal(Date.parse(events[0]!.endTime), previousEnd, 'the whole start-up ends with the last step');
    assert.deepEqual((await read(await app.request('/api/z/startup', { method: 'POST', headers: TOKEN }))).timeline.events.length, 6);
  });

  it('an application without @nestjs/schedule or @nestjs/config gets the empty documents', async (t) => {
    const app = await startApp(adapter, { imports: [ManagementModule.forRoot({ authorizer: byToken, diagnostics: ALL })] });
    t.after(() => app.close());
    assert.deepEqual(await read(await app.request('/z/scheduledtasks', { headers: TOKEN })), { cron: [], fixedDelay: [], fixedRate: [], custom: [] });
    assert.deepEqual(await read(await app.request('/z/configprops', { headers: TOKEN })), { contexts: { [CONTEXT]: { beans: {}, parentId: null } } });
    assert.deepEqual(await read(await app.request('/z/mappings', { headers: TOKEN })), { contexts: { [CONTEXT]: { mappings: { dispatcherServlets: { dispatcherServlet: [] } }, parentId: null } } });
  });
});
