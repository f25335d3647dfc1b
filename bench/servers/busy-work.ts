/**
 * A fixed amount of CPU work: `iterations` rounds of an FNV-style multiply-xor hash. The hash is
 * returned so that nothing can be optimised away. A count of iterations, unlike a spin until a
 * deadline, costs the same CPU whatever else runs on the machine, so a probe server that takes CPU
 * from the application shows up as lower throughput.
 */
export function burn(iterations: number): number {
  let hash = 2_166_136_261;
  for (let index = 0; index < iterations; index++) hash = Math.imul(hash ^ index, 16_777_619);
  return hash >>> 0;
}

const SAMPLE_ITERATIONS = 5_000_000;

/** How many iterations of `burn` take `milliseconds` of CPU here: the fastest of a few timed runs, scaled. */
export function iterationsFor(milliseconds: number): number {
  for (let warmup = 0; warmup < 3; warmup++) burn(SAMPLE_ITERATIONS);
  let fastest = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    burn(SAMPLE_ITERATIONS);
    fastest = Math.min(fastest, performance.now() - started);
  }
  return Math.round((SAMPLE_ITERATIONS * milliseconds) / fastest);
}
