import { SAMPLE_UNIVERSE, type SymbolInfo, universeBars } from '@supernova/core'
import type { SqlDatabase } from '../port.ts'
import { marketRepository } from './market.ts'

/** Loads the deterministic sample universe when the database has no symbols yet; returns what it inserted. */
export async function seedSampleData(
  db: SqlDatabase,
  onProgress?: (done: number, total: number) => void,
  universe: readonly SymbolInfo[] = SAMPLE_UNIVERSE,
): Promise<{ symbols: number; bars: number }> {
  const repo = marketRepository(db)
  if ((await repo.countSymbols()) > 0) return { symbols: 0, bars: 0 }
  await repo.upsertSymbols(universe)
  // One symbol's columns at a time (generated, sent as one statement, dropped): the loader stays small.
  let bars = 0
  let done = 0
  for (const cols of universeBars(universe)) {
    bars += await repo.upsertBars(cols)
    onProgress?.(++done, universe.length)
  }
  return { symbols: universe.length, bars }
}
