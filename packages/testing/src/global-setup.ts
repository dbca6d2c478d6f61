/** vitest global setup: one PostgreSQL for the whole run (filled in by the foundation work). */
export default async function setup(): Promise<() => Promise<void>> {
  return async () => {}
}
