/** Every error text the module produces, in one place so they stay consistent and testable. */

const describe = (value: unknown): string => {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'function') return 'a function';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return String(value);
};

const bytes = (value: number): string => `${value} bytes`;

export const messages = {
  optionsNotObject: (value: unknown) =>
    `ManagementModule options must be an object, got ${describe(value)}.`,
  unknownOption: (key: string, known: readonly string[]) =>
    `ManagementModule option '${key}' is not known. Known options: ${known.join(', ')}.`,
  invalidBasePath: (value: unknown) =>
    `ManagementModule option 'basePath' must be a path such as '/z' or '/management' ` +
    `(a leading '/', letters, digits, '-', '_', '.', '/'), got ${describe(value)}.`,
  invalidDuration: (key: string, value: unknown, allowZero: boolean) =>
    `${key} must be a whole number of milliseconds ${allowZero ? '>= 0' : '> 0'} ` +
    `and at most 2147483647, got ${describe(value)}.`,
  invalidTtl: (key: string, value: unknown) =>
    `${key} must be milliseconds (a number) or { up, down } in milliseconds, got ${describe(value)}.`,
  invalidShowDetails: (value: unknown) =>
    `ManagementModule option 'showDetails' must be 'never', 'when-authorized' or 'always', got ${describe(value)}.`,
  invalidFunction: (key: string, value: unknown) =>
    `ManagementModule option '${key}' must be a function or a Nest guard, got ${describe(value)}.`,
  invalidVersion: (value: unknown) =>
    `ManagementModule option 'version' must be a string or a function returning one, got ${describe(value)}.`,
  invalidChecks: (value: unknown) =>
    `ManagementModule option 'checks' must be an array of { name, check, ...options }, got ${describe(value)}.`,
  invalidCheckName: (value: unknown) =>
    `Health check name must be 1 to 100 characters of letters, digits, '_', '-', '.' or ':' ` +
    `and start with a letter or digit, got ${describe(value)}.`,
  unknownCheckOption: (name: string, key: string, known: readonly string[]) =>
    `Health check '${name}' has an unknown option '${key}'. Known options: ${known.join(', ')}.`,
  reservedCheckName: (name: string) =>
    `Health check name '${name}' is reserved for a built-in group; choose another name.`,
  checkNameIsGroup: (name: string) =>
    `Health check name '${name}' is already used as a group name; check and group names share /health/{name}.`,
  groupNameIsCheck: (group: string, name: string) =>
    `Health check '${name}' puts itself in group '${group}', but a check is already named '${group}'; ` +
    `check and group names share /health/{name}.`,
  invalidGroups: (name: string, value: unknown) =>
    `Health check '${name}': 'groups' must be an array of group names, got ${describe(value)}.`,
  invalidCritical: (name: string, value: unknown) =>
    `Health check '${name}': 'critical' must be true or false, got ${describe(value)}.`,
  invalidCheckFlag: (name: string, key: string, value: unknown) =>
    `Health check '${name}': '${key}' must be true or false, got ${describe(value)}.`,
  invalidComponentType: (name: string, value: unknown) =>
    `Health check '${name}': 'componentType' must be a word such as 'datastore', 'system' or 'component', got ${describe(value)}.`,
  missingCheckFunction: (name: string, owner: string) =>
    `Health check '${name}' on ${owner} has no check() method; implement HealthIndicator.`,
  duplicateCheck: (name: string, first: string, second: string) =>
    `Two health checks are named '${name}' (${first} and ${second}); give each check its own name.`,
  nonStaticProvider: (name: string, owner: string) =>
    `Health check '${name}' is on ${owner}, which is request- or transient-scoped (or depends on such a ` +
    `provider); health checks must be singletons so that a probe does not build a request context.`,
  checkReturnedFalse: () => 'check returned false',
  checkReturnedInvalidStatus: (value: unknown) =>
    `check returned an invalid status ${describe(value)}; use UP, DOWN, OUT_OF_SERVICE or UNKNOWN`,
  checkReturnedUnsupported: (value: unknown) =>
    `check returned an unsupported value (${Array.isArray(value) ? 'array' : typeof value}); ` +
    'return nothing, a boolean or { status, details }',
  previousExecutionRunning: (runningForMs: number) =>
    `previous execution still running (for ${runningForMs} ms, past its timeout); not started again until it settles`,
  checkTimedOut: (timeout: number) => `check did not finish within ${timeout} ms`,
  checkDetailsNotSerializable: () => 'details could not be serialized to JSON',
  unknownHealthTarget: (name: string) => `No health component or group is named '${name}'.`,
  healthNameTooLong: (limit: number) => `A health component or group name is at most ${limit} characters.`,
  authorizerGrantsAnonymous: (guard: string) =>
    `ManagementModule option 'authorizer': the guard ${guard} lets an anonymous request (no headers, no user) ` +
    `see details, so everyone would. A guard that reads handler metadata such as roles finds it in ` +
    `'access.authorizerMetadata' (e.g. { roles: ['admin'] }); to show details to everyone use showDetails: 'always'.`,

  authorizerGrantsAnonymousOperations: (guard: string) =>
    `ManagementModule option 'authorizer': the guard ${guard} lets an anonymous request (no headers, no user) through, ` +
    `so with /loggers, /shutdown or a diagnostic endpoint enabled anyone could change log levels, shut the application down or read its memory. A guard that ` +
    `reads handler metadata such as roles finds it in 'access.authorizerMetadata' (e.g. { roles: ['admin'] }).`,
  unknownNestedOption: (section: string, key: string, known: readonly string[]) =>
    `ManagementModule option '${section}.${key}' is not known. Known: ${known.join(', ')}.`,
  invalidBoolean: (key: string) => `ManagementModule option '${key}' must be true or false.`,
  logLevelsChanged: (change: string, client: string) => `Log levels change ${change} through /loggers by ${client}.`,
  shutdownRequested: (client: string) => `Shutdown requested through /shutdown by ${client}.`,
  bodyTooSlow: (timeout: number) => `The request body did not arrive within ${timeout} ms.`,
  crossSiteOperation: (evidence: string) =>
    `A request from another site (${evidence}) may not change the application; send it from the same origin or from a client that is not a browser.`,
  operationNotJson: (contentType: string) =>
    `This operation takes a JSON body (Content-Type: application/json) or none, got Content-Type: ${contentType}.`,
  invalidPort: (value: unknown) => `ManagementModule option 'port' must be a port number from 0 to 65535, got ${describe(value)}.`,
  invalidAddress: () => `ManagementModule option 'address' must be a host or IP address such as '127.0.0.1'.`,
  invalidStatusMapping: () => "ManagementModule option 'statusHttpMapping' must map health statuses to HTTP status codes, e.g. { DOWN: 500 }.",
  unknownMappedStatus: (status: string, known: readonly string[]) =>
    `ManagementModule option 'statusHttpMapping' has an unknown status '${status}'; known statuses: ${known.join(', ')}.`,
  invalidMappedCode: (status: string, code: unknown) =>
    `ManagementModule option 'statusHttpMapping': the code for ${status} must be an HTTP status code from 200 to 599, got ${describe(code)}.`,
  invalidMetricsRegistry: () => "ManagementModule option 'prometheus.registry' must be a prom-client Registry (new Registry() or register).",
  invalidMetricPrefix: (value: unknown) =>
    `ManagementModule option 'prometheus.prefix' must be a valid start of a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*), got ${describe(value)}.`,
  promClientMissing: () => "ManagementModule option 'prometheus.enabled' needs the prom-client package: npm install prom-client.",
  metricAlreadyRegistered: (name: string) =>
    `ManagementModule option 'prometheus': the registry already has a metric named '${name}' (another ManagementModule in ` +
    `this process?). Give each its own 'registry' or 'prefix'.`,
  invalidRefreshInterval: (key: string, value: unknown, minimum: number) =>
    `ManagementModule option '${key}' must be a whole number of milliseconds from ${minimum} (the page polls that often), got ${String(value)}.`,
  invalidCount: (key: string, value: unknown, minimum: number, maximum: number) =>
    `${key.startsWith('Health check') ? key : `ManagementModule option '${key}'`} must be a whole number from ${minimum} to ${maximum}, got ${describe(value)}.`,
  reservedHistoryName: (name: string) =>
    `Health check or group name '${name}' is reserved: /health/history serves the status history; choose another name.`,
  invalidLogLevelControl: () =>
    `ManagementModule option 'loggers.control' must be an object with enabled() and set(levels) methods, ` +
    'e.g. pinoLogLevels(() => PinoLogger.root).',

  healthChangeHandlerFailed: (handler: string, reason: string) => `The health change handler ${handler} failed: ${reason}`,
  nonStaticHealthChangeHandler: (handler: string) =>
    `@OnHealthChange() is on ${handler}, whose provider is request- or transient-scoped (or depends on such a provider); ` +
    'health changes are delivered to singletons only, so make the provider default-scoped.',
  invalidWebhookUrl: (value: unknown) =>
    `ManagementModule option 'notifications.webhook.url' must be an http:// or https:// URL, got ${typeof value === 'string' ? 'an invalid URL' : describe(value)}.`,
  invalidWebhookHeaders: () => `ManagementModule option 'notifications.webhook.headers' must be an object of header names to string values.`,
  invalidWebhookKinds: (kinds: readonly string[]) =>
    `ManagementModule option 'notifications.webhook.kinds' must be a non-empty array of ${kinds.join(', ')}.`,
  webhookFailed: (url: string, attempts: number, reason: string) =>
    `The health webhook to ${url} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}; this change is dropped: ${reason}`,
  webhookQueueFull: (url: string, limit: number) =>
    `The health webhook to ${url} has ${limit} changes waiting; the oldest are dropped until it catches up.`,
  diagnosticsWithoutAuthorizer: (names: readonly string[]) =>
    `ManagementModule option 'diagnostics' turns on ${names.map((name) => `/${name}`).join(', ')}, which hand out the inside of the ` +
    "process (a heap snapshot holds every secret in memory), so they need an 'authorizer' that decides who may ask; " +
    "an address on 'access.allow' is not enough: every process behind that address (a sidecar, a proxy, the node) shares it.",
  diagnosticsRefused: (path: string) =>
    `${path} needs an authorized request: the 'authorizer' must accept it (and its address, if 'access.allow' is set, be on it).`,
  crossSiteDiagnostics: (evidence: string) =>
    `A request from another site (${evidence}) may not read the inside of the process; send it from the same origin or from a client that is not a browser.`,
  diagnosticsRequested: (method: string, path: string, client: string) => `${method} ${path} requested by ${client}.`,
  diagnosticsRefusedLog: (method: string, path: string, client: string, status: number) =>
    `${method} ${path} by ${client} refused (${status}).`,
  endpointDisabled: (path: string, option: string) => `${path} is off; enable it with the '${option}' option.`,
  detailsRefused: (path: string) => `${path} is shown only to authorized requests (see showDetails, authorizer and access).`,
  operationRefused: (what: string) =>
    `${what} needs an authorized request: the 'authorizer' must accept it (or, with no authorizer, its address must be on ` +
    `'access.allow'); showDetails does not open it.`,

  loggersNestLoggingOff: () =>
    'Nest logging is off (logger: false), so there are no levels to change; give NestFactory.create() a logger.',
  loggersWithoutSetLogLevels: (logger: string) =>
    `The application's logger (${logger}) has no setLogLevels(), so Nest cannot change its levels; ` +
    "implement setLogLevels() or give 'loggers.control' (pinoLogLevels(() => PinoLogger.root) for nestjs-pino).",
  loggersPinoMissing: () => 'The pino logger given to pinoLogLevels() is not there (is nestjs-pino set up?).',
  unknownLogger: (name: string) =>
    `No logger is named '${name}'. Nest has one set of log levels for the whole application: the logger 'ROOT'.`,
  loggersBodyNotJson: () =>
    'The body must be JSON such as {"configuredLevel":"debug"} or {"enabledLevels":["error","warn"]}.',
  loggersBodyNotObject: (value: unknown) =>
    `The body must be a JSON object such as {"configuredLevel":"debug"}, got ${describe(value)}.`,
  loggersUnknownField: (key: string) => `Unknown field '${key}'; give 'configuredLevel' or 'enabledLevels'.`,
  loggersFieldMissing: () => "Give 'configuredLevel' (a level, or null to restore the start-up levels) or 'enabledLevels' (a list).",
  loggersBothFields: () => "Give 'configuredLevel' or 'enabledLevels', not both.",
  loggersInvalidLevel: (field: string, value: unknown) =>
    `'${field}' must be one of off, fatal, error, warn, log, debug, verbose (or Spring's info, trace)` +
    `${field === 'configuredLevel' ? ' or null' : ''}, got ${describe(value)}.`,
  loggersInvalidLevels: (value: unknown) =>
    `'enabledLevels' must be an array of fatal, error, warn, log, debug, verbose (empty for none), got ${describe(value)}.`,

  shutdownStarted: (drainDelay: number) =>
    drainDelay > 0
      ? `Shutting down: readiness is OUT_OF_SERVICE and the application closes after draining for ${drainDelay} ms.`
      : 'Shutting down: readiness is OUT_OF_SERVICE and the application is closing.',
  shutdownAlreadyStarted: () => 'Already shutting down.',
  shutdownFailed: (reason: string) => `POST /shutdown: closing the application failed: ${reason}`,

  terminusUnsupportedResult: (value: unknown) =>
    `the terminus indicator resolved with ${describe(value)}; expected { key: { status: 'up' | 'down', ...details } }`,
  terminusDown: (keys: readonly string[]) => `terminus indicator ${keys.map((key) => `'${key}'`).join(', ')} is down`,
  terminusNotAFunction: (name: string) =>
    `terminusCheck('${name}', indicator): indicator must be a function such as () => memory.checkHeap('${name}', limit).`,

  notAnObject: (key: string) => `ManagementModule option '${key}' must be an object.`,
  invalidEnvironmentSection: (name: string, sections: readonly string[]) =>
    `ManagementModule option 'environment.sections.${name}' is not valid; use ${sections.join(', ')} with true or false.`,
  invalidEnvironmentSource: (key: string) => `ManagementModule option 'environment.${key}' must be an object or a function returning one.`,
  invalidAllowList: () => `ManagementModule option 'access.allow' must be an array of addresses or CIDR ranges.`,
  invalidScope: (scope: unknown) => `ManagementModule option 'access.scope' must be 'all' or 'details', got '${String(scope)}'.`,
  invalidTrustProxy: () => `ManagementModule option 'access.trustProxy' must be true/false, a hop count, or addresses/CIDR ranges.`,
  invalidAddressList: (key: string, reason: string) => `ManagementModule option '${key}' is not valid: ${reason}.`,
  invalidFilePath: (key: string) => `ManagementModule option '${key}' must be a file path (a string).`,
  invalidContributorOption: (name: string) => `ManagementModule option 'info.contributors.${name}' must be a function returning the section.`,
  invalidInfoSectionName: (name: unknown, source: string) => `An /info section name must be 1 to 128 characters, got '${String(name)}' from ${source}.`,
  builtInInfoSection: (name: string, source: string) => `The /info section '${name}' is built in; ${source} must use another name.`,
  duplicateInfoSection: (name: string, first: string, second: string) => `Two /info contributors are named '${name}' (${first} and ${second}).`,
  missingInfoFactory: (name: string, source: string) => `The /info section '${name}' from ${source} needs a function returning the section.`,
  nonStaticContributor: (name: string, owner: string) =>
    `The /info contributor '${name}' is on ${owner}, which is not a singleton; make it default-scoped.`,
  missingContribute: (name: string, owner: string) =>
    `The /info contributor '${name}' on ${owner} has no contribute() method; implement InfoSection.`,
  contributorTimedOut: (timeout: number) => `it did not answer within ${timeout} ms`,
  workerWithoutPort: () =>
    `ManagementModule option 'probes.worker' needs a management 'port': the worker serves that port. Set 'port' (e.g. 9000) or drop 'probes.worker'.`,
  stallLimitTooShort: (minimum: number, beat: number, value: number) =>
    `ManagementModule option 'probes.stallLimit' must be at least ${minimum} ms (the heartbeat beats every ${beat} ms, and a shorter stall is ordinary work), got ${value}.`,
  maxDelayTooShort: (minimum: number, value: number) =>
    `ManagementModule option 'probes.loadShedding.maxDelay' must be at least ${minimum} ms (timer jitter alone reaches tens of ms), got ${value}.`,
  recoverBelowTooHigh: (recoverBelow: number, maxDelay: number) =>
    `ManagementModule option 'probes.loadShedding.recoverBelow' (${recoverBelow}) must be below 'maxDelay' (${maxDelay}).`,
  workerExited: (code: number) => `the probe worker exited with code ${code}`,
  workerStartTimeout: (limit: number) => `the probe worker did not listen within ${limit} ms`,
  workerNotStarted: (reason: string, code: unknown) =>
    `The probe worker could not start (${reason}); serving the management port on the main thread instead, where a busy event loop delays the probes. ` +
    (code === 'ERR_ACCESS_DENIED'
      ? `Node's permission model forbids worker threads: start node with --allow-worker, or set 'probes: { worker: false }' to keep the port on the main thread without this warning.`
      : `Set 'probes: { worker: false }' to keep the port on the main thread without this warning.`),
  unsupportedRouteMethod: (controller: string, handler: string, method: string | undefined) =>
    `The management router serves GET, POST and OPTIONS routes; ${controller}.${handler} uses ${method}.`,
  endpointFailed: () => 'The management endpoint failed.',
  malformedPath: () => 'The request path is not valid URL encoding.',
  workerFailed: (reason: string) => `The probe worker failed (${reason}); serving the management port on the main thread from now on.`,
  managementPortLost: (reason: string) => `The management port could not be served on the main thread either: ${reason}`,
  noServerForEndpoints: (basePath: string) =>
    `Nothing serves the management endpoints (${basePath}): this application has no HTTP server (a microservice or an ` +
    `application context). Give ManagementModule.forRoot() a 'port' (e.g. { port: 9000 }) to serve them on a port of their own.`,
  transportSilent: (name: string) =>
    `The microservice transport ${name} has not said that it listens; start-up goes on as if it did.`,
  frontDoorBypassesEnhancers: (mount: string, guards: readonly string[], interceptors: readonly string[]) =>
    `The application's global guards (${guards.join(', ')})${interceptors.length > 0 ? ` and interceptors (${interceptors.join(', ')})` : ''} ` +
    `do not see the management endpoints under ${mount}: probes are answered ahead of the application's pipeline, and the ` +
    `module's own access rules (showDetails, authorizer, access) decide the rest. See docs/access.md, "Inside your application".`,

  environmentSectionFailed: (name: string, reason: string) => `The /environment section '${name}' failed: ${reason}`,
  environmentSectionFailedBody: () => 'section failed; see the application log',
  contributorFailed: (name: string, reason: string) => `The /info contributor '${name}' failed: ${reason}`,
  contributorFailedBody: () => 'contributor failed; see the application log',
  authorizerFailed: (reason: string) => `The management authorizer refused or failed, so details stay hidden: ${reason}`,
  versionFailed: (reason: string, fallback: string) => `The version option failed, so /version answers '${fallback}': ${reason}`,

  // The ready-made indicators.
  invalidLimit: (indicator: string, key: string, value: unknown, range: string) =>
    `${indicator}: '${key}' must be ${range}, got ${typeof value === 'number' ? value : typeof value}.`,
  invalidOption: (indicator: string, key: string, expected: string) => `${indicator}: '${key}' must be ${expected}.`,
  missingLimit: (indicator: string, keys: readonly string[]) =>
    `${indicator}: give at least one limit (${keys.join(', ')}).`,
  tooSlow: (latencyMs: number, limit: number) => `answered in ${latencyMs} ms, above the limit of ${limit} ms`,
  aboveLimit: (what: string, observed: number, limit: number) => `${what} ${bytes(observed)} is above the limit of ${bytes(limit)}`,
  ratioAboveLimit: (what: string, observed: number, limit: number) => `${what} ${observed} is above the limit of ${limit}`,
  belowLimit: (what: string, observed: number, limit: number, unit: 'bytes' | '') =>
    `${what} ${unit ? bytes(observed) : observed} is below the limit of ${unit ? bytes(limit) : limit}`,
  delayAboveLimit: (percentile: number, observed: number, limit: number) =>
    `event-loop delay p${percentile} ${observed} ms is above the limit of ${limit} ms`,
  notReady: (driver: string, state: string) => `${driver} connection is not ready (${state})`,
  closed: (driver: string) => `${driver} connection is closed`,
  notInitialized: () => 'TypeORM DataSource is not initialized',
  unexpectedReply: (reply: unknown) => `unexpected reply ${JSON.stringify(reply) ?? String(reply)}`,
  unexpectedStatus: (status: number, expected: string) => `answered HTTP ${status}; expected ${expected}`,
  bodyRejected: (status: number) => `answered HTTP ${status} with a body the predicate rejected`,
  bodyTooLarge: (limit: number) => `response body is larger than ${bytes(limit)}`,
  requestFailed: (reason: string) => `request failed: ${reason}`,
  invalidHosts: (value: unknown) =>
    `ManagementModule option 'access.hosts' must be an array of host names (e.g. ['app.internal', '.example.com']), got ${describe(value)}.`,
  invalidHostEntry: (entry: unknown) =>
    `ManagementModule option 'access.hosts' has ${describe(entry)}, which is not a host name: give a name such as 'app.internal' ` +
    `(no scheme, port or path), '.example.com' for a domain and its subdomains, or an IP address.`,
  untrustedHost: (host: string) =>
    `Refused: Host '${host}' is not a name this server answers to, and only the client's address lets this request in. ` +
    `A browser page on a name pointed at this address (DNS rebinding) looks like this. Call the server by an IP address ` +
    `or localhost, list the name in 'access.hosts', or use an 'authorizer'.`,
};

/** Service dependencies: configuration errors and the reasons a dependency is DOWN. */
export const dependencyMessages = {
  notAMap: () =>
    "ManagementModule option 'serviceDependencies' must be an object mapping names to URLs, " +
    "e.g. { users_api: 'https://user-service:9922/admin' }.",
  invalidEntry: (name: string) =>
    `Service dependency '${name}' must be a string (URL, host/path or host:port) or an object with a 'url' string.`,
  unknownKey: (name: string, key: string, known: readonly string[]) =>
    `Service dependency '${name}' has an unknown key '${key}'; known keys: ${known.join(', ')}.`,
  invalidHeaders: (name: string) => `Service dependency '${name}': 'headers' must map header names to strings.`,
  invalidUrl: (name: string, value: string) =>
    `Service dependency '${name}': '${value}' is not a valid URL (https://host:port/path), host/path or host[:port] ` +
    '(no spaces, query or fragment).',
  unsupportedScheme: (name: string, protocol: string) =>
    `Service dependency '${name}' uses '${protocol}'; only http and https are supported.`,
  notJson: (httpStatus: number) => `answered HTTP ${httpStatus} with a body that is not JSON`,
  notUp: (httpStatus: number, status: unknown) =>
    `answered HTTP ${httpStatus} with status ${typeof status === 'string' ? status : 'missing'}; expected HTTP 200 and "UP"`,
  tooLarge: (limit: number) => `response body is larger than ${limit} bytes`,
  tooManyRedirects: (limit: number) => `more than ${limit} redirects`,
  requestFailed: (reason: string) => `request failed: ${reason}`,
};

/** The Spring Boot Admin client: configuration errors and log lines. */
const springBootAdminOption = (key: string) => `ManagementModule option 'springBootAdmin${key ? `.${key}` : ''}'`;
export const springBootAdminMessages = {
  notAnObject: () => `${springBootAdminOption('')} must be an object such as { url: 'http://admin-server:8080' }.`,
  unknownKey: (key: string, known: readonly string[]) => `${springBootAdminOption(key)} is not known. Known: ${known.join(', ')}.`,
  missingUrl: () => `${springBootAdminOption('url')} is required: the Spring Boot Admin server's URL, or a list of them.`,
  invalidUrl: (key: string) =>
    `${springBootAdminOption(key)} must be an absolute http or https URL such as 'http://admin-server:8080' (no query or fragment).`,
  notText: (key: string) => `${springBootAdminOption(key)} must be a non-empty string.`,
  notBoolean: (key: string) => `${springBootAdminOption(key)} must be true or false.`,
  invalidMilliseconds: (key: string, minimum: number, value: unknown) =>
    `${springBootAdminOption(key)} must be a whole number of milliseconds from ${minimum} to 2147483647, got ${String(value)}.`,
  notStringMap: (key: string) => `${springBootAdminOption(key)} must map names to strings, e.g. { 'user.name': 'admin' }.`,
  halfCredentials: () =>
    "ManagementModule options 'springBootAdmin.username' and 'springBootAdmin.password' go together: " +
    'give both for basic authentication at the Spring Boot Admin server, or neither.',
  registered: (url: string, id: string) => `Registered with Spring Boot Admin at ${url} as instance ${id}.`,
  registrationFailed: (url: string, reason: string, period: number) =>
    `Could not register with Spring Boot Admin at ${url}: ${reason}. Retrying every ${period} ms; logged again once it succeeds.`,
  deregistrationFailed: (url: string, id: string, reason: string) =>
    `Could not deregister instance ${id} from Spring Boot Admin at ${url}: ${reason}.`,
  unknownAddress: () =>
    'Spring Boot Admin registration skipped: the application has no listening HTTP server to build its URLs from; ' +
    "set ManagementModule option 'springBootAdmin.serviceUrl' (and 'managementUrl' if the endpoints live elsewhere).",
  noId: (httpStatus: number) => `answered HTTP ${httpStatus} without an instance id`,
  httpStatus: (httpStatus: number) => `answered HTTP ${httpStatus}`,
  timedOut: (timeout: number) => `no answer within ${timeout} ms`,
  requestFailed: (reason: string) => `request failed: ${reason}`,
};

/** The probe command: usage, argument errors and the one line it prints on failure. */
export const probeMessages = {
  usage: () =>
    [
      'Usage: nestjs-management-endpoints probe [target] [--timeout <ms>]',
      '       node <path>/dist/esm/probe-command/probe.js [target] [--timeout <ms>]',
      '',
      'Requests a management endpoint once and exits 0 only if it answers HTTP 200.',
      'Made for Docker HEALTHCHECK and Kubernetes exec probes in images without curl.',
      '',
      'target (default: readiness)',
      '  a health group   liveness, readiness, startup, ...  ->  <base path>/health/<group>',
      '  a path           /z/health/liveness                 ->  on the host and port below',
      '  a URL            http://127.0.0.1:9000/z/health',
      '',
      'Options',
      '  --timeout <ms>   give up after this many milliseconds (default 800)',
      '  -h, --help       print this help',
      '',
      'Environment',
      '  MANAGEMENT_PORT       port of the management endpoints; else PORT; else 3000',
      '  MANAGEMENT_HOST       host to call (default 127.0.0.1)',
      '  MANAGEMENT_BASE_PATH  base path of the endpoints (default /z)',
      '',
      'Exit status: 0 HTTP 200; 1 any other answer, a timeout or no connection (one line on',
      'stderr names the URL and the reason); 2 bad arguments or environment.',
    ].join('\n'),
  usageError: (problem: string) => `probe: ${problem} (run with --help for usage)`,
  failed: (url: string, reason: string) => `probe failed: ${url} ${reason}`,

  unknownOption: (option: string) => `unknown option '${option}'`,
  extraArgument: (argument: string) => `only one target may be given, got another: '${argument}'`,
  missingValue: (option: string) => `option '${option}' needs a value`,
  invalidTimeout: (value: string) =>
    `--timeout must be a whole number of milliseconds > 0 and at most 2147483647, got '${value}'`,
  invalidPort: (variable: string, value: string) =>
    `${variable} must be a port number from 1 to 65535, got '${value}'`,
  invalidBasePath: (value: string) =>
    `MANAGEMENT_BASE_PATH must be a path such as '/z' or '/management' (a leading '/', letters, digits, ` +
    `'-', '_', '.', '/'), got '${value}'`,
  invalidHost: (value: string) => `MANAGEMENT_HOST must be a host name or an IP address, got '${value}'`,
  invalidTarget: (value: string) =>
    `'${value}' is not a health group (e.g. liveness), a path starting with '/' or an http(s) URL`,
  unsupportedScheme: (value: string) => `'${value}' is not an http or https URL`,

  answered: (status: number, statusText: string | undefined, healthStatus: string | undefined) =>
    `answered ${status}${statusText ? ` ${statusText}` : ''}${healthStatus ? ` (status ${healthStatus})` : ''}, expected 200`,
  timedOut: (timeoutMs: number) => `did not answer within ${timeoutMs} ms`,
  refused: () => 'refused the connection (nothing listens there)',
  hostNotFound: (code: string) => `names a host that was not found (${code})`,
  closed: (code: string) => `closed the connection without an answer (${code})`,
  requestFailed: (reason: string) => `could not be requested: ${reason}`,
  oddPath: (value: string) =>
    `'${value}' is not a path to probe: it may not start with '//' or hold an empty, '.' or '..' segment`,
};

/** Thrown at start-up (or on registration) for a configuration mistake; the message says how to fix it. */
export class ManagementConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManagementConfigurationError';
  }
}

/** The module's own HTTP client (service dependencies, webhooks, Spring Boot Admin, httpCheck). */
export const outboundMessages = {
  timedOut: (timeout: number) => `no answer within ${timeout} ms`,
  bodyTooLarge: (limit: number) => `response body is larger than ${limit} bytes`,
  tooManyRedirects: (limit: number) => `more than ${limit} redirects`,
  unsupportedScheme: (protocol: string) => `'${protocol}' is not http: or https:`,
};
