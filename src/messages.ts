/** Every error text the module produces, in one place so they stay consistent and testable. */

const describe = (value: unknown): string => {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'function') return 'a function';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return String(value);
};

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

  unknownNestedOption: (section: string, key: string, known: readonly string[]) =>
    `ManagementModule option '${section}.${key}' is not known. Known: ${known.join(', ')}.`,
  invalidBoolean: (key: string) => `ManagementModule option '${key}' must be true or false.`,
  invalidLogLevelControl: () =>
    `ManagementModule option 'loggers.control' must be an object with enabled() and set(levels) methods, ` +
    'e.g. pinoLogLevels(() => PinoLogger.root).',

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
};

/** Thrown at start-up (or on registration) for a configuration mistake; the message says how to fix it. */
export class ManagementConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManagementConfigurationError';
  }
}
