/**
 * The production bundles and their size budgets (scripts/bundles.ts builds them, `npm run build` writes them to
 * dist/, scripts/build.test.ts fails on a bundle over its budget). A budget bounds the minified JavaScript a start
 * loads: the entry and the chunks it imports statically (lazily imported drivers and AWS credential providers
 * are deployed but not read; no source maps or data).
 */

/** esbuild targets: Lambda runs Node 22; the server supports Node 20.11 and later. */
export const LAMBDA_TARGET = 'node22'
export const SERVER_TARGET = 'node20'

const KiB = 1024
const MiB = 1024 * KiB

/** Every bundle: its source, how it runs, and its budget. */
export const BUNDLES = {
  // The goal: the API under 1.5 MB, so a cold start reads and compiles little.
  api: {
    kind: 'lambda',
    source: 'functions/api.ts',
    handler: 'functions/api.handler',
    budgetBytes: 1.5 * MiB,
  },
  worker: {
    kind: 'lambda',
    source: 'functions/worker.ts',
    handler: 'functions/worker.handler',
    budgetBytes: 1.25 * MiB,
  },
  schedule: {
    kind: 'lambda',
    source: 'functions/schedule.ts',
    handler: 'functions/schedule.handler',
    budgetBytes: 1.25 * MiB,
  },
  // Runs once per deploy (migrations, sample seed); it loads only config and the database driver.
  migrate: {
    kind: 'lambda',
    source: 'functions/migrate.ts',
    handler: 'functions/migrate.handler',
    budgetBytes: 512 * KiB,
  },
  // Workspace code only: packages stay in node_modules.
  server: { kind: 'server', source: 'packages/server/src/main.ts', budgetBytes: 512 * KiB },
} as const

/** A bundle's name. */
export type BundleName = keyof typeof BUNDLES

/** The bundles that are over budget, each with a message naming its size and budget. */
export function overBudget(sizes: Partial<Record<BundleName, number>>): string[] {
  const out: string[] = []
  for (const [name, bytes] of Object.entries(sizes) as [BundleName, number][]) {
    const budget = BUNDLES[name].budgetBytes
    if (bytes > budget)
      out.push(
        `${name} bundle is ${formatBytes(bytes)} (${bytes} B), over its budget of ${formatBytes(budget)} (${budget} B)`,
      )
  }
  return out
}

/** 1234567 -> "1.18 MiB". */
export function formatBytes(bytes: number): string {
  return bytes >= MiB ? `${(bytes / MiB).toFixed(2)} MiB` : `${(bytes / KiB).toFixed(1)} KiB`
}
