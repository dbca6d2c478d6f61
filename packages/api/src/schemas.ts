import { isIsoDate } from '@supernova/core'
import { z } from 'zod'

/** A ticker: 1-10 upper-case letters, digits, dots or dashes (case-insensitive on input). */
export const SymbolParam = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9.-]{0,9}$/, 'expected a ticker such as AAPL (1-10 letters, digits, . or -)')
  .meta({ examples: ['AAPL'] })

/** Dates the API accepts: wide enough for any market history, narrow enough that the database never refuses one. */
export const DATE_RANGE = { min: '1900-01-01', max: '2100-12-31' } as const

/** True for a real calendar date (no 2025-02-30 rolling over to March) within DATE_RANGE. */
export const isSaneDate = (s: string): boolean => isIsoDate(s) && s >= DATE_RANGE.min && s <= DATE_RANGE.max

export const IsoDate = z
  .string()
  .refine(
    isSaneDate,
    `expected a calendar date as YYYY-MM-DD between ${DATE_RANGE.min} and ${DATE_RANGE.max}`,
  )
  .meta({ examples: ['2023-06-30'] })

/**
 * A query-string integer, strictly decimal: `0x10`, `1e2`, `+5`, ` 5` and `5.0` are 400s, not 16, 100 or 5
 * (z.coerce.number() would take them all).
 */
export const QueryInt = (min: number, max: number) => {
  const schema = z
    .string()
    .regex(/^-?\d{1,16}$/, 'expected a decimal integer (digits only)')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
  QUERY_INTS.set(schema, { min, max })
  return schema
}

/**
 * QueryInt schemas and their bounds: the OpenAPI document describes them as what a client sends, an integer
 * (`type: integer` with its bounds), not as the decimal-digits string the query parser checks.
 */
export const QUERY_INTS = new WeakMap<z.ZodType, { min: number; max: number }>()

/** `limit` for list endpoints: bounded, with a default. */
export const Limit = (def = 50, max = 1000) => QueryInt(1, max).default(def)

export const SymbolSchema = z.object({
  symbol: z.string(),
  name: z.string(),
  sector: z.string(),
  exchange: z.string(),
  currency: z.string(),
})

export const BarSchema = z.object({
  date: z.string(),
  open: z.number(),
  high: z.number(),
  low: z.number(),
  close: z.number(),
  volume: z.number(),
})

/** Envelope of every paginated list. */
export const Page = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    has_more: z.boolean(),
    next_cursor: z.string().nullable(),
    next_offset: z.number().int().optional().describe('offset paging: the offset of the next page'),
  })
