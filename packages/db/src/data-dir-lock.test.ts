import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DataDirInUseError, lockDataDir } from './data-dir-lock.ts'

const root = mkdtempSync(join(tmpdir(), 'sn-lock-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let n = 0
const folder = () => join(root, `pgdata${n++}`)

describe('lockDataDir', () => {
  it('takes a free folder with this process id beside it, and gives it back', () => {
    const dir = folder()
    const release = lockDataDir(dir)
    expect(readFileSync(`${dir}.lock`, 'utf8').trim()).toBe(String(process.pid))
    release()
    expect(existsSync(`${dir}.lock`)).toBe(false)
    // and again once released
    lockDataDir(dir)()
  })

  it('refuses a folder a live process holds, naming it', () => {
    const dir = folder()
    writeFileSync(`${dir}.lock`, `${process.ppid}\n`) // the test runner's parent: alive, not this process
    let err: unknown
    try {
      lockDataDir(dir)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(DataDirInUseError)
    expect((err as DataDirInUseError).pid).toBe(process.ppid)
    expect((err as Error).message).toContain(`in use by process ${process.ppid}`)
    expect(readFileSync(`${dir}.lock`, 'utf8').trim()).toBe(String(process.ppid)) // left as it was
  })

  it("takes over a lock whose process is gone (a crash), or this process's own from an earlier life", () => {
    const gone = spawnSync(process.execPath, [
      '-e',
      'process.stdout.write(String(process.pid))',
    ]).stdout.toString()
    for (const stale of [gone, String(process.pid), 'not a pid']) {
      const dir = folder()
      writeFileSync(`${dir}.lock`, `${stale}\n`)
      const release = lockDataDir(dir)
      expect(readFileSync(`${dir}.lock`, 'utf8').trim()).toBe(String(process.pid))
      release()
    }
  })

  it('a release leaves a lock that is no longer its own alone', () => {
    const dir = folder()
    const release = lockDataDir(dir)
    writeFileSync(`${dir}.lock`, `${process.ppid}\n`)
    release()
    expect(readFileSync(`${dir}.lock`, 'utf8').trim()).toBe(String(process.ppid))
  })
})
