/** Postgres type OIDs whose text form we parse the same way in every adapter. */
export const OID = { int8: 20, numeric: 1700, date: 1082 } as const

const toNumber = (v: string): number => Number(v)
const identity = (v: string): string => v

/** Parsers applied by every adapter: int8/numeric as numbers, date as its 'YYYY-MM-DD' text (no time-zone shifts). */
export const textParsers: Record<number, (value: string) => unknown> = {
  [OID.int8]: toNumber,
  [OID.numeric]: toNumber,
  [OID.date]: identity,
}

/** A pg-types compatible `types` object, for pg and Neon. */
// biome-ignore lint/suspicious/noExplicitAny: pg-types' own signature
export function pgTypes(base: { getTypeParser: (oid: number, format?: any) => any }) {
  return {
    // biome-ignore lint/suspicious/noExplicitAny: pg-types' own signature
    getTypeParser(oid: number, format?: any): any {
      const p = textParsers[oid]
      if (p && format !== 'binary') return p
      return base.getTypeParser(oid, format)
    },
  }
}
