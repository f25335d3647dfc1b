import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { resolveManagementOptions } from '../../src/management.options.js';
import { instanceRegistration } from '../../src/spring-boot-admin/instance-registration.js';
import type { RegistrationContext } from '../../src/spring-boot-admin/instance-registration.js';
import { resolveSpringBootAdminOptions } from '../../src/spring-boot-admin/spring-boot-admin.options.js';

describe('springBootAdmin options', () => {
  it('are off unless given', () => {
    assert.equal(resolveManagementOptions({}).springBootAdmin, undefined);
  });

  it('default like the Java client: 10 s period, 5 s timeout, register at {url}/instances', () => {
    assert.deepEqual(resolveSpringBootAdminOptions({ url: 'http://admin:8080/' }), {
      registrationUrls: ['http://admin:8080/instances'],
      name: undefined,
      serviceUrl: undefined,
      managementUrl: undefined,
      healthUrl: undefined,
      preferIp: false,
      period: 10_000,
      timeout: 5_000,
      credentials: undefined,
      metadata: {},
      autoDeregister: true,
    });
  });

  it('take several servers, in order', () => {
    const resolved = resolveSpringBootAdminOptions({ url: ['http://a:8080', 'https://b/admin'] });
    assert.deepEqual(resolved?.registrationUrls, ['http://a:8080/instances', 'https://b/admin/instances']);
  });

  it('name the offending key', () => {
    const cases: [unknown, RegExp][] = [
      ['http://admin', /'springBootAdmin' must be an object/],
      [{ url: [] }, /'springBootAdmin\.url' is required/],
      [{ url: ['http://a', 'admin:8080'] }, /'springBootAdmin\.url\[1\]' must be an absolute http or https URL/],
      [{ url: 'http://a', healthUrl: 'http://a/health?x=1' }, /'springBootAdmin\.healthUrl' must be an absolute/],
      [{ url: 'http://a', timeout: 0 }, /'springBootAdmin\.timeout' must be a whole number of milliseconds from 1 /],
      [{ url: 'http://a', period: 1.5e3 + 0.5 }, /'springBootAdmin\.period'/],
      [{ url: 'http://a', name: ' ' }, /'springBootAdmin\.name' must be a non-empty string/],
      [{ url: 'http://a', preferIp: 'yes' }, /'springBootAdmin\.preferIp' must be true or false/],
      [{ url: 'http://a', autoDeregister: 1 }, /'springBootAdmin\.autoDeregister' must be true or false/],
      [{ url: 'http://a', password: 'x' }, /'springBootAdmin\.username' and 'springBootAdmin\.password' go together/],
    ];
    for (const [value, message] of cases) assert.throws(() => resolveManagementOptions({ springBootAdmin: value }), message);
  });

  it('never put a password in an error', () => {
    assert.throws(
      () => resolveSpringBootAdminOptions({ url: 'ftp://user:hunter2@admin' }),
      (error: Error) => !error.message.includes('hunter2'),
    );
  });
});

describe('the registration', () => {
  const settings = (extra: object = {}) => resolveSpringBootAdminOptions({ url: 'http://admin', ...extra })!;
  const context = (extra: Partial<RegistrationContext> = {}): RegistrationContext => ({
    basePath: '/z',
    service: { address: '10.0.0.5', port: 3000, secure: false },
    management: undefined,
    applicationName: 'orders-service',
    startup: '2026-01-01T00:00:00.000Z',
    ...extra,
  });

  it('is built from the address the application listens on', () => {
    assert.deepEqual(instanceRegistration(settings(), context()), {
      name: 'orders-service',
      managementUrl: 'http://10.0.0.5:3000/z',
      healthUrl: 'http://10.0.0.5:3000/z/health',
      serviceUrl: 'http://10.0.0.5:3000/',
      metadata: { startup: '2026-01-01T00:00:00.000Z' },
    });
  });

  it('uses the host name for a server on every address, https for a TLS server, brackets for IPv6', () => {
    const wildcard = instanceRegistration(settings(), context({ service: { address: '0.0.0.0', port: 443, secure: true } }));
    assert.equal(wildcard?.serviceUrl, `https://${hostname()}:443/`);
    const ipv6 = instanceRegistration(settings(), context({ service: { address: '::1', port: 3000, secure: false } }));
    assert.equal(ipv6?.serviceUrl, 'http://[::1]:3000/');
  });

  it('with preferIp uses an IP address for a server on every address', () => {
    const registration = instanceRegistration(settings({ preferIp: true }), context({ service: { address: '::', port: 3000, secure: false } }));
    assert.match(registration!.serviceUrl!, /^http:\/\/(\d+\.\d+\.\d+\.\d+|\[[\da-f:]+\]):3000\/$/);
  });

  it('points the management and health URLs at the management port, on the service host when that port is on every address', () => {
    const registration = instanceRegistration(settings(), context({ management: { address: '0.0.0.0', port: 9000, secure: false } }));
    assert.equal(registration?.managementUrl, 'http://10.0.0.5:9000/z');
    assert.equal(registration?.healthUrl, 'http://10.0.0.5:9000/z/health');
  });

  it('lets given URLs, name and metadata win, the startup stamp included', () => {
    const registration = instanceRegistration(
      settings({ name: 'orders', managementUrl: 'http://orders/admin', metadata: { startup: 'pinned', 'user.name': 'a' } }),
      context(),
    );
    assert.equal(registration?.name, 'orders');
    assert.equal(registration?.managementUrl, 'http://orders/admin');
    assert.equal(registration?.healthUrl, 'http://orders/admin/health');
    assert.deepEqual(registration?.metadata, { startup: 'pinned', 'user.name': 'a' });
  });

  it('is undefined without a listening server or given URLs, and falls back to a default name', () => {
    assert.equal(instanceRegistration(settings(), context({ service: undefined })), undefined);
    const given = instanceRegistration(settings({ serviceUrl: 'http://orders:80/' }), context({ service: undefined, applicationName: undefined }));
    assert.equal(given?.name, 'nest-application');
    assert.equal(given?.healthUrl, 'http://orders:80/z/health');
  });
});
