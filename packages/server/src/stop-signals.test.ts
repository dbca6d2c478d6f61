import { describe, expect, it } from 'vitest'
import { SIGNAL_COPY_MS, stopSignals } from './stop-signals.ts'

describe('stopSignals', () => {
  it('takes the same signal again at once as a copy, later or another signal as a second request', () => {
    let t = 1_000
    const kind = stopSignals(() => t)
    expect(kind('SIGINT')).toBe('first')
    t += 3
    expect(kind('SIGINT')).toBe('copy') // npm relaying the Ctrl-C the terminal already sent
    t += SIGNAL_COPY_MS
    expect(kind('SIGINT')).toBe('again')
    const other = stopSignals(() => t)
    expect(other('SIGTERM')).toBe('first')
    expect(other('SIGINT')).toBe('again')
  })
})
