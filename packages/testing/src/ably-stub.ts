import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A message as the stub stored it (data decoded from its `json` encoding). */
export interface StubMessage {
  channel: string
  name?: string
  id?: string
  data: unknown
  /** How the request authenticated: Basic (the API key) or Bearer (a token the stub issued). */
  auth: 'basic' | 'token'
}

/** A running Ably REST stub. */
export interface AblyStub {
  /** Host and port for the client's `endpoint` / `port` options (with `tls: false`, `fallbackHosts: []`). */
  endpoint: string
  port: number
  /** Messages accepted, in order; a repeated message id is dropped as Ably's idempotent publishing does. */
  messages: StubMessage[]
  /** Requests seen, as `METHOD path`. */
  requests: string[]
  /** Tokens issued by `requestToken`, with the capability each carries. */
  tokens: Map<string, { capability: Record<string, string[]>; clientId?: string; expires: number }>
  close(): Promise<void>
}

interface TokenRequestBody {
  keyName: string
  ttl?: number
  capability: string
  clientId?: string
  timestamp: number
  nonce: string
  mac: string
}

/** Ably's token request signature: HMAC-SHA256 over the fields, newline-terminated, base64. */
export function ablyTokenRequestMac(secret: string, r: Omit<TokenRequestBody, 'mac'>): string {
  const text = `${[r.keyName, r.ttl ?? '', r.capability, r.clientId ?? '', r.timestamp, r.nonce].join('\n')}\n`
  return createHmac('sha256', secret).update(text).digest('base64')
}

const matches = (pattern: string, channel: string) =>
  pattern === '*' || (pattern.endsWith('*') ? channel.startsWith(pattern.slice(0, -1)) : pattern === channel)

/**
 * A local stand-in for Ably's REST API (JSON protocol: clients set `useBinaryProtocol: false`): channel publish,
 * batch publish, `requestToken` (verifying the token request's HMAC with the key's secret) and token auth with
 * capability checks. No emulator exists and the realtime protocol is not served: locally, subscribers use the hub.
 */
export async function startAblyStub(options: { key: string }): Promise<AblyStub> {
  const [keyName, secret] = options.key.split(':') as [string, string]
  const seen = new Set<string>()
  const messages: StubMessage[] = []
  const requests: string[] = []
  const tokens: AblyStub['tokens'] = new Map()
  let serial = 0

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }
  const fail = (res: ServerResponse, status: number, code: number, message: string) =>
    send(res, status, { error: { code, statusCode: status, message } })

  /** Who is calling and what they may publish to; undefined when the credentials are wrong. */
  const authOf = (req: IncomingMessage) => {
    const h = req.headers.authorization ?? ''
    if (h.startsWith('Basic ')) {
      const given = Buffer.from(h.slice(6), 'base64')
      const want = Buffer.from(options.key)
      return given.length === want.length && timingSafeEqual(given, want)
        ? { kind: 'basic' as const, may: () => true }
        : undefined
    }
    if (h.startsWith('Bearer ')) {
      const token = tokens.get(Buffer.from(h.slice(7), 'base64').toString('utf8'))
      if (!token || token.expires < Date.now()) return undefined
      return {
        kind: 'token' as const,
        may: (channel: string) =>
          Object.entries(token.capability).some(
            ([p, ops]) => matches(p, channel) && (ops.includes('publish') || ops.includes('*')),
          ),
      }
    }
    return undefined
  }

  const accept = (channel: string, raw: Record<string, unknown>, auth: StubMessage['auth']) => {
    const id = typeof raw.id === 'string' ? raw.id : undefined
    if (id && seen.has(`${channel}\u0000${id}`)) return `dup-${++serial}`
    if (id) seen.add(`${channel}\u0000${id}`)
    const data =
      raw.encoding === 'json' && typeof raw.data === 'string' ? JSON.parse(raw.data as string) : raw.data
    messages.push({ channel, name: raw.name as string | undefined, id, data, auth })
    return `serial-${++serial}`
  }

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const url = new URL(req.url ?? '/', 'http://stub')
    requests.push(`${req.method} ${url.pathname}`)
    let body: unknown
    try {
      body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined
    } catch {
      return fail(res, 400, 40000, 'the stub speaks JSON only; set useBinaryProtocol: false')
    }
    if (req.method === 'GET' && url.pathname === '/time') return send(res, 200, [Date.now()])
    const tokenPath = url.pathname.match(/^\/keys\/([^/]+)\/requestToken$/)
    if (req.method === 'POST' && tokenPath) {
      const r = body as TokenRequestBody
      if (decodeURIComponent(tokenPath[1]!) !== keyName || r.keyName !== keyName)
        return fail(res, 404, 40400, 'no such key')
      const want = Buffer.from(ablyTokenRequestMac(secret, r))
      const given = Buffer.from(String(r.mac))
      if (given.length !== want.length || !timingSafeEqual(given, want))
        return fail(res, 401, 40101, 'invalid token request signature')
      const token = randomBytes(12).toString('hex')
      const issued = Date.now()
      const expires = issued + (r.ttl ?? 3_600_000)
      const capability = JSON.parse(r.capability) as Record<string, string[]>
      tokens.set(token, { capability, clientId: r.clientId, expires })
      return send(res, 200, {
        token,
        keyName,
        issued,
        expires,
        capability: r.capability,
        clientId: r.clientId,
      })
    }
    const auth = authOf(req)
    if (!auth) return fail(res, 401, 40101, 'invalid credentials')
    const channelPath = url.pathname.match(/^\/channels\/([^/]+)\/messages$/)
    if (req.method === 'POST' && channelPath) {
      const channel = decodeURIComponent(channelPath[1]!)
      if (!auth.may(channel)) return fail(res, 401, 40160, `action not permitted on '${channel}'`)
      const list = (Array.isArray(body) ? body : [body]) as Record<string, unknown>[]
      return send(res, 201, { channel, serials: list.map((m) => accept(channel, m, auth.kind)) })
    }
    if (req.method === 'POST' && url.pathname === '/messages') {
      const specs = body as { channels: string[]; messages: Record<string, unknown>[] }[]
      const results = specs.map((spec) => {
        const per = spec.channels.map((channel) =>
          auth.may(channel)
            ? {
                channel,
                messageId: randomBytes(6).toString('hex'),
                serials: spec.messages.map((m) => accept(channel, m, auth.kind)),
              }
            : {
                channel,
                error: { code: 40160, statusCode: 401, message: `action not permitted on '${channel}'` },
              },
        )
        const failureCount = per.filter((p) => 'error' in p).length
        return { successCount: per.length - failureCount, failureCount, results: per }
      })
      return send(res, 201, results)
    }
    return fail(res, 404, 40400, `the stub does not serve ${req.method} ${url.pathname}`)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    endpoint: '127.0.0.1',
    port: (server.address() as AddressInfo).port,
    messages,
    requests,
    tokens,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
