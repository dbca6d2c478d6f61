/**
 * Reads CPU time and resident memory of the load run's processes from /proc (Linux), so the figures say who used the
 * cores: the server processes, PostgreSQL, Redis, the generator, and each CPU's busy share (other agents included).
 * /performance/* is one process's view; with two server processes and a database beside them it cannot say this.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'

/** Named groups of root PIDs; each group counts its roots and all their descendants. */
export type ProcessGroups = Record<string, number[]>

/** One reading: per group the CPU used since the previous reading (in cores) and memory (PSS); per CPU busy share. */
export interface ProcessSample {
  t: number
  groups: Record<string, { cores: number; memoryBytes: number; processes: number }>
  /** Busy share (0-1) of each CPU over the interval, whoever used it. */
  cpuBusy: number[]
}

const TICK_HZ = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
})()
const PAGE = 4096

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined // the process exited between listing and reading
  }
}

/** Children of a PID (all its threads' children). */
function children(pid: number): number[] {
  const dir = `/proc/${pid}/task`
  if (!existsSync(dir)) return []
  const out: number[] = []
  for (const tid of readdirSync(dir)) {
    const text = read(`${dir}/${tid}/children`)
    if (text) for (const c of text.trim().split(/\s+/)) if (c) out.push(Number(c))
  }
  return out
}

/** A PID and all its descendants. */
export function descendants(pid: number): number[] {
  const out: number[] = []
  const queue = [pid]
  while (queue.length) {
    const p = queue.shift()!
    if (!existsSync(`/proc/${p}`)) continue
    out.push(p)
    queue.push(...children(p))
  }
  return out
}

/** The first process whose command line (argv) matches. */
export function findProcess(match: (argv: string[]) => boolean): number | undefined {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const argv = (read(`/proc/${name}/cmdline`) ?? '').split('\0').filter(Boolean)
    if (argv.length && match(argv)) return Number(name)
  }
  return undefined
}

/**
 * CPU ticks (user + system; a process that exits loses at most its last interval) and memory of one process: its
 * proportional set size (resident pages, shared ones split between their sharers), so a group's sum does not count
 * PostgreSQL's shared buffers once per backend; RSS where smaps_rollup is missing.
 */
function stat(pid: number): { ticks: number; memoryBytes: number } | undefined {
  const text = read(`/proc/${pid}/stat`)
  if (!text) return undefined
  // Fields after the command name (which may hold spaces), numbered from 3 (state).
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ')
  const n = (i: number) => Number(f[i - 3])
  const pss = /^Pss:\s+(\d+) kB/m.exec(read(`/proc/${pid}/smaps_rollup`) ?? '')
  return { ticks: n(14) + n(15), memoryBytes: pss ? Number(pss[1]) * 1024 : n(24) * PAGE }
}

function cpuTimes(): { busy: number; total: number }[] {
  const out: { busy: number; total: number }[] = []
  for (const line of (read('/proc/stat') ?? '').split('\n')) {
    const m = /^cpu(\d+)\s+(.*)$/.exec(line)
    if (!m) continue
    const v = m[2]!.split(/\s+/).map(Number)
    const idle = (v[3] ?? 0) + (v[4] ?? 0)
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0)
    out[Number(m[1])] = { busy: total - idle, total }
  }
  return out
}

/**
 * Samples the groups every `everyMs` until stopped. Groups are re-resolved on each reading (a replaced worker, a new
 * database backend); a PID in two groups counts in the first only.
 */
export function processSampler(groups: () => ProcessGroups, everyMs = 2000) {
  const samples: ProcessSample[] = []
  let prevTicks = new Map<number, number>()
  let prevCpu = cpuTimes()
  let prevT = Date.now()
  const take = () => {
    const t = Date.now()
    const seconds = Math.max(0.001, (t - prevT) / 1000)
    const ticks = new Map<number, number>()
    const seen = new Set<number>()
    const out: ProcessSample['groups'] = {}
    for (const [name, roots] of Object.entries(groups())) {
      let used = 0
      let memory = 0
      let count = 0
      for (const pid of roots.flatMap(descendants)) {
        if (seen.has(pid)) continue
        seen.add(pid)
        const s = stat(pid)
        if (!s) continue
        ticks.set(pid, s.ticks)
        // A process first seen in this interval counts from its start (its whole CPU time is recent).
        used += s.ticks - (prevTicks.get(pid) ?? (prevTicks.size ? 0 : s.ticks))
        memory += s.memoryBytes
        count++
      }
      out[name] = { cores: used / TICK_HZ / seconds, memoryBytes: memory, processes: count }
    }
    const cpu = cpuTimes()
    const cpuBusy = cpu.map((c, i) => {
      const p = prevCpu[i]
      return p && c.total > p.total ? (c.busy - p.busy) / (c.total - p.total) : 0
    })
    prevTicks = ticks
    prevCpu = cpu
    prevT = t
    return { t, groups: out, cpuBusy }
  }
  take() // the baseline reading
  const timer = setInterval(() => samples.push(take()), everyMs)
  return {
    samples,
    stop(): ProcessSample[] {
      clearInterval(timer)
      samples.push(take())
      return samples
    },
  }
}

/** Mean cores per group and mean busy share per CPU over the samples. */
export function meanUse(samples: ProcessSample[]): {
  cores: Record<string, number>
  cpuBusy: number[]
  peakMemoryBytes: Record<string, number>
} {
  const cores: Record<string, number> = {}
  const peakMemoryBytes: Record<string, number> = {}
  for (const s of samples)
    for (const [name, g] of Object.entries(s.groups)) {
      cores[name] = (cores[name] ?? 0) + g.cores / samples.length
      peakMemoryBytes[name] = Math.max(peakMemoryBytes[name] ?? 0, g.memoryBytes)
    }
  const cpus = Math.max(0, ...samples.map((s) => s.cpuBusy.length))
  const cpuBusy = Array.from(
    { length: cpus },
    (_, i) => samples.reduce((a, s) => a + (s.cpuBusy[i] ?? 0), 0) / Math.max(1, samples.length),
  )
  return { cores, cpuBusy, peakMemoryBytes }
}
