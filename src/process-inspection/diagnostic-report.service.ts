import { Injectable } from '@nestjs/common';
import { scrubArguments, scrubEnvironment, scrubValue } from '../secrets/secret-scrubber.js';

type Report = Record<string, unknown> & {
  header?: Record<string, unknown> & { commandLine?: string[] };
  environmentVariables?: Record<string, string>;
  workers?: Report[];
};

/**
 * Node's diagnostic report (`process.report`): JavaScript and native stacks, heap spaces,
 * libuv handles, resource usage, loaded libraries, and the same of each worker thread; the
 * Node counterpart of a thread dump. The environment and the command line go through the
 * module's scrubber (secret-named variables and `--password=x`-style arguments hidden, URL
 * passwords cut out), and so does every other text in it.
 */
@Injectable()
export class DiagnosticReportService {
  /** The report, scrubbed; undefined when this Node.js build has no `process.report`. */
  collect(): object | undefined {
    const report = process.report?.getReport() as Report | undefined;
    return report && scrubReport(report);
  }
}

function scrubReport(report: Report): object {
  const { header, environmentVariables, workers, ...rest } = report;
  const { commandLine, ...headerRest } = header ?? {};
  return {
    header: { ...(scrubValue(headerRest) as object), commandLine: scrubArguments(commandLine ?? []) },
    ...(scrubValue(rest) as object),
    environmentVariables: scrubEnvironment(environmentVariables ?? {}),
    workers: (workers ?? []).map(scrubReport),
  };
}
