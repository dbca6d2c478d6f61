import type { TieredCache } from './cache.ts'
import type { CacheView, GetOrSetOptions, Lookup, SetOptions } from './types.ts'

/** A namespace of a TieredCache: keys prefixed with `name:vN:`, every entry tagged `ns:name` so `clear()` works. */
export class CacheNamespace implements CacheView {
  constructor(
    private readonly cache: TieredCache,
    private readonly keyPrefix: string,
    private readonly tag: string,
  ) {}

  private k(key: string): string {
    return this.cache.prefix + this.keyPrefix + key
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    return (await this.cache.getKey(this.k(key))) as T | undefined
  }

  set(key: string, value: unknown, options?: SetOptions): Promise<void> {
    return this.cache.setKey(this.k(key), value, options, this.tag)
  }

  async getOrSet<T>(key: string, loader: () => T | Promise<T>, options?: GetOrSetOptions): Promise<T> {
    return (await this.cache.getOrSetKey(this.k(key), loader, options, this.tag)) as T
  }

  async lookup<T>(key: string, loader: () => T | Promise<T>, options?: GetOrSetOptions): Promise<Lookup<T>> {
    return (await this.cache.lookupKey(this.k(key), loader, options, this.tag)) as Lookup<T>
  }

  delete(key: string): Promise<void> {
    return this.cache.deleteKeys([this.k(key)])
  }

  deleteMany(keys: readonly string[]): Promise<void> {
    return this.cache.deleteKeys(keys.map((key) => this.k(key)))
  }

  deleteByTag(tags: string | readonly string[]): Promise<void> {
    return this.cache.deleteByTag(tags)
  }

  /** Removes every entry of this namespace from every tier (and other instances' L1). */
  clear(): Promise<void> {
    return this.cache.deleteByTag(this.tag)
  }
}
