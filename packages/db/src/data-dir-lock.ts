import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'

/** Another live process holds the embedded database folder. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
    readonly lockFile: string,
  ) {
    super(`The database folder ${dir} is in use by process ${pid} (lock file ${lockFile}).`)
    this.name = 'DataDirInUseError'
  }
}

const readPid = (path: string): number | undefined => {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10)
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: it exists, under another user
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Takes the embedded database folder `dir` for this process: a `<dir>.lock` file beside it holding this process's
 * PID, as PostgreSQL's postmaster.pid does. PGlite has no lock of its own, and two processes on one folder (a
 * second server, the keys CLI beside a running one) corrupted it: the next start found no valid checkpoint record
 * and could not open the folder at all. A lock whose process is gone (a crash, a kill) is taken over at once; one
 * held by a live process is a DataDirInUseError naming it. The file is written whole and then linked into place,
 * so no reader sees it empty. Answers the release, which removes the file while it is still this process's.
 *
 * Not covered: two processes taking over the same stale lock in the same instant (each may remove the other's new
 * file); a PID reused by an unrelated process keeps the lock held until its file is removed (the error names it).
 */
export function lockDataDir(dir: string): () => void {
  const lockFile = `${dir}.lock`
  const mine = `${lockFile}.${process.pid}`
  writeFileSync(mine, `${process.pid}\n`)
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(mine, lockFile)
        return () => {
          try {
            if (readPid(lockFile) === process.pid) unlinkSync(lockFile)
          } catch {
            // already gone
          }
        }
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      }
      const pid = readPid(lockFile)
      // this process's PID in it: left by an earlier life of this process under the same PID (containers)
      if (pid !== undefined && pid !== process.pid && alive(pid))
        throw new DataDirInUseError(dir, pid, lockFile)
      try {
        unlinkSync(lockFile)
      } catch {
        // another process took it over first: the next attempt finds its file
      }
    }
    const pid = readPid(lockFile)
    throw new DataDirInUseError(dir, pid ?? 0, lockFile)
  } finally {
    try {
      unlinkSync(mine)
    } catch {
      // not there
    }
  }
}
