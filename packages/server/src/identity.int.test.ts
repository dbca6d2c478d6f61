import { type ChildProcess, spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createTestDatabase } from '@supernova/testing'
import { afterAll, describe, expect, inject, it } from 'vitest'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const drops: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const drop of drops) await drop()
})

async function database(prefix: string): Promise<string> {
  const t = await createTestDatabase(inject('pgUrl'), prefix)
  drops.push(t.drop)
  return t.url
}

/** Runs a real command (the start script, the keys CLI) until it exits or its output matches `until`. */
function run(
  args: string[],
  env: Record<string, string>,
  until?: RegExp,
): Promise<{ out: string; code: number | null; child: ChildProcess }> {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, SEED_SAMPLE_DATA: 'false', TASK_RUNNER: 'false', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d
      if (until?.test(out)) resolve({ out, code: null, child })
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('error', reject)
    child.on('exit', (code) => resolve({ out, code, child }))
  })
}
const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
const start = ['scripts/start.mjs']
const keysCli = ['--import', 'tsx', 'scripts/keys.ts']
const LISTENING = /SuperNova listening on http:\/\/[^:]+:(\d+)/
/** The start-up lines up to the one naming how callers authenticate (printed after the listening line). */
const STARTED = /SuperNova listening[\s\S]*\n\s+auth\s+[^\n]+\n/

describe('start-up and the keys CLI (real processes)', () => {
  it('refuses to listen on 0.0.0.0 with no keys or JWT, saying what to set; starts once the CLI made a key', async () => {
    const url = await database('ident_open')
    const env = { HOST: '0.0.0.0', PORT: '0', DATABASE_URL: url }
    const refused = await run(start, env)
    expect(refused.code).toBe(1)
    expect(refused.out).toMatch(/will not start on 0\.0\.0\.0/)
    for (const hint of [
      'npm run keys -- create',
      'JWT_SECRET',
      'JWT_JWKS_URL, JWT_ISSUER and JWT_AUDIENCE',
      'HOST=127.0.0.1',
    ])
      expect(refused.out).toContain(hint)

    const created = await run(
      [...keysCli, 'create', '--owner', 'alice', '--scopes', 'read,write', '--expires', '30d'],
      {
        DATABASE_URL: url,
      },
    )
    expect(created.code, created.out).toBe(0)
    const key = /snk_[a-z0-9]{12}_[A-Za-z0-9]{43}/.exec(created.out)?.[0]
    expect(key, created.out).toBeDefined()
    const listed = await run([...keysCli, 'list'], { DATABASE_URL: url })
    expect(listed.out).toMatch(/alice\s+read,write\s+active/)
    expect(listed.out).not.toContain(key)

    const server = await run(start, env, STARTED)
    try {
      expect(server.out).toMatch(/auth\s+API keys/)
      const base = `http://127.0.0.1:${LISTENING.exec(server.out)![1]}`
      const anonymous = await fetch(`${base}/v1/watchlists`)
      expect(anonymous.status).toBe(401)
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/)
      expect(
        (await fetch(`${base}/v1/watchlists`, { headers: { authorization: `Bearer ${key}` } })).status,
      ).toBe(200)
      expect((await fetch(`${base}/health`)).status).toBe(200)
    } finally {
      await stop(server.child)
    }
  })

  it('runs in local mode on loopback with no keys, and its start-up lines say so', async () => {
    const url = await database('ident_local')
    const server = await run(start, { HOST: '127.0.0.1', PORT: '0', DATABASE_URL: url }, STARTED)
    try {
      expect(server.out).toMatch(/auth\s+local mode: .*owner 'local'/)
      const base = `http://127.0.0.1:${LISTENING.exec(server.out)![1]}`
      const res = await fetch(`${base}/v1/watchlists`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'quick start' }),
      })
      expect(res.status).toBe(201)
      expect((await fetch(`${base}/v1/watchlists`)).status).toBe(200)
    } finally {
      await stop(server.child)
    }
  })
})
