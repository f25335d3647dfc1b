/** Error texts of service dependencies. */
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
