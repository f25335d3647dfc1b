import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { resolveManagementOptions } from '../../src/management.options.js';
import { ManagementConfigurationError } from '../../src/index.js';

function refuses(options: unknown, message: string): void {
  assert.throws(
    () => resolveManagementOptions(options),
    (error: unknown) => error instanceof ManagementConfigurationError && error.message === message,
  );
}

describe('grpc options', () => {
  it('are off by default, and default the address to the management one', () => {
    assert.equal(resolveManagementOptions({}).grpc, undefined);
    assert.equal(resolveManagementOptions({ port: 9000, grpc: {} }).grpc, undefined);
    const grpc = resolveManagementOptions({ port: 9000, address: '127.0.0.1', grpc: { port: 50051 } }).grpc!;
    assert.deepEqual({ port: grpc.port, address: grpc.address }, { port: 50051, address: '127.0.0.1' });
    assert.match(grpc.module, /@grpc[/\\]grpc-js[/\\]/);
    assert.equal(resolveManagementOptions({ port: 9000, grpc: { port: 0 } }).grpc!.address, '0.0.0.0');
    assert.equal(resolveManagementOptions({ port: 9000, grpc: { port: 0, address: '::1' } }).grpc!.address, '::1');
  });

  it('refuse a bad port, a bad address, an unknown key, a missing management port or worker, and the management port itself', () => {
    refuses({ port: 9000, grpc: { port: 70_000 } }, "ManagementModule option 'grpc.port' must be a port number from 0 to 65535 (0 picks a free one), got 70000.");
    refuses({ port: 9000, grpc: { port: '50051' } }, "ManagementModule option 'grpc.port' must be a port number from 0 to 65535 (0 picks a free one), got '50051'.");
    refuses({ port: 9000, grpc: { port: 1, address: '' } }, "ManagementModule option 'grpc.address' must be a host or IP address such as '127.0.0.1'.");
    refuses({ port: 9000, grpc: { prot: 1 } }, "ManagementModule option 'grpc.prot' is not known. Known: port, address.");
    assert.throws(() => resolveManagementOptions({ port: 9000, grpc: 50051 }), /'grpc'/);
    const withoutWorker =
      "ManagementModule option 'grpc.port' is served by the probe worker, which runs beside the management 'port': " +
      "set 'port' (e.g. 9000) too, and leave 'probes.worker' on. To serve the health service on your own gRPC microservice instead, see GrpcHealth.";
    refuses({ grpc: { port: 50051 } }, withoutWorker);
    refuses({ port: 9000, probes: { worker: false }, grpc: { port: 50051 } }, withoutWorker);
    refuses({ port: 9000, grpc: { port: 9000 } }, "ManagementModule option 'grpc.port' (9000) must differ from the management 'port': HTTP and gRPC are served on a port each.");
  });

  it('name @grpc/grpc-js when it is not installed', async () => {
    // A process whose entry script and working directory have no node_modules: nothing resolves @grpc/grpc-js.
    const directory = await mkdtemp(join(tmpdir(), 'grpc-options-'));
    try {
      const options = fileURLToPath(new URL('../../src/management.options.js', import.meta.url));
      const script = join(directory, 'resolve.mjs');
      await writeFile(
        script,
        `const { resolveManagementOptions } = await import(${JSON.stringify(options)});\n` +
          `try { resolveManagementOptions({ port: 9000, grpc: { port: 50051 } }); console.log('resolved'); } catch (error) { console.log(error.message); }\n`,
      );
      const { stdout } = await promisify(execFile)(process.execPath, [script], { cwd: directory });
      assert.equal(
        stdout.trim(),
        "ManagementModule option 'grpc.port' needs the package @grpc/grpc-js, which the probe worker loads from the application's node_modules, " +
          'and it is not installed there: run npm install @grpc/grpc-js (in a one-file bundle, leave @grpc/grpc-js out of the bundle and install it beside it).',
      );
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
