import { createHash } from 'node:crypto'
import type { Redis, RedisOptions } from 'ioredis'
import type { BusMessage, CacheBus, L2Driver, RemoteEntry } from './port.ts'
import { redisErrorWatch } from './redis-errors.ts'

export interface RedisL2Options {
  /** A pre-built ioredis client (left open by close()). */
  client?: Redis
  /** redis:// URL; the driver then owns its client. */
  url?: string
  /** Extra ioredis options when the driver builds the client. */
  redis?: RedisOptions
  /** Listens on each client the driver builds (redisErrorWatch's attach); default: a silent error counter. */
  onClient?: (client: Redis) => void
}

/** Sets N keys with their own TTLs in one command: one parse and one reply for Redis instead of N. */
const MSET_PX =
  "for i = 1, #KEYS do redis.call('SET', KEYS[i], ARGV[2 * i - 1], 'PX', ARGV[2 * i]) end return #KEYS"
const MSET_PX_SHA = createHash('sha1').update(MSET_PX).digest('hex')

const UNLOCK =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"

/** The ioredis options a cache wants: fail fast (the cache has its own timeout and breaker), pipeline per tick. */
export function cacheRedisOptions(extra: RedisOptions = {}): RedisOptions {
  return {
    // the cache core already sends one MGET / one pipeline per tick; ioredis' own auto-pipelining would add a setImmediate hop
    enableAutoPipelining: false,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 100, 2_000),
    ...extra,
  }
}

/**
 * The client, built on first use when only a URL was given: ioredis is imported lazily so that a deployment
 * without Redis (Lambda + Upstash, embedded) never loads it.
 */
function lazyClient(options: RedisL2Options): {
  conn: () => Redis | Promise<Redis>
  owned: boolean
  built: () => Redis | undefined
} {
  let client = options.client
  if (client) return { conn: () => client!, owned: false, built: () => client }
  const url = options.url
  if (!url)
    throw new Error('redisL2 needs { client } or { url } (set REDIS_URL, e.g. redis://127.0.0.1:6379)')
  let pending: Promise<Redis> | undefined
  const watch = options.onClient ?? silent.attach
  return {
    owned: true,
    built: () => client,
    conn: () => {
      if (client) return client
      pending ??= import('ioredis').then((m) => {
        client = new m.Redis(url, cacheRedisOptions(options.redis))
        watch(client)
        return client
      })
      return pending
    },
  }
}

// Without any 'error' listener ioredis prints every reconnect failure; this one only counts them.
const silent = redisErrorWatch('redis')

/** Throws the first error of an ioredis pipeline result. */
function check(results: [Error | null, unknown][] | null): unknown[] {
  if (!results) throw new Error('redis pipeline was discarded')
  return results.map(([err, v]) => {
    if (err) throw err
    return v
  })
}

/** L2 on a TCP Redis (ioredis) for long-running servers: MGET for batched reads, one pipeline per batched write. */
export function redisL2(options: RedisL2Options): L2Driver & { ping(): Promise<void> } {
  const { conn, owned, built } = lazyClient(options)
  return {
    name: 'redis',
    mget(keys) {
      // no await once the client exists: this sits on every L2 round trip
      const c = conn()
      const run = (client: Redis): Promise<(string | null)[]> =>
        keys.length === 1 ? client.get(keys[0]!).then((v) => [v]) : client.mget(...keys)
      return c instanceof Promise ? c.then(run) : run(c)
    },
    async mset(entries: readonly RemoteEntry[]) {
      const client = await conn()
      if (entries.length === 1 && !entries[0]!.tags) {
        const e = entries[0]!
        await client.set(e.key, e.value, 'PX', Math.max(1, Math.ceil(e.ttlMs)))
        return
      }
      if (entries.every((e) => !e.tags)) {
        const args: (string | number)[] = entries.map((e) => e.key)
        for (const e of entries) args.push(e.value, Math.max(1, Math.ceil(e.ttlMs)))
        try {
          await client.evalsha(MSET_PX_SHA, entries.length, ...args)
        } catch (e) {
          if (!String((e as Error).message).includes('NOSCRIPT')) throw e
          await client.eval(MSET_PX, entries.length, ...args)
        }
        return
      }
      const p = client.pipeline()
      // one SADD and one expiry pair per tag per batch, however many of the batch's entries carry it
      const byTag = new Map<string, { members: string[]; ttl: number }>()
      for (const e of entries) {
        const ttl = Math.max(1, Math.ceil(e.ttlMs))
        p.set(e.key, e.value, 'PX', ttl)
        if (e.tags) {
          for (const t of e.tags) {
            const g = byTag.get(t)
            if (g === undefined) byTag.set(t, { members: [e.key], ttl })
            else {
              g.members.push(e.key)
              if (ttl > g.ttl) g.ttl = ttl
            }
          }
        }
      }
      for (const [t, g] of byTag) {
        p.sadd(t, ...g.members)
        // the tag set lives as long as its longest-lived member: NX sets a first TTL, GT only extends it
        p.call('PEXPIRE', t, g.ttl, 'NX')
        p.call('PEXPIRE', t, g.ttl, 'GT')
      }
      check(await p.exec())
    },
    async delete(keys) {
      const client = await conn()
      if (keys.length) await client.unlink(...keys)
    },
    async deleteByTags(tags) {
      const client = await conn()
      if (!tags.length) return
      const p = client.pipeline()
      for (const t of tags) p.smembers(t)
      const members = check(await p.exec()).flat() as string[]
      await client.unlink(...members, ...tags)
    },
    async lock(key, token, ttlMs) {
      const client = await conn()
      return (await client.set(key, token, 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')) === 'OK'
    },
    async unlock(key, token) {
      const client = await conn()
      await client.eval(UNLOCK, 1, key, token)
    },
    /** For readiness probes: one PING round trip. */
    async ping() {
      const client = await conn()
      await client.ping()
    },
    async close() {
      const client = built()
      if (owned && client) await client.quit().catch(() => client.disconnect())
    },
  } satisfies L2Driver & { ping(): Promise<void> }
}

export interface RedisBusOptions {
  /** Client used to publish; the subscriber is its `duplicate()`. */
  client?: Redis
  url?: string
  /** Listens on each client the bus builds (redisErrorWatch's attach). */
  onClient?: (client: Redis) => void
  /** Channel name (default 'sn:#bus'; use the cache prefix). */
  channel?: string
}

/** Redis pub/sub bus: each instance publishes the keys/tags it changed; the others drop them from their L1. */
export function redisBus(options: RedisBusOptions): CacheBus {
  const { conn, owned, built } = lazyClient(options)
  const channel = options.channel ?? 'sn:#bus'
  let sub: Redis | undefined
  return {
    async publish(message: BusMessage) {
      const client = await conn()
      await client.publish(channel, JSON.stringify(message))
    },
    async subscribe(handler) {
      const client = await conn()
      sub = client.duplicate({ enableAutoPipelining: false })
      ;(options.onClient ?? silent.attach)(sub)
      sub.on('message', (ch: string, text: string) => {
        if (ch !== channel) return
        let m: BusMessage
        try {
          m = JSON.parse(text) as BusMessage
        } catch {
          return
        }
        if (m && typeof m.from === 'string') handler(m)
      })
      await sub.subscribe(channel)
    },
    async close() {
      if (sub) await sub.quit().catch(() => sub?.disconnect())
      const client = built()
      if (owned && client) await client.quit().catch(() => client.disconnect())
    },
  }
}
