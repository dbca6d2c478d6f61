import {
  ConflictError,
  figuresFromInputs,
  LOCAL_OWNER,
  NotFoundError,
  type PortfolioFigureInputs,
} from '@supernova/core'
import { type ResultKind, resultRepository } from '@supernova/db'
import type { StoredResult } from '@supernova/reports'
import type { Context } from 'hono'
import { z } from 'zod'
import type { AppDeps } from '../deps.ts'
import type { AppEnv } from '../env.ts'
import { ownerOf } from '../identity.ts'
import { packStored, unpackStored } from './result-pack.ts'
import { type ResultWriter, resultWriter } from './result-writer.ts'

/** URL segment of each result kind. */
export const RESULT_PATH: Record<ResultKind, string> = {
  backtest: 'backtests',
  optimization: 'optimizations',
  portfolio: 'portfolios',
}

/** The task type whose result is a result of this kind (work that ran as a task keeps its result on the task row). */
const TASK_TYPE: Partial<Record<ResultKind, string>> = {
  backtest: 'basket-backtest',
  optimization: 'optimization',
  portfolio: 'portfolio-optimization',
}

/** A stored result's id, or a task's id where the work ran as a task. */
export const ResultId = z
  .string()
  .regex(/^(bt|opt|pf|task)_[0-9a-f-]{36}$/, 'expected a result id such as bt_0b6f… or a task id task_0b6f…')

/** The fields a synchronous answer gains once stored: its id and where its report is. */
export const StoredFields = {
  id: z.string().describe('the stored result: GET /v1/{backtests|optimizations|portfolios}/{id}'),
  report: z.string().describe('the HTML report of this result'),
}

// Apps built from hand-made deps (tests, benchmarks) get one writer per deps object.
const fallback = new WeakMap<AppDeps, ResultWriter>()

/** The app's result store: `deps.results` (built by buildAppDeps), else one write-behind writer over `deps.db`. */
export function resultsOf(deps: AppDeps): ResultWriter {
  if (deps.results) return deps.results
  let w = fallback.get(deps)
  if (!w) {
    w = resultWriter({ db: deps.db, registry: deps.monitor?.registry, logger: deps.logger })
    fallback.set(deps, w)
  }
  return w
}

/**
 * Stores a synchronous answer under an id owned by the caller and links to it (`Link` rel=alternate for the
 * report); returns the fields to merge into the answer. The row is written right after the answer (write-behind,
 * `result-writer.ts`); until it lands, reads of the id are served from memory. The answer and `extra` must not be
 * changed afterwards (they are serialised when written). `extra` may hold Float64Arrays (stored packed).
 */
export async function storeResult(
  c: Context<AppEnv>,
  kind: ResultKind,
  input: unknown,
  result: unknown,
  extra?: unknown,
): Promise<{ id: string; report: string }> {
  const row = await resultsOf(c.var.deps).accept({
    owner: ownerOf(c),
    kind,
    input: (input ?? {}) as Record<string, unknown>,
    result,
    extra: extra ?? null,
  })
  const self = `/v1/${RESULT_PATH[kind]}/${row.id}`
  const report = `${self}/report`
  c.header('Link', `<${self}>; rel="self", <${report}>; rel="alternate"; type="text/html"`)
  return { id: row.id, report }
}

/** Inputs worth showing that an answer does not already hold (bars inline are summarised, not repeated). */
export function reportInputs(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body }
  if (Array.isArray(body.bars)) out.bars = `${body.bars.length} inline bars`
  const prices = body.prices as { dates?: unknown[]; series?: Record<string, unknown> } | undefined
  if (prices?.dates)
    out.prices = `${Object.keys(prices.series ?? {}).length} inline series x ${prices.dates.length} dates`
  return out
}

/**
 * The caller's result of this kind: a stored row, or a succeeded task of the matching type. Another owner's id
 * reads as unknown (404); a task still running is a 409 that says so.
 */
export async function loadResult(c: Context<AppEnv>, kind: ResultKind, id: string): Promise<StoredResult> {
  const missing = () => new NotFoundError(`No ${kind} result '${id}'.`)
  if (id.startsWith('task_')) {
    const t = await c.var.deps.tasks?.get(id)
    // Tasks carry their owner once identity lands; rows written before that belong to the local owner.
    const owner = (t as { owner?: string } | undefined)?.owner ?? LOCAL_OWNER
    if (!t || owner !== ownerOf(c) || t.type !== TASK_TYPE[kind]) throw missing()
    if (t.status !== 'succeeded')
      throw new ConflictError(`Task '${id}' has no result yet (status ${t.status}).`, {
        details: [{ field: 'id', message: `status is ${t.status}` }],
      })
    // a portfolio task keeps the report's figures (frontier, clustering) beside its answer, as `extra` is stored
    const { figures, ...result } = t.result as Record<string, unknown>
    return {
      id,
      kind,
      createdAt: (t.finishedAt ?? t.createdAt).toISOString(),
      input: { task: id, strategy: result.strategy, objective: result.objective, method: result.method },
      result,
      extra: figures === undefined ? undefined : { figures },
    }
  }
  const queued = resultsOf(c.var.deps).pending(ownerOf(c), kind, id)
  if (queued) {
    // exactly as the row will read back (JSON data; Float64Arrays of `extra` as arrays)
    const stored = (v: unknown) => {
      const text = packStored(v)
      return text === null ? undefined : unpackStored(JSON.parse(text))
    }
    return {
      id,
      kind,
      createdAt: queued.createdAt.toISOString(),
      input: JSON.parse(JSON.stringify(queued.input)),
      result: stored(queued.result),
      extra: solveFigures(stored(queued.extra)),
    }
  }
  const row = await resultRepository(c.var.deps.db).get(ownerOf(c), kind, id)
  if (!row) throw missing()
  return {
    id: row.id,
    kind: row.kind,
    createdAt: row.createdAt.toISOString(),
    input: row.input,
    result: unpackStored(row.result) as StoredResult['result'],
    extra: solveFigures(unpackStored(row.extra) ?? undefined),
  }
}

/**
 * A portfolio answered synchronously stores its figure inputs (estimates and correlation), not its figures: the
 * frontier and clustering are solved here, when a report or chart reads the result (rows stored with `figures`
 * read as they are).
 */
function solveFigures(extra: StoredResult['extra']): StoredResult['extra'] {
  const inputs = (extra as { figureInputs?: PortfolioFigureInputs } | undefined)?.figureInputs
  if (!inputs) return extra
  const { figureInputs: _, ...rest } = extra as Record<string, unknown>
  return { ...rest, figures: figuresFromInputs(inputs) }
}
