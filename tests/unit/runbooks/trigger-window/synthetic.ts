/** Deterministic synthetic memory series for change-point tests. */
export function gaussian(seed: number): () => number {
  let state = seed >>> 0 || 1;
  const uniform = () => {
    // xorshift32: reproducible across runs and platforms.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

export const START = Date.UTC(2019, 9, 20, 0, 0, 0);
export const MINUTE = 60_000;

/** CSV `timestamp,value` with one point per minute (unix seconds), value = f(i) + noise·N(0,1). */
export function seriesCsv(count: number, f: (i: number) => number, noise = 0, seed = 1): string {
  const next = gaussian(seed);
  const lines = ["timestamp,value"];
  for (let i = 0; i < count; i++) lines.push(`${(START + i * MINUTE) / 1000},${f(i) + noise * next()}`);
  return lines.join("\n");
}
