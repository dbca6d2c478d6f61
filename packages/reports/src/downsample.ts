/**
 * Largest-Triangle-Three-Buckets (Steinarsson 2013): keeps the first and last point and, per bucket, the point
 * forming the largest triangle with its neighbours, so peaks and troughs survive. For display only: figures are
 * always computed on the full series. Returns the kept indices (ascending), so parallel columns stay aligned.
 */
export function lttbIndices(x: ArrayLike<number>, y: ArrayLike<number>, threshold: number): number[] {
  const n = y.length
  if (threshold >= n || threshold < 3) return Array.from({ length: n }, (_, i) => i)
  const kept = [0]
  const every = (n - 2) / (threshold - 2)
  let a = 0
  for (let i = 0; i < threshold - 2; i++) {
    const nextStart = Math.floor((i + 1) * every) + 1
    const nextEnd = Math.min(Math.floor((i + 2) * every) + 1, n)
    let avgX = 0
    let avgY = 0
    let count = 0
    for (let j = nextStart; j < nextEnd; j++) {
      if (!Number.isFinite(y[j]!)) continue
      avgX += x[j]!
      avgY += y[j]!
      count++
    }
    if (count > 0) {
      avgX /= count
      avgY /= count
    }
    const start = Math.floor(i * every) + 1
    const end = Math.floor((i + 1) * every) + 1
    let best = -1
    let pick = start
    for (let j = start; j < end; j++) {
      const area = Math.abs((x[a]! - avgX) * (y[j]! - y[a]!) - (x[a]! - x[j]!) * (avgY - y[a]!))
      if (area > best || !Number.isFinite(best)) {
        best = area
        pick = j
      }
    }
    kept.push(pick)
    a = pick
  }
  kept.push(n - 1)
  return kept
}

/** The default display budget: about one point per horizontal pixel pair of a 900 px chart. */
export const DISPLAY_POINTS = 600

/** Keeps at most `max` points of a time series (and `must` indices, such as trade bars, always). */
export function displayIndices(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  max = DISPLAY_POINTS,
  must: Iterable<number> = [],
): number[] {
  const keep = new Set(lttbIndices(times, values, max))
  for (const i of must) if (i >= 0 && i < values.length) keep.add(i)
  return [...keep].sort((p, q) => p - q)
}
