/**
 * `promise`, or `undefined` if it has not settled within `milliseconds`. The timer is cleared
 * either way, so nothing is left behind.
 */
export function withTimeout<T>(promise: Promise<T>, milliseconds: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, milliseconds, undefined);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
