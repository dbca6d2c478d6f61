import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'

/** Options for withFileLock: how long to wait for another holder, and how often to look. */
export interface FileLockOptions {
  waitMs?: number
  pollMs?: number
  /** Called once when the lock is held by someone else and we start waiting. */
  onWait?: (holderPid: number) => void
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function readLock(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim()
  } catch {
    return undefined
  }
}

function tryCreate(path: string): boolean {
  try {
    const fd = openSync(path, 'wx', 0o644)
    writeSync(fd, String(process.pid))
    closeSync(fd)
    return true
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw e
  }
}

/**
 * Runs `fn` while holding a lock file (created exclusively, holding our pid). A lock left by a process that has
 * died is taken over, so a killed run never blocks the next one; a live holder is waited for up to `waitMs`.
 */
export async function withFileLock<T>(
  path: string,
  fn: () => Promise<T>,
  opts: FileLockOptions = {},
): Promise<T> {
  const waitMs = opts.waitMs ?? 15 * 60_000
  const pollMs = opts.pollMs ?? 200
  const deadline = Date.now() + waitMs
  let told = false
  while (!tryCreate(path)) {
    const text = readLock(path)
    if (text === undefined) continue // released between our open and read
    const holder = text === '' ? Number.NaN : Number(text)
    // An empty file may be a holder between create and write: give it one poll before calling it stale.
    if (Number.isNaN(holder)) await sleep(pollMs)
    if (Number.isNaN(holder) || !alive(holder)) {
      if (readLock(path) === text) rmSync(path, { force: true })
      continue
    }
    if (Date.now() > deadline)
      throw new Error(
        `Timed out after ${Math.round(waitMs / 1000)} s waiting for ${path} (held by pid ${holder})`,
      )
    if (!told) {
      told = true
      opts.onWait?.(holder)
    }
    await sleep(pollMs)
  }
  try {
    return await fn()
  } finally {
    rmSync(path, { force: true })
  }
}
