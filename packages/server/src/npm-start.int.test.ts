import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freshGet, type StartedServerProcess, spawnNpmStart, waitFor } from '@supernova/testing'
import { afterAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const dirs: string[] = []
const started: { npm: StartedServerProcess; node?: number }[] = []
afterAll(() => {
  for (const s of started) {
    for (const pid of [s.node, s.npm.proc.pid])
      try {
        if (pid) process.kill(pid, 'SIGKILL')
      } catch {}
  }
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** `npm start` on a fresh folder; resolves once it listens, with node's PID (from the log) and the folder. */
async function npmStart() {
  const dir = mkdtempSync(join(tmpdir(), 'supernova-npm-start-'))
  dirs.push(dir)
  const npm = spawnNpmStart(root, {
    PORT: '0',
    HOST: '127.0.0.1',
    SUPERNOVA_DATA_DIR: dir,
    SEED_SAMPLE_DATA: 'false',
    WARMUP: 'false',
    TICKS_PER_SECOND: '0',
    LOG_LEVEL: 'info',
  })
  const entry: (typeof started)[number] = { npm }
  started.push(entry)
  const [, url, pid] = await npm.waitFor(/"url":"(http:\/\/[\d.:]+)".*"pid":(\d+),"msg":"listening"/)
  entry.node = Number(pid)
  expect((await freshGet(`${url}/health`)).status).toBe(200)
  return { npm, node: Number(pid), dir }
}

// npm relays SIGINT and SIGTERM to its child. With a shell between npm and node, the shell died of the signal and
// node ran on, orphaned, holding the data folder; the start script now execs node in the shell's place.
describe('`npm start` under signals', () => {
  it('SIGTERM to npm alone (a process manager, docker stop) drains node and frees the folder', async () => {
    const { npm, node, dir } = await npmStart()
    expect(node).not.toBe(npm.proc.pid)
    process.kill(npm.proc.pid!, 'SIGTERM')
    await waitFor(() => !alive(node), 30_000)
    expect(npm.output()).toMatch(/"signal":"SIGTERM","msg":"stopped"/)
    expect(existsSync(join(dir, 'pgdata.lock'))).toBe(false)
  }, 120_000)

  it("Ctrl-C (SIGINT to the process group) is one drain, not a second signal's exit", async () => {
    const { npm, node, dir } = await npmStart()
    // the terminal signals every process of the group, and npm relays the same signal to node
    process.kill(-npm.proc.pid!, 'SIGINT')
    await waitFor(() => !alive(node), 30_000)
    expect(npm.output()).toMatch(/"signal":"SIGINT","msg":"stopped"/)
    expect(npm.output()).not.toContain('second signal')
    expect(existsSync(join(dir, 'pgdata.lock'))).toBe(false)
  }, 120_000)
})
