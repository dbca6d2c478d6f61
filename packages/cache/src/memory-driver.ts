import type { L2Driver, RemoteEntry } from './port.ts'

/**
 * In-process L2/L3 stand-in with the same semantics as the real drivers (expiry, tag sets, locks). For unit
 * tests and for sharing one "remote" tier between two caches in one process; not a production tier.
 */
export function memoryL2(name = 'memory'): L2Driver & { readonly size: number } {
  const data = new Map<string, { value: string; expiresAt: number }>()
  const tagSets = new Map<string, Set<string>>()
  const alive = (k: string) => {
    const e = data.get(k)
    if (!e) return undefined
    if (e.expiresAt <= Date.now()) {
      data.delete(k)
      return undefined
    }
    return e
  }
  return {
    name,
    get size() {
      return data.size
    },
    async mget(keys) {
      return keys.map((k) => alive(k)?.value ?? null)
    },
    async mset(entries: readonly RemoteEntry[]) {
      for (const e of entries) {
        data.set(e.key, { value: e.value, expiresAt: Date.now() + e.ttlMs })
        for (const t of e.tags ?? []) {
          let s = tagSets.get(t)
          if (!s) {
            s = new Set()
            tagSets.set(t, s)
          }
          s.add(e.key)
        }
      }
    },
    async delete(keys) {
      for (const k of keys) data.delete(k)
    },
    async deleteByTags(tags) {
      for (const t of tags) {
        for (const k of tagSets.get(t) ?? []) data.delete(k)
        tagSets.delete(t)
      }
    },
    async lock(key, token, ttlMs) {
      if (alive(key)) return false
      data.set(key, { value: token, expiresAt: Date.now() + ttlMs })
      return true
    },
    async unlock(key, token) {
      if (alive(key)?.value === token) data.delete(key)
    },
    async close() {},
  }
}
