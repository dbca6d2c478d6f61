import { randomUUID } from 'node:crypto'
import { type AlertInputs, alertLookback, stepAlert } from '@supernova/core'
import type { AlertRepository, AlertRule, AlertSource } from '@supernova/db'
import { channels, type RealtimePublisher } from '@supernova/realtime'
import type { SentimentHintSource } from '../deps.ts'
import type { MarketHistory } from '../market-history/service.ts'

/** One live price. */
export interface Tick {
  symbol: string
  price: number
  /** Epoch ms. */
  ts: number
}

/** A firing as delivered on `alerts:{owner}` and returned by the evaluator. */
export interface FiringMessage {
  id: string
  ruleId: string
  name: string | null
  symbol: string
  message: string
  value: number
  price: number
  source: AlertSource
  firedAt: string
}

/** What one evaluation pass did. */
export interface EvaluationResult {
  evaluated: number
  fired: FiringMessage[]
  /** State writes lost to another evaluator (its result stands). */
  conflicts: number
}

/** Cumulative counts for metrics. */
export interface EvaluatorStats {
  passes: number
  evaluated: number
  fired: number
  conflicts: number
  errors: number
}

/** Evaluates alert rules on ticks, new bars and a schedule; stores state and firings, publishes firings. */
export interface AlertEvaluator {
  /** Live prices: evaluated in the background, coalesced while a pass runs (latest price per symbol wins). */
  onTicks(ticks: readonly Tick[]): void
  /** New bars for these symbols (an import): evaluated on the last close. */
  onBars(symbols: readonly string[]): Promise<EvaluationResult>
  /** Every enabled rule (the scheduled task): on the latest live price when fresh, else the last close. */
  evaluateAll(source?: AlertSource): Promise<EvaluationResult>
  /** A rule was created, changed or deleted: the set of watched symbols is read again. */
  rulesChanged(): void
  /** Resolves when no tick pass is running or pending. */
  idle(): Promise<void>
  stats(): EvaluatorStats
}

export interface AlertEvaluatorOptions {
  rules: AlertRepository
  history: MarketHistory
  sentimentHints?: SentimentHintSource
  /** Where firings go (`alerts:{owner}`); without it they are only stored. */
  publisher?: RealtimePublisher
  /** A live price older than this is ignored by scheduled passes (default 5 minutes). */
  tickFreshMs?: number
  /** How long the set of watched symbols is trusted: rules changed on other instances show up within it (30 s). */
  watchedTtlMs?: number
  onError?: (err: unknown) => void
  now?: () => number
}

/**
 * The alert evaluator. Passes run one at a time in this process (a tick burst becomes one pass); across processes
 * the guarded state write in `saveState` makes sure a crossing fires once. A state is written when the rule fires
 * or re-arms (and on scheduled passes), not on every tick, so a quiet rule costs a read, not a write, per tick.
 */
export function alertEvaluator(o: AlertEvaluatorOptions): AlertEvaluator {
  const now = o.now ?? Date.now
  const freshMs = o.tickFreshMs ?? 5 * 60_000
  const latest = new Map<string, Tick>()
  const counts: EvaluatorStats = { passes: 0, evaluated: 0, fired: 0, conflicts: 0, errors: 0 }
  const watchedTtlMs = o.watchedTtlMs ?? 30_000
  let watched: Promise<Set<string>> | undefined
  let watchedAt = 0
  let pending = new Set<string>()
  let running: Promise<void> | undefined
  let queue: Promise<unknown> = Promise.resolve()

  const report = (err: unknown) => {
    counts.errors++
    o.onError?.(err)
  }
  // One pass at a time: two passes over the same rule would only race for the state write.
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = queue.then(fn, fn)
    queue = p.catch(() => {})
    return p
  }

  async function closesOf(symbols: string[]) {
    const out = new Map<string, Float64Array>()
    try {
      const read = await o.history.read(symbols)
      symbols.forEach((s, i) => {
        const close = read.series[i]?.close
        if (close) out.set(s, close)
      })
    } catch (err) {
      // An unknown or empty symbol fails the whole read; read one by one so the others are still evaluated.
      if (symbols.length === 1) throw err
      for (const s of symbols) for (const [k, v] of await closesOf([s]).catch(() => new Map())) out.set(k, v)
    }
    return out
  }

  async function pass(rules: AlertRule[], source: AlertSource): Promise<EvaluationResult> {
    counts.passes++
    const result: EvaluationResult = { evaluated: 0, fired: [], conflicts: 0 }
    if (rules.length === 0) return result
    const symbols = [...new Set(rules.map((r) => r.symbol))]
    const closes = await closesOf(symbols)
    const sentiment = new Map<string, number | undefined>()
    if (o.sentimentHints)
      for (const s of new Set(rules.filter((r) => r.condition.kind === 'sentiment').map((r) => r.symbol)))
        sentiment.set(s, (await o.sentimentHints.hint(s).catch(() => undefined))?.score)
    const at = new Date(now())
    for (const rule of rules) {
      const all = closes.get(rule.symbol)
      if (!all?.length) continue
      const tick = latest.get(rule.symbol)
      const live = source === 'tick' || (source === 'schedule' && !!tick && at.getTime() - tick.ts <= freshMs)
      const inputs: AlertInputs = {
        closes: all.subarray(Math.max(0, all.length - alertLookback(rule.condition) - 1)),
        price: live && tick ? tick.price : all[all.length - 1]!,
        live: live && !!tick,
        sentiment: sentiment.get(rule.symbol),
      }
      const step = stepAlert(rule, rule.state, inputs, at)
      if (!step.changed) continue
      result.evaluated++
      const transition = step.fired || step.state.armed !== rule.state.armed
      if (!transition && source === 'tick') continue
      const firing = step.fired && {
        id: `alf_${randomUUID()}`,
        owner: rule.owner,
        symbol: rule.symbol,
        value: step.fired.value,
        price: inputs.price,
        message: step.fired.message,
        source,
        firedAt: at,
      }
      if (!(await o.rules.saveState(rule, step.state, firing || undefined))) {
        result.conflicts++
        continue
      }
      if (!firing) continue
      const message: FiringMessage = {
        id: firing.id,
        ruleId: rule.id,
        name: rule.name,
        symbol: rule.symbol,
        message: firing.message,
        value: firing.value,
        price: firing.price,
        source,
        firedAt: at.toISOString(),
      }
      result.fired.push(message)
      // The firing id is the message id: a retried publish is delivered once.
      await o.publisher
        ?.publish(channels.alerts(rule.owner), 'alert', message, { id: firing.id })
        .catch(report)
    }
    counts.evaluated += result.evaluated
    counts.fired += result.fired.length
    counts.conflicts += result.conflicts
    return result
  }

  async function drainTicks(): Promise<void> {
    while (pending.size > 0) {
      const symbols = [...pending]
      pending = new Set()
      await serial(async () => pass(await o.rules.enabledFor(symbols), 'tick')).catch(report)
    }
  }

  return {
    onTicks(ticks) {
      for (const t of ticks) {
        const prev = latest.get(t.symbol)
        if (!prev || prev.ts <= t.ts) latest.set(t.symbol, t)
      }
      if (!watched || now() - watchedAt > watchedTtlMs) {
        watchedAt = now()
        watched = o.rules.watchedSymbols().then((s) => new Set(s))
      }
      watched.then(
        (w) => {
          for (const t of ticks) if (w.has(t.symbol)) pending.add(t.symbol)
          if (pending.size === 0 || running) return
          running = drainTicks().finally(() => {
            running = undefined
          })
        },
        (err) => {
          watched = undefined
          report(err)
        },
      )
    },
    onBars: (symbols) => serial(async () => pass(await o.rules.enabledFor(symbols), 'bar')),
    evaluateAll: (source = 'schedule') => serial(async () => pass(await o.rules.enabledFor(), source)),
    rulesChanged() {
      watched = undefined
    },
    async idle() {
      await watched?.catch(() => {})
      // A tick batch may have been queued while the last drain finished; loop until nothing is left.
      while (running) await running
      await queue
    },
    stats: () => ({ ...counts }),
  }
}
