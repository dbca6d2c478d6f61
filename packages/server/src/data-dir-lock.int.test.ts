import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freshGet, type StartedServerProcess, spawnStartScript } from '@supernova/testing'
import { afterAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'supernova-one-owner-'))
const started: StartedServerProcess[] = []
afterAll(() => {
  for (const s of started) if (s.proc.exitCode === null) s.proc.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

const start = () => {
  const s = spawnStartScript(root, {
    PORT: '0',
    SUPERNOVA_DATA_DIR: dir,
    SEED_SAMPLE_DATA: 'false',
    WARMUP: 'false',
    TICKS_PER_SECOND: '0',
  })
  started.push(s)
  return s
}

describe('one `npm start` per embedded data folder', () => {
  it('a second server on the folder exits naming the first, which keeps serving; the folder is free once it stops', async () => {
    const first = start()
    const url = (await first.waitFor(/listening on (http:\/\/[\d.:]+)/))[1]!

    const second = start()
    expect(await second.exited).toBe(1)
    expect(second.output()).toContain('SUPERNOVA_DATA_DIR: The database folder')
    expect(second.output()).toContain(`in use by process ${first.proc.pid}`)
    expect((await freshGet(`${url}/health`)).status).toBe(200)

    first.proc.kill('SIGTERM')
    expect(await first.exited).toBe(0)
    const third = start()
    const again = (await third.waitFor(/listening on (http:\/\/[\d.:]+)/))[1]!
    expect((await freshGet(`${again}/health`)).status).toBe(200)
    third.proc.kill('SIGTERM')
    expect(await third.exited).toBe(0)
  }, 120_000)
})
