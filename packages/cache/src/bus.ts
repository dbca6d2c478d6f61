import type { CacheEvents } from './events.ts'
import type { L1Store } from './l1.ts'
import type { BusMessage, CacheBus } from './port.ts'

const noop = () => {}

/** Bus counters in a `stats()` snapshot. */
export interface BusStats {
  published: number
  received: number
  errors: number
}

/**
 * Cross-instance L1 invalidation over a `CacheBus`: keys and tags written or deleted in one tick go out as one
 * message; messages from other instances drop the named keys and tags from this instance's L1.
 */
export class InvalidationBus {
  readonly stats: BusStats = { published: 0, received: 0, errors: 0 }
  /** Resolves once the subscription is live (a failure is counted and reported, not thrown). */
  readonly ready: Promise<void>
  private pending: { keys: string[]; tags: string[]; done: Promise<void> } | null = null

  constructor(
    private readonly bus: CacheBus,
    private readonly instanceId: string,
    private readonly l1: L1Store | undefined,
    private readonly events: CacheEvents,
  ) {
    this.ready = bus
      .subscribe((m) => this.receive(m))
      .catch((error: unknown) => {
        this.stats.errors++
        events.emit({ type: 'error', tier: 'bus', error })
      })
  }

  /** Queues keys/tags for this tick's one message; resolves when it was sent (or failed, counted). */
  publish(keys: string[], tags: string[]): Promise<void> {
    let p = this.pending
    if (!p) {
      let resolveDone = noop
      const done = new Promise<void>((r) => {
        resolveDone = r
      })
      const batch = { keys: [] as string[], tags: [] as string[], done }
      this.pending = p = batch
      process.nextTick(() => {
        if (this.pending === batch) this.pending = null
        const message: BusMessage = { from: this.instanceId }
        if (batch.keys.length) message.keys = batch.keys
        if (batch.tags.length) message.tags = batch.tags
        this.bus.publish(message).then(
          () => {
            this.stats.published++
            resolveDone()
          },
          (error: unknown) => {
            this.stats.errors++
            this.events.emit({ type: 'error', tier: 'bus', error })
            resolveDone()
          },
        )
      })
    }
    for (const k of keys) p.keys.push(k)
    for (const t of tags) p.tags.push(t)
    return p.done
  }

  /** Waits for the message queued this tick, if any. */
  async flush(): Promise<void> {
    if (this.pending) await this.pending.done
  }

  close(): Promise<void> {
    return this.bus.close().catch(noop)
  }

  private receive(m: BusMessage): void {
    if (m.from === this.instanceId) return
    this.stats.received++
    const keys = m.keys ?? []
    const tags = m.tags ?? []
    if (this.l1) {
      for (const k of keys) this.l1.delete(k)
      if (tags.length) this.l1.deleteTags(tags)
    }
    this.events.emit({ type: 'invalidate', via: 'bus', keys, tags })
  }
}
