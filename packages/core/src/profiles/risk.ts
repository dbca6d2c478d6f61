import { z } from 'zod'

/** The risk questionnaire: each answer is bounded so a score is always defined. */
export const RiskQuestionnaire = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  age: z.number().int().min(18).max(120),
  horizonYears: z.number().int().min(0).max(60).describe('Years until the money is needed'),
  incomeStability: z.enum(['unstable', 'variable', 'stable', 'very_stable']),
  experience: z.enum(['none', 'beginner', 'intermediate', 'advanced']),
  lossTolerance: z
    .enum(['sell_all', 'sell_some', 'hold', 'buy_more'])
    .describe('What you would do if your portfolio fell 20% in a month'),
  goal: z.enum(['preserve', 'income', 'balanced', 'growth', 'aggressive_growth']),
  liquidityNeeds: z.enum(['high', 'medium', 'low']).default('medium'),
})
export type RiskQuestionnaire = z.infer<typeof RiskQuestionnaire>

export const RISK_PROFILES = [
  'conservative',
  'moderately_conservative',
  'moderate',
  'growth',
  'aggressive',
] as const
export type RiskProfileName = (typeof RISK_PROFILES)[number]

const W = {
  horizon: 25,
  tolerance: 25,
  goal: 20,
  experience: 10,
  income: 10,
  age: 5,
  liquidity: 5,
} as const

const level = <T extends string>(options: readonly T[], v: T) => options.indexOf(v) / (options.length - 1)

/**
 * Risk score 0-100 as a weighted sum of normalised answers (weights above sum to 100): long horizons, calm
 * reactions to losses and growth goals raise it; age and liquidity needs lower it.
 */
export function scoreRisk(q: RiskQuestionnaire): {
  riskScore: number
  profile: RiskProfileName
  factors: Record<string, number>
} {
  const factors = {
    horizon: (W.horizon * Math.min(q.horizonYears, 20)) / 20,
    tolerance: W.tolerance * level(['sell_all', 'sell_some', 'hold', 'buy_more'], q.lossTolerance),
    goal: W.goal * level(['preserve', 'income', 'balanced', 'growth', 'aggressive_growth'], q.goal),
    experience: W.experience * level(['none', 'beginner', 'intermediate', 'advanced'], q.experience),
    income: W.income * level(['unstable', 'variable', 'stable', 'very_stable'], q.incomeStability),
    age: W.age * (1 - Math.min(Math.max(q.age - 25, 0), 50) / 50),
    liquidity: W.liquidity * level(['high', 'medium', 'low'], q.liquidityNeeds),
  }
  const riskScore = Math.round(Object.values(factors).reduce((a, b) => a + b, 0))
  const profile = RISK_PROFILES[Math.min(4, Math.floor(riskScore / 20))]!
  return {
    riskScore,
    profile,
    factors: Object.fromEntries(Object.entries(factors).map(([k, v]) => [k, Math.round(v * 10) / 10])),
  }
}
