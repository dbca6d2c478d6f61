import type { AppDeps } from '@supernova/api'
import { generateUniverseBars, SAMPLE_UNIVERSE } from '@supernova/core'
import { createPgliteDatabase, marketRepository, migrate, type SqlDatabase } from '@supernova/db'
import { buildAppDeps } from '@supernova/runtime'
import { observeContract } from './contract.ts'

/** The symbols test apps get: a few sectors, two years of bars, same generator as the shipped sample. */
export const TEST_SYMBOLS = ['AAPL', 'MSFT', 'JPM', 'XOM', 'KO', 'SPY'] as const

/** AppDeps over an in-memory PGlite (or the given database), migrated and seeded with a small universe. */
export async function createTestAppDeps(
  options: { db?: SqlDatabase; extra?: Partial<AppDeps>; from?: string; to?: string } = {},
): Promise<AppDeps & { close(): Promise<void> }> {
  const db = options.db ?? (await createPgliteDatabase())
  await migrate(db)
  const market = marketRepository(db)
  const universe = SAMPLE_UNIVERSE.filter((s) => (TEST_SYMBOLS as readonly string[]).includes(s.symbol))
  await market.upsertSymbols(universe)
  for (const cols of generateUniverseBars(universe, {
    from: options.from ?? '2022-01-03',
    to: options.to ?? '2023-12-29',
  }))
    await market.upsertBars(cols)
  // every app built over these deps checks its responses against its OpenAPI document (contract.ts)
  const deps = buildAppDeps(db, { observeResponse: observeContract, ...options.extra })
  return {
    ...deps,
    close: async () => {
      // results answered by the test's requests are written before the database closes
      await deps.results?.flush()
      await db.close()
    },
  }
}

/**
 * The same deps with some members swapped (a fresh monitor, another sentiment service...), rewired as createDeps
 * would: the new monitor observes the database and cache, hints follow the new sentiment service.
 */
export function withAppDeps(deps: AppDeps, overrides: Partial<AppDeps>): AppDeps {
  return buildAppDeps(deps.db, { ...deps, sentimentHints: undefined, ...overrides })
}
