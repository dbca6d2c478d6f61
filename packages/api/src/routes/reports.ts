import { NotFoundError, UnavailableError } from '@supernova/core'
import type { ResultKind } from '@supernova/db'
import {
  type ChartSpec,
  chartNames,
  chartsOf,
  pageOf,
  REPORT_CSP,
  renderPage,
  renderSvg,
  sentimentChart,
  svgToPng,
} from '@supernova/reports'
import type { Context, Hono } from 'hono'
import { LRUCache } from 'lru-cache'
import { z } from 'zod'
import type { AppEnv } from '../env.ts'
import { ownerOf } from '../identity.ts'
import { historyOf } from '../market-history/context.ts'
import { defineRoute, type OpenApi } from '../openapi.ts'
import { IsoDate, SymbolParam } from '../schemas.ts'
import { loadBars } from './analytics-inputs.ts'
import { loadResult, RESULT_PATH, ResultId } from './results.ts'

const ChartFile = z
  .string()
  .regex(/^[a-z-]+(\.(svg|png))?$/, 'expected a chart name such as equity.svg or equity.png')
const Theme = z.object({
  theme: z.enum(['light', 'dark']).default('light').describe('colours of the standalone chart'),
})

const CHART_RESPONSES = {
  200: {
    description: 'The chart as SVG (image/png with `Accept: image/png` or a `.png` name)',
    schema: z.string(),
    contentType: 'image/svg+xml',
    alternatives: {
      'image/png': { schema: z.string().describe('PNG image bytes'), example: '(binary PNG image)' },
    },
  },
}
const HTML_RESPONSES = {
  200: {
    description: 'A self-contained HTML page (inline SVG, no scripts)',
    schema: z.string(),
    contentType: 'text/html',
  },
}

/**
 * Rendered SVGs and pages of stored results, by owner, id, chart and ink: a stored result never changes, and a
 * render costs tens to hundreds of ms. Bounded by size (16 MB per process); sentiment charts are not cached.
 */
const rendered = new LRUCache<string, string>({ maxSize: 16 * 1024 * 1024, sizeCalculation: (v) => v.length })

async function cached(key: string | undefined, render: () => Promise<string>): Promise<string> {
  const hit = key === undefined ? undefined : rendered.get(key)
  if (hit !== undefined) return hit
  const out = await render()
  if (key !== undefined) rendered.set(key, out)
  return out
}

/** Sends a chart as SVG, or PNG when the name ends in .png or the client accepts image/png and not SVG. */
async function sendChart(
  c: Context<AppEnv>,
  spec: ChartSpec,
  file: string,
  theme: 'light' | 'dark',
  cacheKey?: string,
) {
  const accept = c.req.header('accept') ?? ''
  const png =
    file.endsWith('.png') ||
    (!file.endsWith('.svg') && /image\/png/i.test(accept) && !/image\/svg/i.test(accept))
  const svg = await cached(cacheKey && `${cacheKey}:${theme}`, () => renderSvg(spec, theme))
  c.header('Cache-Control', 'private, max-age=300')
  c.header('Vary', 'Accept')
  if (png)
    return c.body((await svgToPng(svg, theme)) as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'image/png',
    })
  return c.body(svg, 200, { 'Content-Type': 'image/svg+xml; charset=utf-8' })
}

/** The report page's own policy: a hashed stylesheet and nothing else (no script, no request elsewhere). */
function sendHtml(c: Context<AppEnv>, html: string) {
  c.header('Content-Security-Policy', REPORT_CSP)
  c.header('Cache-Control', 'private, max-age=60')
  c.header('X-Content-Type-Options', 'nosniff')
  return c.html(html)
}

function resultRoutes(app: Hono<AppEnv>, openapi: OpenApi, kind: ResultKind, noun: string, op: string) {
  const base = `/v1/${RESULT_PATH[kind]}`
  const tags = ['reports']
  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: `${base}/:id`,
      summary: `A stored ${noun} result (yours only): inputs, the answer, its chart names and report link`,
      operationId: `get${op}`,
      tags,
      params: z.object({ id: ResultId }),
      responses: {
        200: {
          description: `The ${noun} as stored`,
          schema: z.object({
            id: z.string(),
            kind: z.literal(kind),
            createdAt: z.string(),
            input: z.record(z.string(), z.unknown()),
            result: z.unknown(),
            charts: z.array(z.string()),
            report: z.string(),
          }),
        },
      },
    },
    async (c, { params }) => {
      const r = await loadResult(c, kind, params.id)
      c.header('Cache-Control', 'private, max-age=60')
      return c.json({
        id: r.id,
        kind,
        createdAt: r.createdAt,
        input: r.input,
        result: r.result,
        charts: chartNames(r).map((n) => `${base}/${r.id}/charts/${n}.svg`),
        report: `${base}/${r.id}/report`,
      })
    },
  )
  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: `${base}/:id/charts/:file`,
      summary: `One chart of a ${noun} as SVG or PNG`,
      operationId: `get${op}Chart`,
      tags,
      params: z.object({ id: ResultId, file: ChartFile }),
      query: Theme,
      responses: CHART_RESPONSES,
    },
    async (c, { params, query }) => {
      const r = await loadResult(c, kind, params.id)
      const name = params.file.replace(/\.(svg|png)$/, '')
      const spec = chartsOf(r).find((s) => s.name === name)
      if (!spec)
        throw new NotFoundError(`This ${noun} has no chart '${name}' (it has: ${chartNames(r).join(', ')}).`)
      return sendChart(c, spec, params.file, query.theme, `${ownerOf(c)}:${r.id}:${name}`)
    },
  )
  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: `${base}/:id/report`,
      summary: `The HTML report of a ${noun}: key figures, charts and inputs`,
      operationId: `get${op}Report`,
      tags,
      params: z.object({ id: ResultId }),
      responses: HTML_RESPONSES,
    },
    async (c, { params }) => {
      const r = await loadResult(c, kind, params.id)
      const html = await cached(`${ownerOf(c)}:${r.id}:report`, () => {
        const page = pageOf(r)
        page.links = [{ label: 'JSON', href: `${base}/${r.id}` }]
        return renderPage(page, chartsOf(r), (n) => `${base}/${r.id}/charts/${n}.svg`)
      })
      return sendHtml(c, html)
    },
  )
}

const SentimentRange = z.object({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  days: z.coerce
    .number()
    .int()
    .min(7)
    .max(3660)
    .default(180)
    .describe('window ending at `to` (default today)'),
})

async function sentimentSpec(c: Context<AppEnv>, symbol: string, q: z.output<typeof SentimentRange>) {
  const service = c.var.deps.sentiment
  if (!service) throw new UnavailableError('Sentiment is not configured on this deployment.')
  const to = q.to ? new Date(`${q.to}T00:00:00Z`) : new Date()
  const end = new Date(to.getTime() + 86_400_000)
  const from = q.from ? new Date(`${q.from}T00:00:00Z`) : new Date(end.getTime() - q.days * 86_400_000)
  const day = (d: Date) => d.toISOString().slice(0, 10)
  const [{ bars }, days] = await Promise.all([
    loadBars(historyOf(c.var.deps), { symbol, from: day(from), to: day(to) }),
    service.history({ symbol, from, to: end, interval: 'day' }),
  ])
  const series = {
    symbol,
    prices: bars.dates.map((date, i) => ({ date, close: bars.close[i]! })),
    days: days.map((d) => ({
      date: new Date(d.bucket).toISOString().slice(0, 10),
      meanScore: d.meanScore,
      count: d.count,
    })),
  }
  return { spec: sentimentChart(series), series, from: day(from), to: day(to) }
}

/** Stored results (backtests, studies, portfolios) with their charts and HTML reports; sentiment charts. */
export function reportRoutes(app: Hono<AppEnv>, openapi: OpenApi) {
  resultRoutes(app, openapi, 'backtest', 'backtest', 'Backtest')
  resultRoutes(app, openapi, 'optimization', 'optimisation study', 'Optimization')
  resultRoutes(app, openapi, 'portfolio', 'portfolio optimisation', 'Portfolio')

  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/v1/sentiment/:symbol/charts/:file',
      summary: 'Daily sentiment of a symbol over its price, as SVG or PNG (chart name: sentiment)',
      operationId: 'getSentimentChart',
      tags: ['reports'],
      params: z.object({ symbol: SymbolParam, file: ChartFile }),
      query: SentimentRange.extend(Theme.shape),
      responses: CHART_RESPONSES,
    },
    async (c, { params, query }) => {
      if (params.file.replace(/\.(svg|png)$/, '') !== 'sentiment')
        throw new NotFoundError(`Sentiment has one chart, 'sentiment', not '${params.file}'.`)
      const { spec } = await sentimentSpec(c, params.symbol, query)
      return sendChart(c, spec, params.file, query.theme)
    },
  )
  defineRoute(
    app,
    openapi,
    {
      method: 'get',
      path: '/v1/sentiment/:symbol/report',
      summary: 'HTML report of daily sentiment over the price of a symbol',
      operationId: 'getSentimentReport',
      tags: ['reports'],
      params: z.object({ symbol: SymbolParam }),
      query: SentimentRange,
      responses: HTML_RESPONSES,
    },
    async (c, { params, query }) => {
      const { spec, series, from, to } = await sentimentSpec(c, params.symbol, query)
      const scored = series.days.filter((d) => d.count > 0)
      const items = scored.reduce((s, d) => s + d.count, 0)
      const mean = items ? scored.reduce((s, d) => s + d.meanScore * d.count, 0) / items : Number.NaN
      const first = series.prices[0]?.close
      const last = series.prices.at(-1)?.close
      const html = await renderPage(
        {
          title: `Sentiment: ${params.symbol}`,
          subtitle: `${from} to ${to}`,
          figures: [
            { label: 'Items scored', value: String(items) },
            { label: 'Days with items', value: String(scored.length) },
            { label: 'Mean score', value: Number.isFinite(mean) ? mean.toFixed(3) : 'n/a' },
            {
              label: 'Price change',
              value: first && last ? `${(((last - first) / first) * 100).toFixed(1)} %` : 'n/a',
            },
          ],
          inputs: { symbol: params.symbol, from, to },
          links: [{ label: 'JSON', href: `/v1/sentiment/${params.symbol}/history?interval=day` }],
        },
        [spec],
        (n) => `/v1/sentiment/${params.symbol}/charts/${n}.svg`,
      )
      return sendHtml(c, html)
    },
  )
}
