import { memoryCheck } from '../../src/index.js';
import type { ManagementModuleOptions } from '../../src/index.js';
import type { SampleConfig } from '../config/sample-config.js';
import { exchangeRatesCheck } from '../health/exchange-rates.check.js';
import { appVersion } from './app-version.js';
import { bearerTokenAuthorizer } from './bearer-token.authorizer.js';

/**
 * Every option of `ManagementModule` but the route-shaping ones (`basePath`, and `port`/`address`,
 * which would move the endpoints to their own server). `AppModule` passes them to `forRoot()`,
 * `AppAsyncModule` returns them from its `forRootAsync()` factory.
 */
export function managementOptions(config: SampleConfig): ManagementModuleOptions {
  return {
    // A check slower than this is DOWN; kept under Kubernetes' 1 s probe timeout.
    timeout: 750,
    // Reuse an UP result for 10 s and a DOWN one for 2 s; checks may override it.
    ttl: { up: 10_000, down: 2_000 },
    // Statuses are public; reasons and observed values only for the authorizer's yes.
    showDetails: 'when-authorized',
    // With the demo token (no MANAGEMENT_TOKEN set), this machine's own browser sees details too.
    authorizer: bearerTokenAuthorizer(config.managementToken, config.usesDemoToken),
    version: appVersion,
    // The embedded database makes this process large (~800 MB), hence the generous RSS limit.
    checks: [exchangeRatesCheck(config.exchangeRatesUrl), memoryCheck('memory', { maxRssBytes: 3 * 2 ** 30, groups: ['liveness'] })],
    // Another service running this module, by bare host:port: part of /z/health, not of
    // readiness (a dependency shared by every replica must not take them all out of service).
    // Nothing listens there in the sample, so it shows DOWN without failing /z/health (critical: false).
    serviceDependencies: { inventory_api: { url: config.inventoryHost, critical: false } },
    // With MANAGEMENT_PORT set, the probe worker answers Kubernetes' probes off the main thread:
    // liveness fails only when the event loop makes no progress for 10 s, and readiness refuses
    // traffic while the loop lags over 1 s (back once it stays under 500 ms for 5 s).
    probes: { stallLimit: 10_000, loadShedding: { maxDelay: 1_000 } },
    // Hold shutdown 2 s after readiness turns OUT_OF_SERVICE, so balancers move away first.
    drainDelay: 2_000,
    // Believe X-Forwarded-For from a proxy on this host; details only for loopback clients.
    access: { allow: ['loopback'], scope: 'details', trustProxy: 'loopback' },
    // Probe traffic stays out of the module's own log.
    noLog: true,
    // /info: a stable service.instance.id and a section of our own.
    info: { serviceInstanceId: true, contributors: { team: () => ({ owner: 'sample-team', docs: 'sample/README.md' }) } },
    // /environment: on, shown only to authorized requests, secrets scrubbed.
    environment: { enabled: true, custom: { region: 'local' } },
    // Health as Prometheus metrics in prom-client's default registry; /z/prometheus for authorized scrapers.
    prometheus: { enabled: true },
    // A live page of every check at /z/dashboard, for viewers the authorizer and allow-list admit;
    // it turns the status history on for its timeline, and reads results without running checks.
    dashboard: { enabled: true },
    // A look inside the live process, for the authorizer's yes only (an allow-listed address is not
    // enough): routes, modules and start-up, and a diagnostic report. /heapdump and
    // /profile stay off here: a heap snapshot holds every secret in memory.
    diagnostics: { mappings: true, beans: true, startup: true, report: true },
    // Register with a Spring Boot Admin server when one is configured.
    springBootAdmin: config.springBootAdminUrl ? { url: config.springBootAdminUrl } : undefined,
  };
}
