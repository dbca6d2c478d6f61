import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** Runs `npm run load -- ...args` (as tsx load/run.ts) and collects its exit code and output. */
function runLoad(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'load', 'run.ts'), ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    })
    let output = ''
    child.stdout.on('data', (b: Buffer) => {
      output += b.toString()
    })
    child.stderr.on('data', (b: Buffer) => {
      output += b.toString()
    })
    child.once('exit', (code) => resolve({ code: code ?? 1, output }))
  })
}

/** A loopback HTTP server that answers every request with `status` and an empty JSON object. */
async function stub(status: number, delayMs = 0): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    const answer = () => res.writeHead(status, { 'content-type': 'application/json' }).end('{}')
    if (delayMs > 0) setTimeout(answer, delayMs)
    else answer()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

const brief = { phases: [{ name: 'brief', duration: 3, arrivalRate: 5 }] }
let running: Server | undefined
afterEach(() => {
  running?.close()
  running = undefined
})

describe('npm run load -- smoke', () => {
  it('passes its thresholds against the embedded server', async () => {
    const { code, output } = await runLoad(['smoke'])
    expect(output).toContain('ok: supernova.http_5xx == 0')
    expect(output).toMatch(/POST \/v1\/backtests\s+\d+/)
    // the resource trend sampled from /proc and /performance during the run, charted in the report
    expect(output).toMatch(/memory: server PSS \d+ MB -> \d+ MB, heap used \d+ MB -> \d+ MB/)
    expect(output).toContain('trend charts:')
    expect(code).toBe(0)
  }, 300_000)

  it('fails when a route answers 5xx (status codes are checked, not only network errors)', async () => {
    const s = await stub(500)
    running = s.server
    const { code, output } = await runLoad([
      'smoke',
      '--target',
      s.url,
      '--overrides',
      JSON.stringify({ config: brief }),
    ])
    expect(output).toContain('fail: supernova.http_5xx == 0')
    expect(code).not.toBe(0)
  }, 120_000)

  it('fails when p99 is over its threshold', async () => {
    const s = await stub(200)
    running = s.server
    const overrides = { config: { ...brief, ensure: { thresholds: [{ 'http.response_time.p99': 0 }] } } }
    const { code, output } = await runLoad([
      'smoke',
      '--target',
      s.url,
      '--overrides',
      JSON.stringify(overrides),
    ])
    expect(output).toContain('fail: http.response_time.p99 < 0')
    expect(code).not.toBe(0)
  }, 120_000)

  it('fails when the run regresses against its baseline', async () => {
    // A stub answering after 30 ms against a baseline p99 of 0 ms (floored to 1 ms): the ratio limit trips. A stub
    // answering at once could record a p99 of 1 ms, the floor itself, and pass.
    const s = await stub(200, 30)
    running = s.server
    const dir = mkdtempSync(join(tmpdir(), 'supernova-baseline-'))
    const file = join(dir, 'smoke.json')
    writeFileSync(
      file,
      JSON.stringify({
        profile: 'smoke',
        measuredAt: '',
        machine: 'test',
        p95: 0,
        p99: 0,
        errorRate: 0,
        rps: 1,
        endpoints: {},
      }),
    )
    const overrides = { config: { ...brief, ensure: {} } }
    const args = ['smoke', '--target', s.url, '--overrides', JSON.stringify(overrides), '--baseline', file]
    const { code, output } = await runLoad(args)
    rmSync(dir, { recursive: true, force: true })
    expect(output).toMatch(/baseline: REGRESSION against .*smoke\.json/)
    expect(code).not.toBe(0)
  }, 120_000)

  it('refuses a target that is not on this machine', async () => {
    const { code, output } = await runLoad(['smoke', '--target', 'http://example.com'])
    expect(output).toContain('--target must be a loopback URL')
    expect(code).not.toBe(0)
  })
})
