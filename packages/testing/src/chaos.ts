export type ChaosMode = 'ok' | 'throw' | 'hang' | 'slow'

/** Switches a chaos-wrapped driver's behaviour at run time. */
export interface ChaosControl {
  mode: ChaosMode
  /** Delay added in 'slow' mode (default 200 ms). */
  delayMs: number
  /** Calls that went through the wrapper (whatever the mode). */
  calls: number
  set(mode: ChaosMode, delayMs?: number): void
}

/** Error raised by a chaos wrapper in 'throw' mode. */
export class ChaosError extends Error {
  constructor(method: string) {
    super(`chaos: ${method} failed on purpose`)
    this.name = 'ChaosError'
  }
}

/**
 * Wraps any driver (every method returning a promise): 'throw' rejects, 'hang' never settles, 'slow' delays,
 * 'ok' passes through. `close` always passes through so tests can clean up.
 */
export function withChaos<T extends object>(driver: T, mode: ChaosMode = 'ok'): T & { chaos: ChaosControl } {
  const control: ChaosControl = {
    mode,
    delayMs: 200,
    calls: 0,
    set(m, delayMs) {
      control.mode = m
      if (delayMs !== undefined) control.delayMs = delayMs
    },
  }
  return new Proxy(driver, {
    get(target, prop, receiver) {
      if (prop === 'chaos') return control
      const v = Reflect.get(target, prop, receiver)
      if (typeof v !== 'function' || prop === 'close') return v
      return (...args: unknown[]) => {
        control.calls++
        switch (control.mode) {
          case 'throw':
            return Promise.reject(new ChaosError(String(prop)))
          case 'hang':
            return new Promise(() => {})
          case 'slow':
            return new Promise((r) => setTimeout(r, control.delayMs)).then(() => v.apply(target, args))
          default:
            return v.apply(target, args)
        }
      }
    },
  }) as T & { chaos: ChaosControl }
}
