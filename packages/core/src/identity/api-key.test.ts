import { describe, expect, it } from 'vitest'
import { formatApiKey, parseApiKey, parseDuration, parseScopes } from './api-key.ts'

describe('API key text', () => {
  it('parses what it formats, and nothing shaped otherwise', () => {
    const secret = 'A'.repeat(20) + 'b9'.repeat(11)
    expect(parseApiKey(formatApiKey('abc123def456', secret))).toEqual({ id: 'abc123def456', secret })
    for (const bad of [
      '',
      'snk_',
      `sk_abc123def456_${secret}`,
      `snk_abc123def45_${secret}`,
      `snk_ABC123DEF456_${secret}`,
      `snk_abc123def456-${secret}`,
      'snk_abc123def456_short',
      `snk_abc123def456_${secret}!`,
    ])
      expect(parseApiKey(bad), bad).toBeUndefined()
  })

  it('reads scope lists and durations, naming what is wrong', () => {
    expect(parseScopes('write, read')).toEqual(['read', 'write'])
    expect(parseScopes('admin')).toEqual(['admin'])
    expect(() => parseScopes('read,root')).toThrow(/root/)
    expect(() => parseScopes(' ')).toThrow(/read, write, admin/)
    expect(parseDuration('30d')).toBe(30 * 86_400_000)
    expect(parseDuration('90s')).toBe(90_000)
    expect(() => parseDuration('0d')).toThrow(/30d/)
    expect(() => parseDuration('3 days')).toThrow(/Invalid duration/)
  })
})
