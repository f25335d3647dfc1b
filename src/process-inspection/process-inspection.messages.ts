/** The texts of /heapdump, /profile and /report (answers and log lines). */
export const inspectionMessages = {
  inspectorUnavailable: (reason: string) => `The V8 inspector (node:inspector) is not available in this process: ${reason}`,
  inspectorRefused: (method: string, reason: string) => `The V8 inspector refused ${method}: ${reason}`,
  snapshotUnderWay: () => 'A heap snapshot is already being taken or downloaded; ask again when it is done (one at a time).',
  snapshotWouldNotFit: (needed: number, available: number, boundBy: string, factor: number) =>
    `A heap snapshot needs about ${megabytes(needed)} of free memory (${factor} times the V8 heap in use) and ${boundBy} leaves ` +
    `${megabytes(available)}: taking it could get the process killed for lack of memory, so it is refused.`,
  snapshotFailed: (reason: string) => `The heap snapshot failed half-way and was cut off: ${reason}`,
  profileUnderWay: (type: string, secondsLeft: number) =>
    `A ${type} profile is already recording (about ${secondsLeft} s left); ask again when it is done (one at a time).`,
  invalidSeconds: (value: string, max: number) => `Query parameter 'seconds' must be a whole number of seconds from 1 to ${max}, got '${value}'.`,
  invalidProfileType: (value: string) => `Query parameter 'type' must be 'cpu' (the default) or 'heap', got '${value}'.`,
  reportUnavailable: () => 'process.report is not available in this Node.js build.',
};

function megabytes(bytes: number): string {
  return `${Math.ceil(bytes / 1024 / 1024)} MiB`;
}
