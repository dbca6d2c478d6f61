/** Small, fast, seedable PRNG (mulberry32): the sample data must be identical on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Standard normal draws (Box-Muller, caching the second value). */
export function normal(rand: () => number): () => number {
  let spare: number | undefined
  return () => {
    if (spare !== undefined) {
      const s = spare
      spare = undefined
      return s
    }
    let u = 0
    while (u === 0) u = rand()
    const v = rand()
    const r = Math.sqrt(-2 * Math.log(u))
    spare = r * Math.sin(2 * Math.PI * v)
    return r * Math.cos(2 * Math.PI * v)
  }
}

/** Student-t draws with `nu` degrees of freedom, scaled to unit variance: fat tails for daily returns. */
export function studentT(rand: () => number, nu: number): () => number {
  const n = normal(rand)
  const scale = Math.sqrt((nu - 2) / nu)
  return () => {
    let chi = 0
    for (let i = 0; i < nu; i++) {
      const z = n()
      chi += z * z
    }
    return (n() / Math.sqrt(chi / nu)) * scale
  }
}

/** Stable 32-bit hash of a string (FNV-1a), used to derive per-symbol seeds. */
export function hashString(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}
