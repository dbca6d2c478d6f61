/** In-process V8 CPU profiling for the realtime bench children, so a profile covers only the rounds, not connecting. */
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { join } from 'node:path'

/** Starts sampling every 100 us; the returned function writes `DIR/NAME-PID.cpuprofile` (open it in DevTools). */
export async function startProfile(dir: string, name: string): Promise<() => Promise<void>> {
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 100 })
  await session.post('Profiler.start')
  return async () => {
    const { profile } = await session.post('Profiler.stop')
    writeFileSync(join(dir, `${name}-${process.pid}.cpuprofile`), JSON.stringify(profile))
    session.disconnect()
  }
}
