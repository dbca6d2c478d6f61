import { generateUniverseBars, SAMPLE_UNIVERSE } from '@supernova/core'
import type { SqlDatabase } from '../port.ts'
import { marketRepository } from './market.ts'

/** Loads the deterministic sample universe when the database has no symbols yet; returns what it inserted. */
export async function seedSampleData(
  db: SqlDatabase,
  onProgress?: (done: number, total: number) => void,
): Promise<{ symbols: number; bars: number }> {
  const repo = marketRepository(db)
  if ((await repo.countSymbols()) > 0) return { symbols: 0, bars: 0 }
  await repo.upsertSymbols(SAMPLE_UNIVERSE)
  const all = generateUniverseBars(SAMPLE_UNIVERSE)
  let bars = 0
  for (const [i, cols] of all.entries()) {
    bars += await repo.upsertBars(cols)
    onProgress?.(i + 1, all.length)
  }
  return { symbols: SAMPLE_UNIVERSE.length, bars }
}
