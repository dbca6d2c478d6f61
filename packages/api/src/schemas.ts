import { isIsoDate } from '@supernova/core'
import { z } from 'zod'

/** A ticker: 1-10 upper-case letters, digits, dots or dashes (case-insensitive on input). */
export const SymbolParam = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9.-]{0,9}$/, 'expected a ticker such as AAPL (1-10 letters, digits, . or -)')
  .meta({ examples: ['AAPL'] })

export const IsoDate = z
  .string()
  .refine(isIsoDate, 'expected a calendar date as YYYY-MM-DD')
  .meta({ examples: ['2023-06-30'] })

/** `limit` for list endpoints: bounded, with a default. */
export const Limit = (def = 50, max = 1000) => z.coerce.number().int().min(1).max(max).default(def)

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
