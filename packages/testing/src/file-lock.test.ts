import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { withFileLock } from './file-lock.ts'

const dir = mkdtempSync(join(tmpdir(), 'supernova-lock-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('withFileLock', () => {
  it('runs one holder at a time and removes the lock after', async () => {
    const path = join(dir, 'serial')
    const order: string[] = []
    const job = (name: string) =>
      withFileLock(
        path,
        async () => {
          order.push(`${name}:in`)
          await new Promise((r) => setTimeout(r, 30))
          order.push(`${name}:out`)
        },
        { pollMs: 5 },
      )
    await Promise.all([job('a'), job('b')])
    expect(order).toEqual(['a:in', 'a:out', 'b:in', 'b:out'])
    expect(existsSync(path)).toBe(false)
  })

  it('takes over a lock left by a process that has exited', async () => {
    const path = join(dir, 'stale')
    const gone = spawnSync('true').pid
    writeFileSync(path, String(gone))
    expect(await withFileLock(path, async () => 'ran', { pollMs: 5 })).toBe('ran')
  })

  it('gives up on a live holder after the wait, naming the lock and its holder', async () => {
    const path = join(dir, 'held')
    writeFileSync(path, String(process.pid))
    const waited: number[] = []
    await expect(
      withFileLock(path, async () => 'ran', { waitMs: 30, pollMs: 5, onWait: (pid) => waited.push(pid) }),
    ).rejects.toThrow(`waiting for ${path} (held by pid ${process.pid})`)
    expect(waited).toEqual([process.pid])
  })
})
