import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { MANAGEMENT_BASE_PATH, SampleConfig } from '../../sample/config/sample-config.js';
import { managementOptions } from '../../sample/management/management-options.js';
import { dockerDurationMs, readDockerfile } from '../support/dockerfile.js';
import { nodeOnlyPath, runProbeCommand } from '../support/probe-command.js';
import type { NodeOnlyPath } from '../support/probe-command.js';
import { unusedPort } from '../support/stalled-server.js';
import { waitUntil } from '../support/wait-until.js';

// The deploy examples must describe what the sample really serves: these tests read them and
// probe the running sample (build/sample/main.js) at the ports and paths they name.

const fromRoot = (path: string): string => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const SAMPLE_MAIN = fileURLToPath(new URL('../../sample/main.js', import.meta.url));
/** Time a pod needs after the drain to finish in-flight requests and close; the grace period must cover both. */
const SHUTDOWN_MARGIN_MS = 10_000;
/** How long a probe of the probe command may take besides its own timeout: starting node. */
const NODE_START_MARGIN_MS = 1_000;

interface HttpGetProbe {
  readonly httpGet: { readonly path: string; readonly port: number | string };
  readonly timeoutSeconds?: number;
}
interface Container {
  readonly name: string;
  readonly ports: { readonly name?: string; readonly containerPort: number }[];
  readonly env: { readonly name: string; readonly value?: string }[];
  readonly startupProbe?: HttpGetProbe;
  readonly livenessProbe?: HttpGetProbe;
  readonly readinessProbe?: HttpGetProbe;
}
interface Deployment {
  readonly kind: 'Deployment';
  readonly spec: {
    readonly template: {
      readonly metadata: { readonly labels: Record<string, string> };
      readonly spec: { readonly terminationGracePeriodSeconds?: number; readonly containers: Container[] };
    };
  };
}
interface Service {
  readonly kind: 'Service';
  readonly spec: { readonly selector: Record<string, string>; readonly ports: { readonly port: number; readonly targetPort: number | string }[] };
}

function readManifests(path: string): unknown[] {
  return parseAllDocuments(readFileSync(fromRoot(path), 'utf8')).map((document) => {
    assert.deepEqual(document.errors, [], `${path} parses`);
    return document.toJS() as unknown;
  });
}

const [deployment] = readManifests('examples/kubernetes/deployment.yaml') as [Deployment];
const [service] = readManifests('examples/kubernetes/service.yaml') as [Service];
const container = deployment.spec.template.spec.containers[0]!;
const containerEnv = Object.fromEntries(container.env.map(({ name, value }) => [name, value ?? '']));
const runtimeStage = readDockerfile(fromRoot('examples/docker/Dockerfile')).at(-1)!;
const sampleOptions = managementOptions(new SampleConfig());
const PROBES = ['startupProbe', 'livenessProbe', 'readinessProbe'] as const;

/** The container port a probe or Service names, by number or by the port's name. */
function containerPort(port: number | string): number {
  if (typeof port === 'number') return port;
  const named = container.ports.find((candidate) => candidate.name === port);
  assert.ok(named, `the container has a port named '${port}'`);
  return named.containerPort;
}

/** The running sample, with the manifest's PORT and MANAGEMENT_PORT moved to free local ports. */
interface RunningSample {
  readonly child: ChildProcess;
  readonly exited: Promise<unknown>;
  /** Manifest port -> the local port standing in for it. */
  readonly localPort: Map<number, number>;
}

let sample: RunningSample;
let bin: NodeOnlyPath;

const managementPort = (): number => Number(containerEnv.MANAGEMENT_PORT);
const appPort = (): number => Number(containerEnv.PORT);
const localUrl = (manifestPort: number, path: string): string => `http://127.0.0.1:${sample.localPort.get(manifestPort)}${path}`;

before(async () => {
  bin = nodeOnlyPath();
  const localPort = new Map([
    [appPort(), await unusedPort()],
    [managementPort(), await unusedPort()],
  ]);
  // As in the pod: the image's ENV, overridden by the container's env.
  const env = {
    ...process.env,
    ...runtimeStage.env,
    ...containerEnv,
    PORT: String(localPort.get(appPort())),
    MANAGEMENT_PORT: String(localPort.get(managementPort())),
    WARMUP_MS: '500',
  };
  const child = spawn(process.execPath, [SAMPLE_MAIN], { env, stdio: 'ignore' });
  sample = { child, exited: once(child, 'exit'), localPort };
  const startup = container.startupProbe!.httpGet;
  await waitUntil(
    'the sample passes its startup probe',
    async () => (await fetch(localUrl(containerPort(startup.port), startup.path))).status,
    (status) => status === 200,
    { deadline: 60_000, every: 100 },
  );
});

after(async () => {
  bin.remove();
  if (sample.child.exitCode === null && sample.child.signalCode === null) sample.child.kill('SIGKILL');
  await sample.exited;
});

describe('Kubernetes example (examples/kubernetes)', () => {
  it('sets PORT and MANAGEMENT_PORT to container ports the container declares', () => {
    const declared = container.ports.map((port) => port.containerPort);
    assert.ok(declared.includes(appPort()), `containerPort ${appPort()} (PORT) is declared`);
    assert.ok(declared.includes(managementPort()), `containerPort ${managementPort()} (MANAGEMENT_PORT) is declared`);
    assert.notEqual(appPort(), managementPort());
  });

  for (const probe of PROBES) {
    it(`${probe} targets the management port, and the sample answers 200 there (404 on the app port)`, async () => {
      const { httpGet, timeoutSeconds = 1 } = container[probe]!;
      assert.equal(containerPort(httpGet.port), managementPort(), `${probe} port is MANAGEMENT_PORT`);
      assert.ok(httpGet.path.startsWith(`${MANAGEMENT_BASE_PATH}/health/`), `${probe} path is under the sample's base path`);
      assert.ok(timeoutSeconds * 1000 > sampleOptions.timeout!, `${probe} timeoutSeconds leaves room for the sample's check timeout`);
      const answer = await waitUntil(
        `${httpGet.path} answers 200`,
        async () => (await fetch(localUrl(managementPort(), httpGet.path))).status,
        (status) => status === 200,
      );
      assert.equal(answer, 200);
      assert.equal((await fetch(localUrl(appPort(), httpGet.path))).status, 404, 'the endpoints are on the management port only');
    });
  }

  it('the Service selects the pods and sends traffic to the app port, not the management port', () => {
    for (const [key, value] of Object.entries(service.spec.selector)) {
      assert.equal(deployment.spec.template.metadata.labels[key], value, `pod label ${key}=${value}`);
    }
    for (const port of service.spec.ports) assert.equal(containerPort(port.targetPort), appPort());
  });
});

describe('Dockerfile example (examples/docker/Dockerfile)', () => {
  it('copies only files that exist and runs files the build produces', () => {
    const builder = readDockerfile(fromRoot('examples/docker/Dockerfile'))[0]!;
    for (const source of builder.copiedFromContext) assert.ok(existsSync(fromRoot(source)), `COPY ${source} exists`);
    const [entry] = runtimeStage.cmd!;
    assert.ok(existsSync(fromRoot(entry!)), `CMD ${entry} is built`);
    assert.ok(existsSync(fromRoot(runtimeStage.healthcheck!.command[1]!)), 'the HEALTHCHECK script is built');
  });

  it('sets the ports the Kubernetes example uses and exposes them', () => {
    assert.equal(Number(runtimeStage.env.PORT), appPort());
    assert.equal(Number(runtimeStage.env.MANAGEMENT_PORT), managementPort());
    assert.deepEqual([...runtimeStage.expose].sort(), [appPort(), managementPort()].sort());
  });

  it('HEALTHCHECK runs the probe command with node alone, within Docker\'s timeout', () => {
    const { command, options } = runtimeStage.healthcheck!;
    assert.equal(command[0], '/nodejs/bin/node', "the distroless image's node, no shell");
    assert.equal(command[1], 'build/src/probe-command/probe.js');
    const timeout = command.indexOf('--timeout');
    const probeTimeoutMs = timeout === -1 ? 800 : Number(command[timeout + 1]);
    assert.ok(dockerDurationMs(options.timeout!) >= probeTimeoutMs + NODE_START_MARGIN_MS, 'Docker waits longer than the probe');
  });

  it("HEALTHCHECK's command exits 0 against the running sample, with the image's environment and a PATH of node only", async () => {
    const { command } = runtimeStage.healthcheck!;
    const env = { ...runtimeStage.env, MANAGEMENT_PORT: String(sample.localPort.get(managementPort())), PORT: String(sample.localPort.get(appPort())) };
    const run = await runProbeCommand(bin.path, command.slice(2), env, fromRoot(command[1]!));
    assert.deepEqual({ exitCode: run.exitCode, stdout: run.stdout, stderr: run.stderr }, { exitCode: 0, stdout: '', stderr: '' });
  });
});

describe('shutdown of the deployed sample', () => {
  it('drains (readiness 503, HEALTHCHECK fails) and exits well within terminationGracePeriodSeconds', async () => {
    const graceMs = (deployment.spec.template.spec.terminationGracePeriodSeconds ?? 30) * 1000;
    const drainDelay = sampleOptions.drainDelay!;
    assert.ok(graceMs >= drainDelay + SHUTDOWN_MARGIN_MS, `grace ${graceMs} ms covers drainDelay ${drainDelay} ms + ${SHUTDOWN_MARGIN_MS} ms`);

    const readiness = container.readinessProbe!.httpGet;
    const signalled = performance.now();
    sample.child.kill('SIGTERM');
    const draining = await waitUntil(
      'readiness turns 503 within the drain',
      async () => {
        const response = await fetch(localUrl(containerPort(readiness.port), readiness.path));
        return { status: response.status, body: await response.text() };
      },
      (answer) => answer.status !== 200,
      { deadline: drainDelay / 2, every: 10 },
    );
    assert.deepEqual(draining, { status: 503, body: '{"status":"OUT_OF_SERVICE"}' });
    const { command } = runtimeStage.healthcheck!;
    const env = { ...runtimeStage.env, MANAGEMENT_PORT: String(sample.localPort.get(managementPort())) };
    const probe = await runProbeCommand(bin.path, command.slice(2), env, fromRoot(command[1]!));
    assert.equal(probe.exitCode, 1);
    assert.match(probe.stderr, /^probe failed: http:\/\/127\.0\.0\.1:\d+\/z\/health\/readiness answered 503 Service Unavailable \(status OUT_OF_SERVICE\), expected 200\n$/);

    await sample.exited;
    const shutdownMs = performance.now() - signalled;
    assert.ok(shutdownMs >= drainDelay, `held for the drain (${Math.round(shutdownMs)} ms)`);
    assert.ok(shutdownMs + SHUTDOWN_MARGIN_MS / 2 < graceMs, `exited after ${Math.round(shutdownMs)} ms, well before SIGKILL at ${graceMs} ms`);
  });
});
