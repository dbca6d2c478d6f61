import { describe, expect, it } from 'vitest'
import { channels, isChannelPattern, isKnownChannel } from './channels.ts'

describe('channel names', () => {
  it('keeps plain owners readable and encodes the rest into a valid, distinct name', () => {
    expect(channels.alerts('acct_1.team-a')).toBe('alerts:acct_1.team-a')
    const jwt = channels.alerts('auth0|5f8d0d55b54764421b7156c3')
    const mail = channels.alerts('ana@example.com')
    const long = channels.alerts('x'.repeat(65))
    for (const name of [jwt, mail, long]) {
      expect(name).toMatch(/^alerts:~[A-Za-z0-9_-]{22}$/)
      expect(isKnownChannel(name)).toBe(true)
      expect(isChannelPattern(name)).toBe(true)
    }
    expect(new Set([jwt, mail, long]).size).toBe(3)
    expect(channels.alerts('ana@example.com')).toBe(mail)
    // a plain owner cannot spell another owner's encoded channel: '~' is not a plain owner character
    expect(isKnownChannel('alerts:auth0|5f8d')).toBe(false)
    expect(isKnownChannel(`ticks:~${'a'.repeat(22)}`)).toBe(false)
  })
})
