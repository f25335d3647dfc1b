import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { preferredScheme, resolveServiceDependencies } from '../../src/dependencies/service-dependency.options.js';

describe('service dependency URLs', () => {
  const urls = (value: unknown, scheme = 'http') =>
    resolveServiceDependencies({ dep: value }, '/z', scheme).map(({ healthUrl, readinessUrl }) => ({ healthUrl, readinessUrl }))[0];

  it('a base URL: {url} and {url}/readiness', () => {
    assert.deepEqual(urls('https://user-service:9922/admin'), {
      healthUrl: 'https://user-service:9922/admin',
      readinessUrl: 'https://user-service:9922/admin/readiness',
    });
  });

  it('a host/path gets the preferred scheme', () => {
    assert.deepEqual(urls('widget-service/manage/', 'https'), {
      healthUrl: 'https://widget-service/manage',
      readinessUrl: 'https://widget-service/manage/readiness',
    });
  });

  it('a bare host or host:port runs this module under the same basePath', () => {
    assert.deepEqual(urls('widget-service'), {
      healthUrl: 'http://widget-service/z/health',
      readinessUrl: 'http://widget-service/z/health/readiness',
    });
    assert.equal(urls({ url: 'widget-service:8080' })?.readinessUrl, 'http://widget-service:8080/z/health/readiness');
  });

  it('PREFERRED_URL_SCHEME wins over SCHEME; http otherwise', () => {
    assert.equal(preferredScheme({ PREFERRED_URL_SCHEME: 'https', SCHEME: 'http' }), 'https');
    assert.equal(preferredScheme({ SCHEME: 'https' }), 'https');
    assert.equal(preferredScheme({}), 'http');
  });

  for (const [value, pattern] of [
    ['ftp://files', /'dep' uses 'ftp:'/],
    ['http://', /'dep': 'http:\/\/' is not a valid URL/],
    ['has space:80', /'dep'.*not a valid URL/],
    ['http://host/?query=1', /'dep'.*no spaces, query or fragment/],
    [42, /'dep' must be a string/],
    [{ url: 'host', retries: 3 }, /'dep' has an unknown key 'retries'/],
    [{ url: 'host', headers: { a: 1 } }, /'dep': 'headers' must map/],
  ] as const) {
    it(`refuses ${JSON.stringify(value)} naming the dependency`, () => {
      assert.throws(() => resolveServiceDependencies({ dep: value }, '/z', 'http'), pattern);
    });
  }

  it('never echoes a password from a malformed value', () => {
    assert.throws(
      () => resolveServiceDependencies({ dep: 'http://user:s3cret@exa mple' }, '/z', 'http'),
      (error: Error) => !error.message.includes('s3cret') && error.message.includes('******'),
    );
  });
});
