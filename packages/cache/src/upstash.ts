import type { Redis } from '@upstash/redis'
import type { L2Driver, RemoteEntry } from './port.ts'

export interface UpstashL2Options {
  /** A pre-built client; it must have `automaticDeserialization: false` (values are our own strings). */
  client?: Redis
  /** UPSTASH_REDIS_REST_URL */
  url?: string
  /** UPSTASH_REDIS_REST_TOKEN */
  token?: string
}

const UNLOCK =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"

/**
 * L2 on Upstash Redis over REST (for Lambda: no socket to keep). Retries are off because the cache has its
 * own timeout and breaker; values are stored as text (compressed payloads are base64, which the REST
 * client's UTF-8 handling cannot corrupt).
 */
export function upstashL2(options: UpstashL2Options): L2Driver {
  let client = options.client
  const { url, token } = options
  if (!client && (!url || !token))
    throw new Error(
      'upstashL2 needs { client } or { url, token } (set UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN)',
    )
  let pending: Promise<Redis> | undefined
  // imported on first use so that deployments without Upstash never load the SDK
  const conn = (): Redis | Promise<Redis> => {
    if (client) return client
    pending ??= import('@upstash/redis').then((m) => {
      client = new m.Redis({
        url: url!,
        token: token!,
        automaticDeserialization: false,
        enableTelemetry: false,
        retry: false,
      })
      return client
    })
    return pending
  }
  const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))
  return {
    name: 'upstash',
    async mget(keys) {
      const redis = await conn()
      if (keys.length === 1) return [text(await redis.get(keys[0]!))]
      const values = await redis.mget<unknown[]>(...keys)
      return values.map(text)
    },
    async mset(entries: readonly RemoteEntry[]) {
      const redis = await conn()
      const p = redis.pipeline()
      for (const e of entries) {
        const ttl = Math.max(1, Math.ceil(e.ttlMs))
        p.set(e.key, e.value, { px: ttl })
        if (e.tags) {
          for (const t of e.tags) {
            p.sadd(t, e.key)
            p.pexpire(t, ttl, 'NX')
            p.pexpire(t, ttl, 'GT')
          }
        }
      }
      await p.exec()
    },
    async delete(keys) {
      const redis = await conn()
      if (keys.length) await redis.unlink(...keys)
    },
    async deleteByTags(tags) {
      const redis = await conn()
      if (!tags.length) return
      const p = redis.pipeline()
      for (const t of tags) p.smembers(t)
      const members = ((await p.exec()) as unknown[][]).flat().map(String)
      await redis.unlink(...members, ...tags)
    },
    async lock(key, token, ttlMs) {
      const redis = await conn()
      return (await redis.set(key, token, { px: Math.max(1, Math.ceil(ttlMs)), nx: true })) === 'OK'
    },
    async unlock(key, token) {
      const redis = await conn()
      await redis.eval(UNLOCK, [key], [token])
    },
    async close() {},
  } satisfies L2Driver
}
