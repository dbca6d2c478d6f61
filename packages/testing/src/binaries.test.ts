import { describe, expect, it } from 'vitest'
import { findBinary } from './binaries.ts'

describe('findBinary', () => {
  it('finds a binary on PATH', () => {
    expect(findBinary('sh', 'apt-get install -y dash')).toMatch(/\/sh$/)
  })

  it('says what to install when a binary is missing', () => {
    expect(() => findBinary('no-such-server-binary', 'apt-get install -y no-such-server')).toThrow(
      "'no-such-server-binary' was not found on this machine. Install it with: apt-get install -y no-such-server",
    )
  })
})
