import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Path of the worker's entry file, next to this one. Read from the call stack, so the same source
 * works in the ESM and the CommonJS build (neither `import.meta.url` nor `__dirname` exists in both).
 */
export function probeWorkerFile(): string {
  const here = thisFile();
  return join(dirname(here), `probe-worker${extname(here)}`);
}

function thisFile(): string {
  const original = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = (_error, stack) => stack;
    const stack = new Error().stack as unknown as NodeJS.CallSite[];
    const name = stack[0]?.getFileName() ?? '';
    return name.startsWith('file:') ? fileURLToPath(name) : name;
  } finally {
    Error.prepareStackTrace = original;
  }
}
