export type {
  CacheOptions,
  CacheStats,
  CacheView,
  GetOrSetOptions,
  Lookup,
  SetOptions,
  Warmer,
  WarmResult,
} from './cache.ts'
export { CacheNamespace, createCache, TieredCache } from './cache.ts'
export type { CacheEvent, CacheListener, CacheSource, Tier } from './events.ts'
export type { L1Options } from './l1.ts'
export type { BarsPage, MarketKey } from './market-keys.ts'
export { MARKET_KEY_VERSION, marketKeys, marketTags, parseMarketKey } from './market-keys.ts'
export { memoryL2 } from './memory-driver.ts'
export type { BusMessage, CacheBus, L2Driver, RemoteDriver, RemoteEntry } from './port.ts'
export type { RedisBusOptions, RedisL2Options } from './redis.ts'
export { cacheRedisOptions, redisBus, redisL2 } from './redis.ts'
export type { RemoteTierOptions } from './remote-tier.ts'
export type { SqlL3Options } from './sql.ts'
export { sqlL3 } from './sql.ts'
export type { LatencySnapshot, TierStats } from './stats.ts'
export type { UpstashL2Options } from './upstash.ts'
export { upstashL2 } from './upstash.ts'
