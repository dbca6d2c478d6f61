import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { spawnStartScript } from '@supernova/testing'
import { afterAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'supernova-shutdown-'))
let child: ChildProcess | undefined
afterAll(() => {
  if (child?.exitCode === null) child.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

/** A fresh connection (no keep-alive agent): refused once the server has stopped listening. */
const connect = (url: string) =>
  new Promise<number>((resolve, reject) => {
    request(`${url}/health`, { agent: false }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
      .on('error', reject)
      .end()
  })

const optimisation = (i: number) => ({
  symbol: ['AAPL', 'MSFT', 'JPM', 'XOM'][i % 4],
  strategy: 'sma_cross',
  method: 'grid',
  space: { period: { min: 5, max: 60, step: 5 } },
})

describe('graceful shutdown of `npm start` under load', () => {
  it('SIGTERM with 32 requests in flight: all answered, streams told to resume, new connections refused, exit 0', async () => {
    const started = spawnStartScript(root, {
      PORT: '0',
      SUPERNOVA_DATA_DIR: dir,
      LOG_LEVEL: 'info',
      SHUTDOWN_DRAIN_MS: '20000',
      TASK_DRAIN_MS: '2000',
    })
    const { proc, waitFor, exited } = started
    child = proc
    const url = (await waitFor(/listening on (http:\/\/[\d.:]+)/))[1]!

    // an NDJSON stream far larger than socket buffers, read slowly, and an SSE stream
    const ndjson = await fetch(`${url}/v1/bars?symbols=AAPL,MSFT,JPM,XOM,KO,SPY,GOOGL,AMZN`, {
      headers: { accept: 'application/x-ndjson' },
    })
    const sse = await fetch(`${url}/performance/metrics/stream?interval=250`)
    const ndjsonReader = ndjson.body!.getReader()
    const sseReader = sse.body!.getReader()
    await ndjsonReader.read()
    await sseReader.read()

    const inFlight = Array.from({ length: 32 }, (_, i) =>
      i % 2 === 0
        ? fetch(`${url}/v1/optimizations`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(optimisation(i)),
          }).then(async (r) => ({ kind: 'optimisation', status: r.status, body: await r.text() }))
        : fetch(`${url}/v1/symbols/${['AAPL', 'KO'][i % 2]}/bars?limit=500`).then(async (r) => ({
            kind: 'read',
            status: r.status,
            body: await r.text(),
          })),
    )
    const settled = Promise.allSettled(inFlight)
    await new Promise((r) => setTimeout(r, 200))
    proc.kill('SIGTERM')

    await waitFor(/stopped accepting connections/)
    await expect(connect(url)).rejects.toThrow(/ECONNREFUSED/)

    const read = async (reader: ReadableStreamDefaultReader<Uint8Array>, slow: boolean) => {
      let text = ''
      for (;;) {
        const { done, value } = await reader.read()
        if (done) return text
        text += Buffer.from(value).toString()
        if (slow) await new Promise((r) => setTimeout(r, 5))
      }
    }
    const [ndjsonText, sseText] = await Promise.all([read(ndjsonReader, true), read(sseReader, false)])
    const lastLine = JSON.parse(ndjsonText.trimEnd().split('\n').at(-1)!)
    expect(lastLine).toMatchObject({ event: 'shutdown', resume: { retryAfterMs: 1000 } })
    expect(sseText).toMatch(/event: shutdown\ndata: \{"resume":true\}\nretry: 1000\n\n$/)

    const results = await settled
    if (results.some((r) => r.status === 'rejected')) console.log(started.output().slice(-4000))
    const failed = results.filter((r) => r.status === 'rejected' || r.value.status !== 200)
    expect(failed).toEqual([])
    expect(results.filter((r) => r.status === 'fulfilled' && r.value.kind === 'optimisation')).toHaveLength(
      16,
    )
    expect(await exited).toBe(0)
    expect(started.output()).toMatch(/"msg":"stopped"/)
  }, 180_000)
})
