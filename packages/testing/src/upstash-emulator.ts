import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Redis } from 'ioredis'

export interface UpstashEmulator {
  /** Base URL for `new Redis({ url, token })` from @upstash/redis. */
  url: string
  token: string
  /** Requests served (each pipeline counts once). */
  readonly requests: number
  stop(): Promise<void>
}

type Reply = Buffer | string | number | null | Reply[] | Error

/** Upstash's base64 mode: every string is base64 of its bytes except the literal OK; numbers and null pass. */
function encode(v: Reply, base64: boolean): unknown {
  if (v === null || typeof v === 'number') return v
  if (typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Error)) {
    // ioredis turns HGETALL into an object even for callBuffer; Upstash answers Redis' flat array
    return Object.entries(v as Record<string, Reply>).flatMap(([k, x]) => [
      encode(k, base64),
      encode(x, base64),
    ])
  }
  if (Array.isArray(v)) return v.map((x) => encode(x, base64))
  if (v instanceof Error) return { error: v.message }
  const buf = typeof v === 'string' ? Buffer.from(v) : v
  if (buf.length === 2 && buf[0] === 0x4f && buf[1] === 0x4b) return 'OK'
  return base64 ? buf.toString('base64') : buf.toString('utf8')
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

const asArgs = (cmd: unknown[]): string[] => cmd.map((a) => (typeof a === 'string' ? a : JSON.stringify(a)))

/**
 * An Upstash-REST-compatible endpoint that forwards to a real redis-server, for testing @upstash/redis:
 * POST / (one command), /pipeline and /multi-exec (arrays of commands), Bearer auth, and the client's default
 * `Upstash-Encoding: base64` replies. Replies keep Redis' raw shapes (HGETALL stays a flat array).
 */
export async function startUpstashEmulator(options: {
  redisUrl: string
  token?: string
}): Promise<UpstashEmulator> {
  const token = options.token ?? randomUUID()
  // RESP2 and no auto-pipelining: a MULTI...EXEC pipeline must reach Redis as one uninterrupted write
  const redis = new Redis(options.redisUrl, { enableAutoPipelining: false, maxRetriesPerRequest: 1 })
  let requests = 0

  const run = async (cmd: unknown[]): Promise<Reply> => {
    const [name, ...args] = asArgs(cmd)
    if (!name) throw new Error('ERR empty command')
    return (await redis.callBuffer(name, ...args)) as Reply
  }

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }

  const server = createServer(async (req, res) => {
    try {
      if (req.headers.authorization !== `Bearer ${token}`) return send(res, 401, { error: 'Unauthorized' })
      if (req.method !== 'POST') return send(res, 405, { error: 'ERR only POST is supported' })
      requests++
      const base64 = String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64'
      const body: unknown = JSON.parse(await readBody(req))
      const path = (req.url ?? '/').split('?')[0]
      if (path === '/pipeline' || path === '/multi-exec') {
        if (!Array.isArray(body) || !body.every(Array.isArray))
          return send(res, 400, { error: 'ERR expected an array of commands' })
        const cmds = body as unknown[][]
        if (path === '/pipeline') {
          const p = redis.pipeline()
          for (const c of cmds) {
            const [name, ...args] = asArgs(c)
            p.callBuffer(name ?? '', ...args)
          }
          const results = (await p.exec()) ?? []
          return send(
            res,
            200,
            results.map(([err, v]) =>
              err ? { error: err.message } : { result: encode(v as Reply, base64) },
            ),
          )
        }
        const p = redis.pipeline()
        p.call('MULTI')
        for (const c of cmds) {
          const [name, ...args] = asArgs(c)
          p.callBuffer(name ?? '', ...args)
        }
        p.callBuffer('EXEC')
        const results = (await p.exec()) ?? []
        const queuedError = results.slice(1, -1).find(([err]) => err)
        const [execErr, execResult] = results[results.length - 1] ?? [new Error('ERR no EXEC reply'), null]
        if (queuedError?.[0] || execErr)
          return send(res, 400, { error: (queuedError?.[0] ?? execErr)!.message })
        return send(
          res,
          200,
          ((execResult as Reply[]) ?? []).map((v) =>
            v instanceof Error ? { error: v.message } : { result: encode(v, base64) },
          ),
        )
      }
      if (!Array.isArray(body)) return send(res, 400, { error: 'ERR expected a command array' })
      try {
        return send(res, 200, { result: encode(await run(body), base64) })
      } catch (e) {
        return send(res, 400, { error: e instanceof Error ? e.message : String(e) })
      }
    } catch (e) {
      return send(res, 400, { error: e instanceof Error ? e.message : String(e) })
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    get requests() {
      return requests
    },
    async stop() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await redis.quit().catch(() => redis.disconnect())
    },
  }
}
