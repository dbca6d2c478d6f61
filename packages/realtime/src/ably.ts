import { UpstreamError } from '@supernova/core'
import type * as Ably from 'ably'
import type { PublishMessage, RealtimePublisher } from './port.ts'
import type { Capability } from './tickets.ts'

/** The part of Ably's REST client the adapter uses (a pre-built client or a test double can be passed). */
export interface AblyRestLike {
  channels: { get(name: string): { publish(messages: Ably.Message[]): Promise<unknown> } }
  batchPublish(specs: Ably.BatchPublishSpec[]): Promise<Ably.BatchResult<unknown>[]>
  auth: { createTokenRequest(params: Ably.TokenParams): Promise<Ably.TokenRequest> }
  close?(): void
}

export interface AblyPublisherOptions {
  /** `appId.keyId:secret`; signs token requests offline and authenticates publishes (Basic auth). */
  key: string
  /** Extra client options: `endpoint`, `port`, `tls: false`, `fallbackHosts: []` point it at a local stub. */
  clientOptions?: Omit<Ably.ClientOptions, 'key'>
  client?: AblyRestLike
}

/** An Ably token request as the client SDK's `authCallback` expects it. */
export type AblyTokenRequest = Ably.TokenRequest

/** The Ably publisher with token requests for clients (the serverless shape's realtime). */
export interface AblyPublisher extends RealtimePublisher {
  /** A signed token request granting `subscribe` (and `history`, for resume) on the capability's patterns. */
  tokenRequest(capability: Capability, ttlMs: number, clientId?: string): Promise<AblyTokenRequest>
  close(): void
}

/** Ably allows at most 100 channel specs per batch request. */
const MAX_SPECS = 100

/** The hub's capability patterns in Ably's form: the same names, `kind:*` and `*` wildcards mean the same. */
export function ablyCapability(capability: Capability): Record<string, ['subscribe', 'history']> {
  return Object.fromEntries(capability.subscribe.map((p) => [p, ['subscribe', 'history'] as const]))
}

const wire = (m: PublishMessage): Ably.Message => ({
  name: m.name,
  // Objects go as JSON text with `encoding: json`, exactly as the SDK's own publish encodes them.
  data: JSON.stringify(m.data ?? null),
  encoding: 'json',
  ...(m.id ? { id: m.id } : {}),
})

const upstream = (err: unknown, what: string) =>
  new UpstreamError('ably', `Ably ${what} failed: ${(err as Error)?.message ?? String(err)}`, { cause: err })

/**
 * The publisher port over Ably's REST API: one request per publish, `batchPublish` (one spec per channel, up to
 * 100 per request) for batches, message ids passed through so Ably drops a retried publish. No socket is held, so
 * it suits Lambda. `ably` is imported on first use, so processes that publish through the hub never load it.
 */
export function ablyPublisher(options: AblyPublisherOptions): AblyPublisher {
  let client: Promise<AblyRestLike> | undefined
  const rest = () =>
    (client ??= options.client
      ? Promise.resolve(options.client)
      : import('ably').then((mod) => {
          const { Rest } = ((mod as { default?: typeof Ably }).default ?? mod) as typeof Ably
          return new Rest({ ...options.clientOptions, key: options.key }) as unknown as AblyRestLike
        }))
  return {
    name: 'ably',
    async publish(channel, name, data, o) {
      const r = await rest()
      await r.channels
        .get(channel)
        .publish([wire({ channel, name, data, id: o?.id })])
        .catch((e) => {
          throw upstream(e, `publish to '${channel}'`)
        })
    },
    async publishBatch(messages) {
      if (messages.length === 0) return
      const byChannel = new Map<string, Ably.Message[]>()
      for (const m of messages) {
        const list = byChannel.get(m.channel) ?? []
        list.push(wire(m))
        byChannel.set(m.channel, list)
      }
      const specs = [...byChannel].map(([ch, msgs]) => ({ channels: [ch], messages: msgs }))
      const r = await rest()
      for (let i = 0; i < specs.length; i += MAX_SPECS) {
        const results = await r.batchPublish(specs.slice(i, i + MAX_SPECS)).catch((e) => {
          throw upstream(e, 'batch publish')
        })
        const failed = results.flatMap((b) =>
          (b.results as { channel: string; error?: { message?: string } }[]).filter((x) => x.error),
        )
        if (failed.length)
          throw new UpstreamError('ably', `Ably refused the batch publish to ${failed.length} channel(s)`, {
            details: failed.map((f) => ({ channel: f.channel, message: f.error?.message })),
          })
      }
    },
    async tokenRequest(capability, ttlMs, clientId) {
      const r = await rest()
      return r.auth
        .createTokenRequest({ capability: ablyCapability(capability), ttl: ttlMs, clientId })
        .catch((e) => {
          throw upstream(e, 'token request')
        })
    },
    close() {
      client?.then((c) => c.close?.()).catch(() => {})
    },
  }
}
