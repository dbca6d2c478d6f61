/** Where a Redis watcher reports; pino's shape. */
export interface RedisErrorLog {
  warn(obj: object, msg?: string): void
  info(obj: object, msg?: string): void
}

interface Emitter {
  on(event: 'error', listener: (err: Error) => void): unknown
  on(event: 'ready', listener: () => void): unknown
}

/** Counts of a watcher's clients (for metrics and tests). */
export interface RedisErrorWatch {
  /** Every error event seen, all clients together. */
  readonly errors: number
  /** Outages seen (a run of errors ended by 'ready' counts once). */
  readonly outages: number
  /** Listens on one client: counts its errors, logs the first of each outage and the recovery. */
  attach(client: Emitter): void
}

/**
 * An ioredis client without an 'error' listener prints "Unhandled error event" on every reconnect attempt
 * (48 lines in a 15 s outage). This listener keeps the count and logs once per outage per client, then once
 * when the client is ready again, with how many errors the outage took.
 */
export function redisErrorWatch(name: string, log?: RedisErrorLog): RedisErrorWatch {
  let errors = 0
  let outages = 0
  return {
    get errors() {
      return errors
    },
    get outages() {
      return outages
    },
    attach(client) {
      let run = 0
      client.on('error', (err) => {
        errors++
        if (run++ > 0) return
        outages++
        const code = (err as { code?: unknown }).code
        log?.warn({ redis: name, code, message: err.message }, 'redis unavailable; reconnecting quietly')
      })
      client.on('ready', () => {
        if (run > 0) log?.info({ redis: name, errors: run }, 'redis reconnected')
        run = 0
      })
    },
  }
}
