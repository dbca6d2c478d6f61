import { type Config, ConfigError, loadConfig } from '@supernova/runtime'
import { isClusterWorker, onShutdownRequest, runPrimary, servesRequests } from './cluster.ts'
import { startServer } from './server.ts'
import { stopSignals } from './stop-signals.ts'

const t0 = performance.now()
let config: ReturnType<typeof loadConfig>
try {
  config = loadConfig()
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message)
    process.exit(1)
  }
  throw e
}

/** One server process: a single-process start, or one worker of a WEB_CONCURRENCY cluster. */
async function serve(config: Config): Promise<void> {
  let lastPct = -1
  const running = await startServer(config, {
    onSeedProgress(done, total) {
      const pct = Math.floor((done / total) * 10) * 10
      if (pct !== lastPct) {
        lastPct = pct
        process.stdout.write(
          `\rLoading sample market data (first start only): ${pct}%${done === total ? '\n' : ''}`,
        )
      }
    },
  }).catch((e: Error) => {
    console.error(e.message)
    process.exit(1)
  })

  // In a cluster the primary prints one banner for all workers.
  if (!isClusterWorker()) {
    const width = Math.max(...Object.keys(running.runtime.adapters).map((k) => k.length))
    console.log(`SuperNova listening on ${running.url} (ready in ${Math.round(performance.now() - t0)} ms)`)
    for (const [port, adapter] of Object.entries(running.runtime.adapters))
      console.log(`  ${port.padEnd(width)}  ${adapter}`)
    console.log(
      `  Try: curl ${running.url}/v1/symbols/AAPL/bars?from=2025-01-02&to=2025-01-10   (API docs: ${running.url}/openapi.json)`,
    )
  }

  // The banner above is for the person at the terminal; what happens afterwards goes to the structured log.
  const log = running.runtime.deps.logger
  log.info({ url: running.url, adapters: running.runtime.adapters, pid: process.pid }, 'listening')
  const stopKind = stopSignals()
  onShutdownRequest((signal) => {
    const kind = stopKind(signal)
    if (kind === 'copy') return // npm's relay of the Ctrl-C this process already got
    if (kind === 'again') {
      // a second signal: the operator does not want to wait for the drain
      log.warn({ signal }, 'second signal: exiting without waiting for the drain')
      process.exit(1)
    }
    log.info(
      { signal, drainMs: config.SHUTDOWN_DRAIN_MS, taskDrainMs: config.TASK_DRAIN_MS },
      'draining in-flight requests and tasks, then closing the database',
    )
    // never hang: past both drain budgets and a margin, exit anyway
    setTimeout(
      () => {
        log.error({ signal }, 'shutdown did not finish in time; exiting')
        process.exit(1)
      },
      config.SHUTDOWN_DRAIN_MS + config.TASK_DRAIN_MS + 15_000,
    ).unref()
    running.shutdown(config.SHUTDOWN_DRAIN_MS).then(
      () => {
        log.info({ signal }, 'stopped')
        process.exit(0)
      },
      (err: unknown) => {
        log.error({ err, signal }, 'shutdown failed')
        process.exit(1)
      },
    )
  })
}

if (servesRequests(config)) await serve(config)
else runPrimary(config)
