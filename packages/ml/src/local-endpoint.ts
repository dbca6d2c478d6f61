import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'
import { localSentiment } from './local.ts'
import type { LinearModel } from './model/linear.ts'
import { type TeiRequest, toTeiPredictions } from './tei.ts'

/** Fault injection for tests and drills: the next N invocations throttle, fail or stall. */
export interface EndpointBehaviour {
  /** Added latency per invocation. */
  delayMs: number
  throttleNext: number
  failNext: number
}

export interface LocalEndpointOptions {
  host?: string
  /** 0 picks a free port. */
  port?: number
  model?: LinearModel
  /** Largest batch accepted, like TEI's --max-client-batch-size; bigger batches get a 424 ModelError. */
  maxClientBatchSize?: number
}

export interface LocalEndpoint {
  readonly url: string
  readonly port: number
  readonly behaviour: EndpointBehaviour
  /** Sizes of the batches served, in order (what the client's micro-batching produced). */
  readonly batches: number[]
  close(): Promise<void>
}

const MAX_BODY = 8 * 1024 * 1024

/**
 * A SageMaker-runtime-compatible endpoint serving the shipped model in the Hugging Face TEI format:
 * `POST /endpoints/{name}/invocations` (what InvokeEndpoint sends), TEI's own `POST /predict`, and `GET /ping`.
 * The test harness points the real AWS client at it; it also runs as its own process (self-hosted shape).
 */
export async function startLocalEndpoint(options: LocalEndpointOptions = {}): Promise<LocalEndpoint> {
  const model = localSentiment({ model: options.model })
  const maxBatch = options.maxClientBatchSize ?? 1024
  const behaviour: EndpointBehaviour = { delayMs: 0, throttleNext: 0, failNext: 0 }
  const batches: number[] = []

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body)
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': randomUUID(),
      ...headers,
    })
    res.end(text)
  }
  const error = (res: ServerResponse, status: number, type: string, message: string) =>
    send(
      res,
      status,
      { message, ...(type === 'ModelError' ? { OriginalStatusCode: 400, OriginalMessage: message } : {}) },
      {
        'x-amzn-errortype': type,
      },
    )

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/'
    if (req.method === 'GET' && (url === '/ping' || url === '/health'))
      return send(res, 200, { status: 'ok' })
    const invocation = /^\/endpoints\/[^/]+\/invocations$/.test(url.split('?')[0]!)
    if (req.method !== 'POST' || !(invocation || url === '/predict' || url === '/invocations'))
      return error(res, 404, 'UnknownOperationException', `No route for ${req.method} ${url}`)
    const chunks: Buffer[] = []
    let size = 0
    for await (const c of req as AsyncIterable<Buffer>) {
      size += c.length
      if (size > MAX_BODY) return error(res, 413, 'ValidationError', 'Request body too large.')
      chunks.push(c)
    }
    if (behaviour.delayMs > 0) await new Promise((r) => setTimeout(r, behaviour.delayMs))
    if (behaviour.throttleNext > 0) {
      behaviour.throttleNext--
      return error(res, 400, 'ThrottlingException', 'Rate exceeded')
    }
    if (behaviour.failNext > 0) {
      behaviour.failNext--
      return error(res, 500, 'InternalFailure', 'Injected failure')
    }
    let body: TeiRequest
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as TeiRequest
    } catch {
      return error(res, 424, 'ModelError', 'Body is not JSON.')
    }
    const single = typeof body.inputs === 'string'
    const inputs = single ? [body.inputs as string] : body.inputs
    if (!Array.isArray(inputs) || inputs.length === 0 || inputs.some((t) => typeof t !== 'string'))
      return error(res, 424, 'ModelError', '`inputs` must be a string or a non-empty array of strings.')
    if (inputs.length > maxBatch)
      return error(
        res,
        424,
        'ModelError',
        `batch size ${inputs.length} > maximum allowed batch size ${maxBatch}`,
      )
    batches.push(inputs.length)
    const out = model.scoreSync(inputs as string[]).map(toTeiPredictions)
    send(res, 200, single ? out[0] : out, { 'x-amzn-invoked-production-variant': 'local' })
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) error(res, 500, 'InternalFailure', e instanceof Error ? e.message : String(e))
    })
  })
  server.keepAliveTimeout = 65_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const host = options.host ?? '127.0.0.1'
  return {
    url: `http://${host}:${port}`,
    port,
    behaviour,
    batches,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

const HELP = `Usage: tsx packages/ml/src/local-endpoint.ts [--port 8080] [--host 127.0.0.1] [--max-batch 1024] [--delay-ms 0]
Serves the shipped sentiment model over the SageMaker runtime / TEI protocol.
--delay-ms adds a fixed latency per invocation (to mimic a GPU forward pass in benchmarks).`

/** CLI entry: `tsx packages/ml/src/local-endpoint.ts --port 8080`. */
async function main(argv: string[]) {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP)
    return
  }
  const opt = (name: string) => {
    const i = argv.indexOf(name)
    return i >= 0 ? argv[i + 1] : undefined
  }
  const port = Number(opt('--port') ?? 8080)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0..65535, got ${opt('--port')}`)
  const ep = await startLocalEndpoint({
    port,
    host: opt('--host') ?? '127.0.0.1',
    maxClientBatchSize: opt('--max-batch') ? Number(opt('--max-batch')) : undefined,
  })
  ep.behaviour.delayMs = Number(opt('--delay-ms') ?? 0)
  console.log(`sentiment endpoint listening on ${ep.url} (POST /endpoints/{name}/invocations, POST /predict)`)
  const stop = () => void ep.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e)
    process.exit(1)
  })
}
