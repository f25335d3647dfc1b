/** Error and log texts of the Spring Boot Admin client. */
const option = (key: string) => `ManagementModule option 'springBootAdmin${key ? `.${key}` : ''}'`;

export const springBootAdminMessages = {
  notAnObject: () => `${option('')} must be an object such as { url: 'http://admin-server:8080' }.`,
  unknownKey: (key: string, known: readonly string[]) => `${option(key)} is not known. Known: ${known.join(', ')}.`,
  missingUrl: () => `${option('url')} is required: the Spring Boot Admin server's URL, or a list of them.`,
  invalidUrl: (key: string) =>
    `${option(key)} must be an absolute http or https URL such as 'http://admin-server:8080' (no query or fragment).`,
  notText: (key: string) => `${option(key)} must be a non-empty string.`,
  notBoolean: (key: string) => `${option(key)} must be true or false.`,
  invalidMilliseconds: (key: string, minimum: number, value: unknown) =>
    `${option(key)} must be a whole number of milliseconds from ${minimum} to 2147483647, got ${String(value)}.`,
  notStringMap: (key: string) => `${option(key)} must map names to strings, e.g. { 'user.name': 'admin' }.`,
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
