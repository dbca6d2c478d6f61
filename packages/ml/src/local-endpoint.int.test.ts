import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { freePort } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The endpoint as its own process (the self-hosted shape), spoken to in plain TEI and SageMaker paths.
describe('local endpoint CLI', () => {
  let child: ChildProcess
  let url: string

  beforeAll(async () => {
    const port = await freePort()
    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(new URL('./local-endpoint.ts', import.meta.url)),
        '--port',
        String(port),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    const [line] = (await once(child.stdout!, 'data')) as [Buffer]
    expect(line.toString()).toContain(`127.0.0.1:${port}`)
    url = `http://127.0.0.1:${port}`
  })
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM')
      await once(child, 'exit')
    }
  })

  it('answers TEI /predict for one text with all labels, best first', async () => {
    const res = await fetch(`${url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: 'Apple raises dividend' }),
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { label: string; score: number }[]
    expect(body.map((p) => p.label).sort()).toEqual(['negative', 'neutral', 'positive'])
    expect(body[0]!.label).toBe('positive')
    expect(body[0]!.score).toBeGreaterThanOrEqual(body[1]!.score)
  })

  it('answers a batch on the SageMaker invocations path and rejects bad input as a ModelError', async () => {
    const ok = await fetch(`${url}/endpoints/any/invocations`, {
      method: 'POST',
      body: JSON.stringify({ inputs: ['Shares plunge', 'Meeting on Friday'] }),
    })
    expect(((await ok.json()) as unknown[]).length).toBe(2)
    const bad = await fetch(`${url}/endpoints/any/invocations`, { method: 'POST', body: '{"inputs": []}' })
    expect(bad.status).toBe(424)
    expect(bad.headers.get('x-amzn-errortype')).toBe('ModelError')
    expect((await fetch(`${url}/ping`)).status).toBe(200)
  })
})
