import type { EChartsOption } from 'echarts'
import { INK } from '../theme.ts'

/** Milliseconds since the epoch of an ISO date (UTC midnight) or timestamp. */
export const toTime = (d: string): number => Date.parse(d.length === 10 ? `${d}T00:00:00Z` : d)

/** Legend along the top right, in ink colours. */
export function legend(names?: string[]): EChartsOption['legend'] {
  return {
    data: names,
    top: 6,
    right: 8,
    icon: 'roundRect',
    textStyle: { color: INK.text, fontSize: 12 },
    itemWidth: 14,
    itemHeight: 10,
  }
}

/** Fixed decimals that read well in labels. */
export const fmt = (v: number, digits = 2): string => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a')

/** Percent label of a fraction. */
export const pct = (v: number, digits = 1): string => `${fmt(v * 100, digits)} %`

/** Compact money label (1.2k, 3.4M). */
export function money(v: number): string {
  const a = Math.abs(v)
  if (a >= 1e9) return `${fmt(v / 1e9, 1)}B`
  if (a >= 1e6) return `${fmt(v / 1e6, 1)}M`
  if (a >= 1e4) return `${fmt(v / 1e3, 0)}k`
  return fmt(v, 0)
}
