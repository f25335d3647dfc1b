/** The own and inherited method names of a class's prototype (its routes' handlers), `constructor` left out. */
export function methodNames(prototype: object): string[] {
  const names = new Set<string>();
  for (let current = prototype; current && current !== Object.prototype; current = Object.getPrototypeOf(current) as object) {
    for (const name of Object.getOwnPropertyNames(current)) if (name !== 'constructor') names.add(name);
  }
  return [...names];
}

/** The method `name` of `prototype` or its ancestors, without running a getter of that name. */
export function methodOf(prototype: object, name: string): ((...args: never[]) => unknown) | undefined {
  for (let current: object | null = prototype; current && current !== Object.prototype; current = Object.getPrototypeOf(current) as object | null) {
    const descriptor = Object.getOwnPropertyDescriptor(current, name);
    if (descriptor) return typeof descriptor.value === 'function' ? (descriptor.value as (...args: never[]) => unknown) : undefined;
  }
  return undefined;
}
