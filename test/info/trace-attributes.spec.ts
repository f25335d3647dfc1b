import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { containerIdFrom, parseResourceAttributes, publicTraceAttributes, traceAttributes } from '../../src/info/trace-attributes.js';

const ID = 'a'.repeat(64);

describe('OpenTelemetry resource attributes', () => {
  it('reads the container id from the cgroup path in /proc/1/cpuset', () => {
    assert.equal(containerIdFrom(`/docker/${ID}\n`), ID);
    assert.equal(containerIdFrom(`/kubepods/burstable/pod1/${ID}`), ID);
    assert.equal(containerIdFrom(`/system.slice/docker-${ID}.scope`), ID);
    assert.equal(containerIdFrom('/'), undefined);
    assert.equal(containerIdFrom(undefined), undefined);
  });

  it('names the Kubernetes pod, container and namespace from HOSTNAME and NAMESPACE', () => {
    const attributes = traceAttributes({
      serviceInstanceId: false,
      environment: { KUBERNETES_SERVICE_HOST: '10.0.0.1', HOSTNAME: 'orders-7d9f-x2', NAMESPACE: 'shop', CONTAINER_NAME: 'orders' },
      readFile: (path) => (path === '/proc/1/cpuset' ? `/kubepods/${ID}` : path === '/etc/machine-id' ? 'm-123\n' : undefined),
    });
    assert.equal(attributes['k8s.pod.name'], 'orders-7d9f-x2');
    assert.equal(attributes['k8s.container.name'], 'orders');
    assert.equal(attributes['k8s.namespace.name'], 'shop');
    assert.equal(attributes['container.id'], ID);
  });

  it('host.id is the machine id hashed with the service name as key: stable, per service, never the id itself', () => {
    const readFile = (path: string) => (path === '/etc/machine-id' ? 'm-123\n' : undefined);
    const attributesOf = (serviceName: string) => traceAttributes({ serviceName, serviceInstanceId: false, environment: {}, readFile });
    const orders = attributesOf('orders');
    assert.equal(orders['host.id'], createHmac('sha256', 'orders').update('m-123').digest('hex').slice(0, 32));
    assert.equal(attributesOf('orders')['host.id'], orders['host.id']);
    assert.notEqual(attributesOf('payments')['host.id'], orders['host.id']);
    assert.ok(!JSON.stringify(orders).includes('m-123'), 'the machine id itself is nowhere');
  });

  it('only the service.* attributes are public', () => {
    const attributes = traceAttributes({
      serviceName: 'orders',
      serviceVersion: '3.1.4',
      serviceInstanceId: true,
      environment: { KUBERNETES_SERVICE_HOST: '10.0.0.1', HOSTNAME: 'orders-7d9f-x2', NAMESPACE: 'shop' },
      readFile: (path) => (path === '/etc/machine-id' ? 'm-123' : undefined),
    });
    assert.deepEqual(Object.keys(publicTraceAttributes(attributes)), ['service.name', 'service.version', 'service.instance.id']);
    assert.equal(publicTraceAttributes(attributes)['service.name'], 'orders');
  });

  it('outside Kubernetes there are no k8s.* attributes', () => {
    const attributes = traceAttributes({ serviceInstanceId: false, environment: { HOSTNAME: 'laptop' }, readFile: () => undefined });
    assert.deepEqual(Object.keys(attributes).filter((key) => key.startsWith('k8s.')), []);
    assert.equal(attributes['host.id'], undefined);
  });

  it('OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES override the defaults', () => {
    const attributes = traceAttributes({
      serviceName: 'from-package',
      serviceInstanceId: false,
      environment: { OTEL_SERVICE_NAME: 'orders', OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod,team=pay%20ments' },
      readFile: () => undefined,
    });
    assert.equal(attributes['service.name'], 'orders');
    assert.equal(attributes['deployment.environment'], 'prod');
    assert.equal(attributes.team, 'pay ments');
    assert.deepEqual(parseResourceAttributes('bad,=x,k=%E0%A4%A'), {});
  });
});
