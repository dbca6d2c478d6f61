/**
 * `npm run import -- FILE... [--symbol S] [--sector NAME] [--format yahoo|wide] [--adjusted] [--dry-run]`
 * Imports market data into the configured database (the embedded one by default) with a progress bar and a summary.
 */
import { parseArgs } from 'node:util'
import { migrate } from '@supernova/db'
import { barsImported, ConfigError, createDeps, loadConfig } from '@supernova/runtime'
import { SingleBar } from 'cli-progress'
import { importCsv } from './import.ts'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    symbol: { type: 'string' },
    sector: { type: 'string' },
    format: { type: 'string' },
    adjusted: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
  },
})
if (positionals.length === 0) {
  console.error(
    'usage: npm run import -- FILE... [--symbol S] [--sector NAME] [--format yahoo|wide] [--adjusted] [--dry-run]',
  )
  process.exit(2)
}
if (values.format && values.format !== 'yahoo' && values.format !== 'wide') {
  console.error(`--format must be 'yahoo' or 'wide' (got '${values.format}')`)
  process.exit(2)
}
if (values.symbol && positionals.length > 1) {
  console.error(
    '--symbol names the symbol of one Yahoo file; import several files without it (names come from file names).',
  )
  process.exit(2)
}

let runtime: Awaited<ReturnType<typeof createDeps>>
try {
  runtime = await createDeps(loadConfig(), { runTasks: false }) // a one-shot command runs no background tasks
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message)
    process.exit(1)
  }
  throw e
}
await migrate(runtime.deps.db)
let failed = false
const latest: { symbol: string; date: string; close: number }[] = []
for (const file of positionals) {
  const bar = new SingleBar({
    format: `${file} [{bar}] {value}/{total} symbols | {symbol}`,
    hideCursor: true,
  })
  bar.start(1, 0, { symbol: '' })
  try {
    const s = await importCsv(runtime.deps.db, file, {
      symbol: values.symbol,
      sector: values.sector,
      format: values.format as 'yahoo' | 'wide' | undefined,
      adjusted: values.adjusted,
      dryRun: values['dry-run'],
      cache: runtime.deps.cache,
      onProgress: (done, total, symbol) => {
        bar.setTotal(total)
        bar.update(done, { symbol })
      },
    })
    bar.stop()
    if (!values['dry-run'])
      for (const x of s.symbols)
        if (x.last && x.lastClose !== null)
          latest.push({ symbol: x.symbol, date: x.last, close: x.lastClose })
    console.log(
      `${values['dry-run'] ? 'Would import' : 'Imported'} ${s.imported} bars for ${s.symbols.length} symbol(s) from ${file} (${s.format}); rejected ${s.rejected.length} row(s).`,
    )
    for (const x of s.symbols)
      console.log(
        `  ${x.symbol.padEnd(8)} ${String(x.bars).padStart(6)} bars  ${x.first ?? '-'} .. ${x.last ?? '-'}`,
      )
    for (const r of s.rejected.slice(0, 20))
      console.log(`  rejected line ${r.line}${r.symbol ? ` (${r.symbol})` : ''}: ${r.reason}`)
    if (s.rejected.length > 20) console.log(`  ... and ${s.rejected.length - 20} more rejected rows`)
  } catch (e) {
    bar.stop()
    failed = true
    console.error(`Could not import ${file}: ${(e as Error).message}`)
  }
}
// New closes reach ticks:{SYMBOL} (other instances through the Redis fan-out or Ably) and the alert rules.
await barsImported(
  {
    publisher: runtime.deps.realtime?.publisher,
    alerts: runtime.deps.alerts,
    onError: (err) => console.error(`Could not publish the new closes: ${(err as Error).message}`),
  },
  latest,
)
await runtime.close()
process.exit(failed ? 1 : 0)
