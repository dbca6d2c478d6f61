import { describe, expect, it } from 'vitest'
import { RiskQuestionnaire, scoreRisk } from './risk.ts'

describe('risk scoring', () => {
  it('spans the full range from the most cautious to the boldest answers', () => {
    const low = scoreRisk(
      RiskQuestionnaire.parse({
        age: 80,
        horizonYears: 0,
        incomeStability: 'unstable',
        experience: 'none',
        lossTolerance: 'sell_all',
        goal: 'preserve',
        liquidityNeeds: 'high',
      }),
    )
    const high = scoreRisk(
      RiskQuestionnaire.parse({
        age: 25,
        horizonYears: 30,
        incomeStability: 'very_stable',
        experience: 'advanced',
        lossTolerance: 'buy_more',
        goal: 'aggressive_growth',
        liquidityNeeds: 'low',
      }),
    )
    expect(low).toMatchObject({ riskScore: 0, profile: 'conservative' })
    expect(high).toMatchObject({ riskScore: 100, profile: 'aggressive' })
  })

  it('places a middle-of-the-road investor in the moderate band', () => {
    const r = scoreRisk(
      RiskQuestionnaire.parse({
        age: 45,
        horizonYears: 10,
        incomeStability: 'stable',
        experience: 'intermediate',
        lossTolerance: 'hold',
        goal: 'balanced',
      }),
    )
    expect(r.riskScore).toBeGreaterThanOrEqual(40)
    expect(r.riskScore).toBeLessThan(80)
    expect(['moderate', 'growth']).toContain(r.profile)
  })

  it('rejects out-of-range answers', () => {
    expect(RiskQuestionnaire.safeParse({ age: 12 }).success).toBe(false)
  })
})
