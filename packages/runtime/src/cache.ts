import type { ReadinessCheck } from '@supernova/api'
import {
  type CacheBus,
  createCache,
  type L2Driver,
  type RedisErrorLog,
  redisBus,
  redisErrorWatch,
  redisL2,
  sqlL3,
  type TieredCache,
  upstashL2,
} from '@supernova/cache'
import type { SqlDatabase } from '@supernova/db'
import type { Config } from './config.ts'

/**
 * The tiered cache for this deployment shape: L1 always; L2 on Upstash (REST, no socket: what Lambda needs)
 * when UPSTASH_REDIS_REST_URL is set, else on Redis (TCP) when REDIS_URL is set; L3 on the SQL database.
 * With Redis, a pub/sub bus keeps every instance's L1 in step; without a bus but with a shared L2,
 * L1 entries live only 30 s so instances converge quickly. Vendor SDKs load on first use only.
 */
export function createCacheFor(
  config: Config,
  db: SqlDatabase,
  log?: RedisErrorLog,
): { cache: TieredCache; description: string; readiness: ReadinessCheck[] } {
  let l2: L2Driver | undefined
  const readiness: ReadinessCheck[] = []
  let bus: CacheBus | undefined
  const parts = ['L1 memory']
  if (config.UPSTASH_REDIS_REST_URL) {
    l2 = upstashL2({ url: config.UPSTASH_REDIS_REST_URL, token: config.UPSTASH_REDIS_REST_TOKEN })
    parts.push('L2 upstash')
  } else if (config.REDIS_URL) {
    // one log line per outage (and one on recovery), not one per reconnect attempt
    const watch = redisErrorWatch('cache', log)
    const redis = redisL2({ url: config.REDIS_URL, onClient: watch.attach })
    l2 = redis
    readiness.push({ name: 'redis', check: () => redis.ping() })
    bus = redisBus({ url: config.REDIS_URL, channel: 'sn:#bus', onClient: watch.attach })
    parts.push('L2 redis + bus')
  }
  parts.push(`L3 ${db.kind}`)
  const cache = createCache({
    prefix: 'sn:',
    l1: { maxItems: 5_000, ttlMs: l2 && !bus ? 30_000 : 300_000 },
    l2,
    // on Lambda no timer may outlive a request: expired L3 rows are then removed on read only
    l3: sqlL3(db, { sweepIntervalMs: config.shape === 'lambda' ? 0 : 60_000 }),
    bus,
    graceMs: 600_000,
  })
  return { cache, description: parts.join(', '), readiness }
}
