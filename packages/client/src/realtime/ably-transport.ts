import type * as Ably from 'ably'
import { type ChannelName, patternCovers } from './channels.ts'
import type { RealtimeGrant } from './token.ts'
import type { ConnectionState, Transport, TransportHost } from './transport.ts'

/** Ably client options the caller may add (endpoint, transports, logging); authentication is always the token route. */
export type AblyOptions = Omit<
  Ably.ClientOptions,
  'key' | 'token' | 'tokenDetails' | 'authUrl' | 'authCallback'
>

/** How Ably's connection states read as the client's. */
const STATES: Partial<Record<Ably.ConnectionState, ConnectionState>> = {
  initialized: 'connecting',
  connecting: 'connecting',
  connected: 'connected',
  disconnected: 'reconnecting',
  suspended: 'reconnecting',
  closing: 'closed',
  closed: 'closed',
  failed: 'closed',
}

/**
 * The Ably transport: Ably's realtime SDK, loaded on first use (hub users never download it), authenticated through
 * `authCallback` calling the token route, so the capability always follows the subscribed channels. Reconnects,
 * backoff and resume (two minutes) are the SDK's own; a channel re-attached without continuity is reported as a gap.
 */
export function ablyTransport(
  host: TransportHost,
  options: {
    ably?: AblyOptions
    first?: Extract<RealtimeGrant, { kind: 'ably' }>
    load?: () => Promise<unknown>
  },
): Transport {
  let first = options.first
  let granted: string[] = first?.channels ?? []
  let closed = false
  let client: Ably.Realtime | undefined
  const attached = new Map<string, Ably.RealtimeChannel>()

  const authCallback: Ably.ClientOptions['authCallback'] = (_params, callback) => {
    // The grant fetched while choosing the transport is used once (a token request's nonce is single-use).
    const pending = first ? Promise.resolve(first) : host.grant(host.channels())
    first = undefined
    pending.then(
      (grant) => {
        if (grant.kind !== 'ably') {
          host.error({
            code: 'wrong_transport',
            message: 'The server serves realtime through its hub; use "hub".',
          })
          return callback('the token route answered a hub ticket, not an Ably token request', null)
        }
        granted = grant.channels
        callback(null, grant.tokenRequest as unknown as Ably.TokenRequest)
      },
      (e: Error) => {
        host.error({ code: 'token_request_failed', message: e.message })
        callback(e.message, null)
      },
    )
  }

  const attach = (name: string) => {
    if (!client || attached.has(name)) return
    const channel = client.channels.get(name, host.rewind(name) ? { params: { rewind: '2m' } } : {})
    attached.set(name, channel)
    let wasAttached = false
    channel.on('attached', (change) => {
      if (wasAttached && !change.resumed) host.gap({ channel: name })
      wasAttached = true
    })
    channel
      .subscribe((m) =>
        host.deliver({
          channel: name as ChannelName,
          name: m.name ?? '',
          data: m.data,
          id: m.id ?? '',
          ts: m.timestamp ?? 0,
        } as Parameters<TransportHost['deliver']>[0]),
      )
      .catch((e: Ably.ErrorInfo) =>
        host.error({ code: String(e.code ?? 'attach_failed'), message: e.message, channel: name }),
      )
  }

  const load = options.load ?? (() => import('ably'))
  load().then(
    (mod) => {
      if (closed) return
      const { Realtime } = ((mod as { default?: typeof Ably }).default ?? mod) as typeof Ably
      client = new Realtime({ ...options.ably, authCallback })
      client.connection.on((change) => {
        const state = STATES[change.current]
        if (!state || closed) return
        host.state({
          state,
          transport: 'ably',
          ...(change.retryIn !== undefined ? { delayMs: change.retryIn } : {}),
          ...(change.reason ? { reason: change.reason.message, code: change.reason.code } : {}),
        })
      })
      for (const name of host.channels()) attach(name)
    },
    (e: Error) => {
      closed = true
      const message = `Could not load the ably package: ${e.message}`
      host.error({ code: 'ably_unavailable', message, fatal: true })
      host.state({ state: 'closed', transport: 'ably', reason: message })
    },
  )

  return {
    add(name) {
      if (!client || closed) return
      // A channel outside the current token's capability: re-authorise in band (the SDK keeps the connection).
      if (!granted.some((p) => patternCovers(p, name)))
        client.auth.authorize().then(
          () => attach(name),
          (e: Ably.ErrorInfo) =>
            host.error({ code: 'token_request_failed', message: e.message, channel: name }),
        )
      else attach(name)
    },
    remove(name) {
      const channel = attached.get(name)
      attached.delete(name)
      channel?.unsubscribe()
      channel?.off() // a later subscribe adds its own listeners
      channel?.detach().catch(() => {})
    },
    close() {
      if (closed) return
      closed = true
      client?.close()
      host.state({ state: 'closed', transport: 'ably' })
    },
  }
}
