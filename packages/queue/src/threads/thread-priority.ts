/**
 * Imported first by the worker script: lowers this worker thread's scheduling priority to its pool's (`nice`,
 * `idle` in workerData) before anything else of the worker is loaded. On Linux a thread has its own niceness and
 * policy, set through its thread id. SCHED_IDLE (through util-linux `chrt`; Node has no call for it) goes further
 * than nice 19: a waking event-loop thread preempts an idle-policy thread at once instead of waiting out its
 * slice. Elsewhere, or if refused, the thread keeps the process's priority (or just the niceness).
 */
import { execFileSync } from 'node:child_process'
import { readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'
import { isMainThread, workerData } from 'node:worker_threads'

function lowerThisThread(nice: number, idle: boolean): void {
  let tid: number
  try {
    tid = Number(readlinkSync('/proc/thread-self').split('/').pop())
  } catch {
    return // not Linux (no /proc/thread-self): run at the process's priority
  }
  if (!Number.isInteger(tid) || tid <= 0) return
  try {
    if (nice > 0) setPriority(tid, nice)
  } catch {
    // not permitted: keep the process's niceness
  }
  try {
    if (idle) execFileSync('chrt', ['--idle', '-p', '0', String(tid)], { stdio: 'ignore', timeout: 5_000 })
  } catch {
    // no chrt (minimal images) or refused: the niceness above still applies
  }
}

const { nice = 0, idle = false } = (workerData as { nice?: number; idle?: boolean } | null) ?? {}
if (!isMainThread && (nice > 0 || idle)) lowerThisThread(nice, idle)
