/**
 * The client an indicator talks to: the object itself, or a function that returns it (or a promise
 * of it) for applications that create or replace their client later. A function is called on
 * every probe; whatever it throws or rejects with makes that probe DOWN.
 */
export type ClientSource<T> = T | (() => T | Promise<T>);

/** The client behind `source`, as it is now. */
export function currentClient<T extends object>(source: ClientSource<T>): T | Promise<T> {
  return typeof source === 'function' ? (source as () => T | Promise<T>)() : source;
}
