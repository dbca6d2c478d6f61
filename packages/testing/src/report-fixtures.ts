/** Sends a request to an app (`app.request`) or a server (`fetch` with a base URL). */
export type Requester = (path: string, init?: RequestInit) => Promise<Response> | Response

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

async function idOf(res: Response, what: string): Promise<string> {
  const b = (await res.json()) as { id?: string; error?: unknown }
  if (res.status !== 200 || !b.id) throw new Error(`${what}: ${res.status} ${JSON.stringify(b)}`)
  return b.id
}

/** Ids of one stored result of every kind and shape the reports draw. */
export interface ReportResults {
  backtest: string
  basket: string
  grid: string
  tpe: string
  walkForward: string
  portfolio: string
}

/**
 * Creates stored results through the public routes: a single-symbol backtest (trades on the price), a basket, a
 * grid study (heatmap), a TPE study (best so far), a walk-forward study and a portfolio (frontier, clustering).
 */
export async function createReportResults(
  request: Requester,
  symbols: readonly string[],
): Promise<ReportResults> {
  const [a, b, c] = symbols as [string, string, string]
  return {
    backtest: await idOf(
      await request(
        '/v1/backtests',
        json({ symbol: a, strategy: { name: 'ma_cross', params: { fast: 10, slow: 40 } } }),
      ),
      'backtest',
    ),
    basket: await idOf(
      await request(
        '/v1/backtests',
        json({
          symbols: [a, b, c],
          strategy: { name: 'ma_cross', params: { fast: 10, slow: 40 } },
          rebalanceEvery: 21,
        }),
      ),
      'basket',
    ),
    grid: await idOf(
      await request(
        '/v1/optimizations',
        json({
          symbol: b,
          strategy: 'ma_cross',
          method: 'grid',
          space: { fast: { min: 5, max: 30, step: 5 }, slow: { min: 40, max: 120, step: 20 } },
          objective: 'sharpe',
        }),
      ),
      'grid study',
    ),
    tpe: await idOf(
      await request(
        '/v1/optimizations',
        json({ symbol: c, strategy: 'ma_cross', method: 'tpe', trials: 40, seed: 7, objective: 'sharpe' }),
      ),
      'TPE study',
    ),
    walkForward: await idOf(
      await request(
        '/v1/optimizations',
        json({
          symbol: a,
          strategy: 'rsi_reversion',
          method: 'random',
          trials: 12,
          seed: 3,
          walkForward: { folds: 4 },
        }),
      ),
      'walk-forward study',
    ),
    portfolio: await idOf(
      await request('/v1/portfolios/optimize', json({ symbols, objective: 'max_sharpe', linkage: 'single' })),
      'portfolio',
    ),
  }
}

/** Stores scored news items for `symbol`, a few a day over the `days` days before `to`, through POST /v1/sentiment. */
export async function createSentimentItems(
  request: Requester,
  symbol: string,
  to: string,
  days = 90,
): Promise<void> {
  const words = [
    `${symbol} beats estimates and raises guidance`,
    `${symbol} slumps as demand weakens`,
    `${symbol} shares steady ahead of earnings`,
    `${symbol} rallies on record sales`,
  ]
  const end = Date.parse(`${to}T12:00:00Z`)
  const items = []
  for (let d = 0; d < days; d++)
    for (let k = 0; k < 1 + (d % 3); k++)
      items.push({
        text: words[(d * 7 + k) % words.length]!,
        symbol,
        time: new Date(end - d * 86_400_000 - k * 3_600_000).toISOString(),
      })
  for (let i = 0; i < items.length; i += 100) {
    const res = await request('/v1/sentiment', json({ items: items.slice(i, i + 100) }))
    if (res.status !== 200) throw new Error(`sentiment items: ${res.status} ${await res.text()}`)
  }
}
