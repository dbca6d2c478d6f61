import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { overBudget } from '../infra/bundles.ts'
import { type BuiltBundle, buildServer, ROOT } from './bundles.ts'

// The server bundle `npm run start:prod` runs: inside the repository (its packages come from node_modules).
const out = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'sn-build-test-'))
const data = mkdtempSync(join(tmpdir(), 'sn-build-data-'))
let server: BuiltBundle
beforeAll(async () => {
  server = await buildServer(out)
}, 60_000)
afterAll(() => {
  rmSync(out, { recursive: true, force: true })
  rmSync(data, { recursive: true, force: true })
})

describe('the production server bundle', () => {
  it('is within its budget and holds no TypeScript loader', () => {
    expect(overBudget({ server: server.bytes })).toEqual([])
    expect(server.inputs.some((i) => i.includes('node_modules/tsx'))).toBe(false)
    // The optimisation pool's threads start from the bundled worker, not the source boot file that registers tsx.
    const code = readdirSync(server.dir)
      .filter((f) => f.endsWith('.mjs'))
      .map((f) => readFileSync(join(server.dir, f), 'utf8'))
    expect(code.some((c) => c.includes('optimize-worker-boot'))).toBe(false)
    expect(code.some((c) => c.includes('./optimize-worker.mjs'))).toBe(true)
  })

  it('starts on plain node, migrates its data folder and answers /health', async () => {
    const child = spawn(process.execPath, [server.entry], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        PORT: '0',
        SUPERNOVA_DATA_DIR: data,
        SEED_SAMPLE_DATA: 'false',
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let text = ''
        child.stdout.on('data', (c: Buffer) => {
          text += c.toString()
          const m = /listening on (http:\/\/\S+)/.exec(text)
          if (m) resolve(m[1]!)
        })
        child.stderr.on('data', (c: Buffer) => {
          text += c.toString()
        })
        child.on('exit', (code) => reject(new Error(`server exited (${code}): ${text}`)))
      })
      const res = await fetch(`${url}/health`)
      expect(res.status).toBe(200)
    } finally {
      child.kill('SIGTERM')
    }
  }, 90_000)
})
