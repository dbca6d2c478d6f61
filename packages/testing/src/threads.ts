import { readdirSync, readFileSync } from 'node:fs'

/** One thread of this process as the Linux scheduler sees it. */
export interface ThreadSchedule {
  tid: number
  nice: number
  /** Scheduling policy: 0 SCHED_OTHER (normal), 3 SCHED_BATCH, 5 SCHED_IDLE. */
  policy: number
}

/** Linux's SCHED_IDLE policy number (sched.h). */
export const SCHED_IDLE = 5

/**
 * Niceness and policy of every thread of this process (Linux: fields 19 and 41 of /proc/self/task/TID/stat), so
 * tests can prove which threads a pool lowered without timing anything. The first entry is the main thread.
 */
export function threadSchedules(): ThreadSchedule[] {
  return readdirSync('/proc/self/task')
    .map(Number)
    .sort((a, b) => a - b)
    .flatMap((tid) => {
      try {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
        // after the parenthesised name the fields start at field 3 (state)
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        return [{ tid, nice: Number(f[16]), policy: Number(f[38]) }]
      } catch {
        return [] // the thread exited between the listing and the read
      }
    })
}
