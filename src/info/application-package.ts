import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

/** The fields of the application's package.json that /info and /environment use. */
export interface ApplicationPackage {
  /** Directory holding the package.json (and, usually, node_modules). */
  readonly directory: string;
  readonly name?: string;
  readonly version?: string;
  readonly description?: string;
  readonly dependencies: Readonly<Record<string, string>>;
}

/**
 * Reads the application's package.json: `explicitPath` when given, else the nearest one above
 * the entry script (outside node_modules), else the working directory's. Missing or unreadable
 * files give an empty description rather than an error.
 */
export function readApplicationPackage(explicitPath?: string): ApplicationPackage {
  const key = explicitPath ?? '';
  let application = applications.get(key);
  if (!application) {
    application = readPackage(explicitPath);
    applications.set(key, application);
  }
  return application;
}

/** The application's package.json does not change while it runs: read once per path. */
const applications = new Map<string, ApplicationPackage>();

function readPackage(explicitPath: string | undefined): ApplicationPackage {
  const path = explicitPath ? resolve(explicitPath) : findPackageJson();
  const directory = path ? dirname(path) : process.cwd();
  const json = path ? readJson(path) : undefined;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const dependencies = json?.dependencies;
  return {
    directory,
    name: text(json?.name),
    version: text(json?.version),
    description: text(json?.description),
    dependencies: typeof dependencies === 'object' && dependencies !== null ? (dependencies as Record<string, string>) : {},
  };
}

/** The version installed under the application's node_modules, if it can be read. */
export function installedVersion(directory: string, dependency: string): string | undefined {
  const json = readJson(join(directory, 'node_modules', dependency, 'package.json'));
  return typeof json?.version === 'string' ? json.version : undefined;
}

function findPackageJson(): string | undefined {
  const entry = process.argv[1];
  for (const start of [entry ? dirname(resolve(entry)) : undefined, process.cwd()]) {
    let directory = start;
    while (directory) {
      const candidate = join(directory, 'package.json');
      if (!directory.split(sep).includes('node_modules') && existsSync(candidate)) return candidate;
      const parent = dirname(directory);
      directory = parent === directory ? undefined : parent;
    }
  }
  return undefined;
}

export function readJson(path: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
