/**
 * Change-point detection for memory series. The model is piecewise *linear*: each segment is a line,
 * so steady growth is one segment (no false steps on a slope), and a change is a jump in level (a step)
 * or a bend in slope. PELT finds the segmentation minimising residual squares plus a BIC-like penalty
 * per change (3 parameters: intercept, slope, position → c·σ²·ln n), with σ estimated robustly from
 * lagged differences and short spikes removed beforehand (see despike), so noise does not split.
 */

/** Prefix sums of t, y, t², ty, y² for O(1) least-squares fits of any index range. */
export class LineFitter {
  private readonly st: Float64Array;
  private readonly sy: Float64Array;
  private readonly stt: Float64Array;
  private readonly sty: Float64Array;
  private readonly syy: Float64Array;

  constructor(t: ArrayLike<number>, y: ArrayLike<number>) {
    const n = t.length;
    this.st = new Float64Array(n + 1);
    this.sy = new Float64Array(n + 1);
    this.stt = new Float64Array(n + 1);
    this.sty = new Float64Array(n + 1);
    this.syy = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) {
      this.st[i + 1] = this.st[i] + t[i];
      this.sy[i + 1] = this.sy[i] + y[i];
      this.stt[i + 1] = this.stt[i] + t[i] * t[i];
      this.sty[i + 1] = this.sty[i] + t[i] * y[i];
      this.syy[i + 1] = this.syy[i] + y[i] * y[i];
    }
  }

  private moments(a: number, b: number) {
    const n = b - a;
    const st = this.st[b] - this.st[a];
    const sy = this.sy[b] - this.sy[a];
    const sxx = this.stt[b] - this.stt[a] - (st * st) / n;
    const sxy = this.sty[b] - this.sty[a] - (st * sy) / n;
    const syy = this.syy[b] - this.syy[a] - (sy * sy) / n;
    return { n, meanT: st / n, meanY: sy / n, sxx, sxy, syy };
  }

  /** Residual sum of squares of the least-squares line through points [a, b). */
  cost(a: number, b: number): number {
    const m = this.moments(a, b);
    const rss = m.sxx > 1e-15 * m.n ? m.syy - (m.sxy * m.sxy) / m.sxx : m.syy;
    return rss > 0 ? rss : 0;
  }

  /** The least-squares line through points [a, b): y = intercept + slope·t. */
  line(a: number, b: number): { intercept: number; slope: number } {
    const m = this.moments(a, b);
    const slope = m.sxx > 1e-15 * m.n ? m.sxy / m.sxx : 0;
    return { intercept: m.meanY - slope * m.meanT, slope };
  }
}

function median(values: ArrayLike<number>): number {
  // Typed-array sort is numeric and several times faster than Array#sort with a comparator.
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Noise level from differences: MAD of the lag-k differences / √2, so a trend (a constant shift) or a few
 * jumps do not count. Memory metrics wander (neighbouring samples are correlated), which hides noise from
 * lag-1 differences, so lags 1, 2, 4 and 8 are tried and the largest estimate is kept — lags stay short
 * (at most 1/50 of the series) so a step contaminates few differences.
 */
export function robustNoise(y: ArrayLike<number>): number {
  if (y.length < 3) return 0;
  let estimate = 0;
  for (let lag = 1; lag <= 8 && (lag === 1 || lag * 50 <= y.length); lag *= 2) {
    const diffs = new Float64Array(y.length - lag);
    for (let i = lag; i < y.length; i++) diffs[i - lag] = y[i] - y[i - lag];
    const center = median(diffs);
    estimate = Math.max(estimate, (1.4826 * median(diffs.map((d) => Math.abs(d - center)))) / Math.SQRT2);
  }
  return estimate;
}

/**
 * Removes spikes: runs of at most `maxRun` points that leave the level around them by more than
 * `threshold` (all in the same direction) and come back to it — the level before the run and the level
 * after it (medians of `context` points each) agree within `threshold`. A step does not come back and a
 * ramp does not stand out from both sides, so neither is touched. At either end of the series, where
 * one side is missing, the run is judged against the trend of the side that exists (its median and
 * median pairwise slope), so the first points of a ramp are not mistaken for spikes. Spike points are
 * replaced by the level around them; returns the filtered copy and how many points were replaced.
 */
export function despike(y: ArrayLike<number>, threshold: number, maxRun = 3, context = 3): { values: Float64Array; replaced: number } {
  const values = Float64Array.from(y);
  let replaced = 0;
  if (values.length < maxRun + 2 * context) return { values, replaced };
  // Repeat until nothing changes: neighbouring outliers hide each other until one of them is gone.
  for (let pass = 0; pass < 5; pass++) {
    const changed = despikePass(values, threshold, maxRun, context);
    replaced += changed;
    if (changed === 0) break;
  }
  return { values, replaced };
}

/** Median of three without sorting: the despiker takes one per point of a series of 100k points. */
function median3(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}

/** At an end of the series: the trend of the 2·context points on the one side there is (Theil–Sen). */
function trendAt(values: Float64Array, start: number, end: number, context: number): ((i: number) => number) | null {
  const from = start === 0 ? end : start - 2 * context;
  const side = Array.from(values.subarray(Math.max(0, from), Math.min(values.length, from + 2 * context)));
  if (side.length < 3) return null;
  const slopes: number[] = [];
  for (let a = 0; a < side.length; a++) for (let b = a + 1; b < side.length; b++) slopes.push((side[b] - side[a]) / (b - a));
  const slope = median(slopes);
  const center = median(side.map((value, k) => value - slope * k));
  return (i: number) => center + slope * (i - Math.max(0, from));
}

function despikePass(values: Float64Array, threshold: number, maxRun: number, context: number): number {
  const n = values.length;
  // levels[k]: median of values[k, k + context) — the level before a run ending at k + context, or after one starting at k.
  const levels = new Float64Array(Math.max(0, n - context + 1));
  for (let k = 0; k + context <= n; k++) levels[k] = context === 3 ? median3(values[k], values[k + 1], values[k + 2]) : median(Array.from(values.subarray(k, k + context)));
  const levelOf = (from: number, to: number) => (from >= 0 && to <= n && to - from === context ? levels[from] : median(Array.from(values.subarray(Math.max(0, from), Math.min(n, to)))));
  let replaced = 0;
  for (let start = 0; start < n; start++) {
    for (let length = 1; length <= maxRun && start + length <= n; length++) {
      const end = start + length;
      let level: ((i: number) => number) | null;
      if (start > 0 && end < n) {
        const before = levelOf(start - context, start);
        // Cheap rejection first: most points sit at the level before them, and then no run starts here.
        if (Math.abs(values[start] - before) <= threshold) break;
        const after = levelOf(end, end + context);
        level = Math.abs(before - after) > threshold ? null : () => (before + after) / 2;
      } else level = trendAt(values, start, end, context);
      if (!level) continue;
      let direction = 0;
      let spike = true;
      for (let i = start; i < end && spike; i++) {
        const deviation = values[i] - level(i);
        spike = Math.abs(deviation) > threshold && (direction === 0 || Math.sign(deviation) === direction);
        direction = Math.sign(deviation);
      }
      if (!spike) continue;
      for (let i = start; i < end; i++) values[i] = level(i);
      replaced += length;
      break;
    }
  }
  return replaced;
}

/**
 * PELT (Killick et al. 2012) with linear-segment costs: the exact minimiser of Σ cost + penalty·changes
 * over segmentations whose segments have at least `minSize` points. Returns the first index of every
 * segment after the first. Pruning is valid because splitting a segment never raises its cost.
 */
export function pelt(fitter: LineFitter, n: number, penalty: number, minSize: number): number[] {
  if (n < 2 * minSize) return [];
  const best = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
  const previous = new Int32Array(n + 1);
  best[0] = -penalty;
  let candidates = [0];
  for (let t = minSize; t <= n; t++) {
    if (t - minSize >= minSize) candidates.push(t - minSize);
    let value = Number.POSITIVE_INFINITY;
    let arg = 0;
    const costs = new Float64Array(candidates.length);
    candidates.forEach((s, index) => {
      costs[index] = best[s] + fitter.cost(s, t);
      if (costs[index] + penalty < value) {
        value = costs[index] + penalty;
        arg = s;
      }
    });
    best[t] = value;
    previous[t] = arg;
    candidates = candidates.filter((_, index) => costs[index] <= value);
  }
  const changes: number[] = [];
  for (let t = n; t > 0; t = previous[t]) if (previous[t] > 0) changes.push(previous[t]);
  return changes.reverse();
}

/** Penalty per change: BIC for 3 parameters, doubled for robustness to non-Gaussian, correlated noise. */
export function changePenalty(noise: number, n: number): number {
  return 6 * noise * noise * Math.log(Math.max(n, 3));
}

/**
 * Moves a change found on a downsampled series to the best split of the original points between
 * `from` and `to` (original indices), keeping the neighbouring segments [lo, split) and [split, hi).
 */
export function refineSplit(fitter: LineFitter, lo: number, hi: number, from: number, to: number, minSize: number): number {
  let bestSplit = Math.min(Math.max(from, lo + minSize), hi - minSize);
  let bestCost = Number.POSITIVE_INFINITY;
  for (let split = Math.max(from, lo + minSize); split <= Math.min(to, hi - minSize); split++) {
    const cost = fitter.cost(lo, split) + fitter.cost(split, hi);
    if (cost < bestCost) {
      bestCost = cost;
      bestSplit = split;
    }
  }
  return bestSplit;
}

/**
 * Drops changes that do not pay for themselves on the full-resolution series: while removing the
 * weakest change raises the cost by less than `penalty`, remove it. (On an exact PELT result this
 * removes nothing; after downsampling, a bucket straddling a step can produce a spurious neighbour.)
 */
export function pruneWeakChanges(fitter: LineFitter, n: number, changes: number[], penalty: number): number[] {
  const kept = [...changes];
  for (;;) {
    let weakest = -1;
    let weakestGain = Number.POSITIVE_INFINITY;
    kept.forEach((change, i) => {
      const lo = i === 0 ? 0 : kept[i - 1];
      const hi = i === kept.length - 1 ? n : kept[i + 1];
      const gain = fitter.cost(lo, hi) - fitter.cost(lo, change) - fitter.cost(change, hi);
      if (gain < weakestGain) {
        weakestGain = gain;
        weakest = i;
      }
    });
    if (weakest < 0 || weakestGain >= penalty) return kept;
    kept.splice(weakest, 1);
  }
}
