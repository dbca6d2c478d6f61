/** A dependency check for readiness (database ping, L2 ping, model endpoint...). */
export interface ReadinessProbe {
  name: string
  check(signal: AbortSignal): Promise<void> | void
}

/** Each probe's outcome. */
export interface ProbeResult {
  name: string
  ok: boolean
  durationMs: number
  error?: string
}

/** Runs every probe concurrently, each bounded by `timeoutMs`; ready only when all pass. */
export async function probeReadiness(
  probes: readonly ReadinessProbe[],
  opts: { timeoutMs?: number } = {},
): Promise<{ ready: boolean; checks: ProbeResult[] }> {
  const timeoutMs = opts.timeoutMs ?? 2000
  const checks = await Promise.all(
    probes.map(async (p): Promise<ProbeResult> => {
      const started = performance.now()
      const ac = new AbortController()
      let timer: ReturnType<typeof setTimeout> | undefined
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          ac.abort()
          reject(new Error(`timed out after ${timeoutMs} ms`))
        }, timeoutMs)
      })
      try {
        await Promise.race([Promise.resolve().then(() => p.check(ac.signal)), timeout])
        return { name: p.name, ok: true, durationMs: ms(started) }
      } catch (e) {
        return { name: p.name, ok: false, durationMs: ms(started), error: (e as Error)?.message ?? String(e) }
      } finally {
        clearTimeout(timer)
      }
    }),
  )
  return { ready: checks.every((c) => c.ok), checks }
}

const ms = (start: number) => Math.round((performance.now() - start) * 100) / 100
