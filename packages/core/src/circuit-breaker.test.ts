import { describe, expect, it } from 'vitest'
import { type BreakerState, createCircuitBreaker } from './circuit-breaker.ts'

function stepped(options: { failureThreshold?: number; cooldownMs?: number } = {}) {
  let clock = 1_000
  const changes: BreakerState[] = []
  const breaker = createCircuitBreaker({ ...options, now: () => clock, onChange: (s) => changes.push(s) })
  return {
    breaker,
    changes,
    advance(ms: number) {
      clock += ms
    },
  }
}

describe('createCircuitBreaker', () => {
  it('opens after the threshold of consecutive failures; a success in between resets the count', () => {
    const { breaker, changes } = stepped({ failureThreshold: 3 })
    breaker.failure()
    breaker.failure()
    breaker.success()
    breaker.failure()
    breaker.failure()
    expect(breaker.state).toBe('closed')
    expect(breaker.allow()).toBe(true)
    breaker.failure()
    expect(breaker.state).toBe('open')
    expect(breaker.opens).toBe(1)
    expect(breaker.allow()).toBe(false)
    expect(changes).toEqual(['open'])
  })

  it('lets exactly one probe through after the cooldown; its success closes the breaker', () => {
    const { breaker, changes, advance } = stepped({ failureThreshold: 1, cooldownMs: 500 })
    breaker.failure()
    advance(499)
    expect(breaker.allow()).toBe(false)
    advance(1)
    expect(breaker.allow()).toBe(true)
    expect(breaker.state).toBe('half-open')
    expect(breaker.allow()).toBe(false)
    breaker.success()
    expect(breaker.state).toBe('closed')
    expect(breaker.allow()).toBe(true)
    expect(changes).toEqual(['open', 'half-open', 'closed'])
  })

  it('a failed probe opens it again for another cooldown', () => {
    const { breaker, advance } = stepped({ failureThreshold: 2, cooldownMs: 100 })
    breaker.failure()
    breaker.failure()
    advance(100)
    expect(breaker.allow()).toBe(true)
    breaker.failure()
    expect(breaker.state).toBe('open')
    expect(breaker.opens).toBe(2)
    advance(99)
    expect(breaker.allow()).toBe(false)
    advance(1)
    expect(breaker.allow()).toBe(true)
  })

  it('a late failure of a call let through before it opened neither extends the cooldown nor counts an open', () => {
    const { breaker, advance } = stepped({ failureThreshold: 1, cooldownMs: 100 })
    breaker.failure()
    advance(60)
    breaker.failure()
    expect(breaker.opens).toBe(1)
    advance(40)
    expect(breaker.allow()).toBe(true)
  })

  it('uses the defaults: five failures, five seconds', () => {
    const { breaker, advance } = stepped()
    for (let i = 0; i < 4; i++) breaker.failure()
    expect(breaker.state).toBe('closed')
    breaker.failure()
    expect(breaker.state).toBe('open')
    advance(4_999)
    expect(breaker.allow()).toBe(false)
    advance(1)
    expect(breaker.allow()).toBe(true)
  })
})
