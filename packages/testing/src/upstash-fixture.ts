import { afterAll, beforeAll } from 'vitest'
import { type RedisServer, startRedis } from './redis.ts'
import { startUpstashEmulator, type UpstashEmulator } from './upstash-emulator.ts'

/** The servers `useUpstashEmulator` keeps for one test file; read them inside tests or suite factories. */
export interface UpstashFixture {
  readonly redis: RedisServer
  readonly upstash: UpstashEmulator
}

/**
 * A redis-server and the Upstash REST emulator in front of it for the calling test file: started in beforeAll,
 * stopped in afterAll. Every suite that tests an Upstash adapter (cache L2, rate limits) starts them the same way.
 */
export function useUpstashEmulator(): UpstashFixture {
  let redis: RedisServer | undefined
  let upstash: UpstashEmulator | undefined
  beforeAll(async () => {
    redis = await startRedis()
    upstash = await startUpstashEmulator({ redisUrl: redis.url })
  })
  afterAll(async () => {
    await upstash?.stop()
    await redis?.stop()
  })
  const started = <T>(v: T | undefined): T => {
    if (!v) throw new Error('useUpstashEmulator: servers are read before beforeAll ran')
    return v
  }
  return {
    get redis() {
      return started(redis)
    },
    get upstash() {
      return started(upstash)
    },
  }
}
