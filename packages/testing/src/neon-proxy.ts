import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { connect } from 'node:net'
import { createNeonHttpDatabase, type SqlDatabase } from '@supernova/db'
import pg from 'pg'
import { WebSocketServer } from 'ws'
import { createTestDatabase } from './postgres.ts'

/**
 * WebSocket-to-TCP proxy of the kind Neon runs in front of Postgres: `/v2?address=host:port`, binary frames
 * piped both ways. Only loopback targets are allowed.
 */
export async function startNeonWsProxy(): Promise<{
  port: number
  wsProxy: (h: string, p: number | string) => string
  stop(): Promise<void>
}> {
  const server = createServer()
  const wss = new WebSocketServer({ server })
  wss.on('connection', (socket, req) => {
    const address = new URL(req.url ?? '/', 'http://x').searchParams.get('address') ?? ''
    const [host, port] = address.split(':')
    if (host !== '127.0.0.1' && host !== 'localhost') {
      socket.close(1008, 'only loopback targets')
      return
    }
    const tcp = connect(Number(port), '127.0.0.1')
    tcp.on('data', (d) => socket.readyState === socket.OPEN && socket.send(d))
    tcp.on('close', () => socket.close())
    tcp.on('error', () => socket.close())
    socket.on('message', (d) => {
      const buf = Buffer.isBuffer(d) ? d : Buffer.from(d as ArrayBuffer)
      tcp.write(buf)
      // 'X' is the Terminate message: the client is done, so close the server side too.
      if (buf.length === 5 && buf[0] === 0x58) tcp.end()
    })
    socket.on('close', () => tcp.destroy())
    socket.on('error', () => tcp.destroy())
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  return {
    port,
    wsProxy: (host, p) => `127.0.0.1:${port}/v2?address=${host}:${p}`,
    stop: () =>
      closeServer(server, () => {
        for (const c of wss.clients) c.terminate()
      }),
  }
}

const rawText = { getTypeParser: () => (v: string) => v }

/**
 * Neon's SQL-over-HTTP endpoint, answered with `pg` in array mode and raw text values, the way Neon's proxy does.
 * Connection strings name the user, password and database; the target host is always `targetPort` on loopback.
 */
export async function startNeonHttpEndpoint(
  targetPort: number,
): Promise<{ url: string; stop(): Promise<void> }> {
  const pools = new Map<string, pg.Pool>()
  const poolFor = (conn: string) => {
    const u = new URL(conn)
    const key = `${u.username}:${u.password}@${u.pathname}`
    let pool = pools.get(key)
    if (!pool) {
      pool = new pg.Pool({
        host: '127.0.0.1',
        port: targetPort,
        user: decodeURIComponent(u.username),
        password: decodeURIComponent(u.password),
        database: u.pathname.slice(1) || 'postgres',
        max: 8,
        types: rawText,
      })
      pool.on('error', () => {})
      pools.set(key, pool)
    }
    return pool
  }
  const shape = (r: pg.QueryResult<unknown[]>) => ({
    command: r.command,
    rowCount: r.rowCount,
    rows: r.rows,
    fields: r.fields.map((f) => ({ ...f, format: 'text' })),
    rowAsArray: true,
  })
  type Q = { query: string; params?: unknown[] }
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    let client: pg.PoolClient | undefined
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Q | { queries: Q[] }
      const conn = String(req.headers['neon-connection-string'] ?? '')
      client = await poolFor(conn).connect()
      const run = (q: Q) =>
        client!.query<unknown[]>({ text: q.query, values: q.params ?? [], rowMode: 'array' })
      if ('queries' in body) {
        const iso = req.headers['neon-batch-isolation-level']
        const ro = req.headers['neon-batch-read-only'] === 'true'
        await client.query(
          `begin${iso ? ` isolation level ${String(iso).replace(/[^A-Za-z ]/g, '')}` : ''}${ro ? ' read only' : ''}`,
        )
        try {
          const results = []
          for (const q of body.queries) results.push(shape(await run(q)))
          await client.query('commit')
          send(200, { results })
        } catch (e) {
          await client.query('rollback')
          throw e
        }
      } else {
        send(200, shape(await run(body)))
      }
    } catch (e) {
      const err = e as Record<string, unknown>
      send(400, {
        message: err.message,
        code: err.code,
        detail: err.detail,
        position: err.position,
        constraint: err.constraint,
      })
    } finally {
      client?.release()
    }
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/sql`,
    async stop() {
      await closeServer(server)
      await Promise.all([...pools.values()].map((p) => p.end()))
    },
  }
}

function closeServer(server: Server, before?: () => void): Promise<void> {
  before?.()
  server.closeAllConnections?.()
  return new Promise((r) => server.close(() => r()))
}

/**
 * A fresh database on the test PostgreSQL reached through Neon's SQL-over-HTTP protocol (the neon-http driver,
 * with its fetch endpoint pointed at `startNeonHttpEndpoint`), in the `{ db, cleanup }` shape contract suites take.
 */
export async function neonHttpTestDatabase(
  pgUrl: string,
  name: string,
): Promise<{ db: SqlDatabase; cleanup(): Promise<void> }> {
  const t = await createTestDatabase(pgUrl, name)
  const endpoint = await startNeonHttpEndpoint(Number(new URL(t.url).port))
  const db = await createNeonHttpDatabase({ connectionString: t.url, fetchEndpoint: () => endpoint.url })
  return {
    db,
    cleanup: async () => {
      await endpoint.stop()
      await t.drop()
    },
  }
}
