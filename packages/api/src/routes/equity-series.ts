/**
 * An equity curve as the engines produce it (dates and a Float64Array of values) that answers as the API's
 * `[{date, value}, ...]` without an object per bar: its JSON text is written in one pass (the response), its stored
 * form is packed straight from the columns (`result-pack.ts`), and `toJSON` gives the objects to any other reader
 * (JSON.stringify, field selection). A twelve-year curve is 3,000 points: building, serialising and packing an
 * object per point was the largest part of a warm backtest's own time.
 */
import { JSON_TEXT } from '../middleware/fields.ts'

// The `{"date":"…","value":` prefix of each point, per dates array: a symbol's cached history hands the same
// array to every run over it.
const prefixes = new WeakMap<readonly string[], string[]>()

function prefixesOf(dates: readonly string[]): string[] {
  let p = prefixes.get(dates)
  if (!p) {
    p = dates.map((d) => `{"date":${JSON.stringify(d)},"value":`)
    prefixes.set(dates, p)
  }
  return p
}

/** An equity curve: one value per date, serialised as `[{date, value}]`. */
export class EquitySeries {
  constructor(
    readonly dates: readonly string[],
    readonly values: Float64Array,
  ) {}

  /** Number of points. */
  get length(): number {
    return this.values.length
  }

  /** The points as objects, for readers other than the response and the store. */
  toJSON(): { date: string; value: number | null }[] {
    return this.dates.map((date, i) => {
      const v = this.values[i]!
      return { date, value: Number.isFinite(v) ? v : null }
    })
  }

  /**
   * Exactly `JSON.stringify(this)`, written from the columns. Not kept: the series stays in memory until its
   * stored row is written (up to the result queue's bound), and its text is 60 bytes a point.
   */
  [JSON_TEXT](): string {
    const p = prefixesOf(this.dates)
    const parts = new Array<string>(p.length)
    for (let i = 0; i < p.length; i++) {
      const v = this.values[i]!
      parts[i] = `${p[i]}${Number.isFinite(v) ? v : 'null'}}`
    }
    return `[${parts.join(',')}]`
  }
}

/** The curve of `dates` and `values` (any array-like of numbers, e.g. one that came back from a worker). */
export const equitySeries = (dates: readonly string[], values: ArrayLike<number>): EquitySeries =>
  new EquitySeries(dates, values instanceof Float64Array ? values : Float64Array.from(values))
