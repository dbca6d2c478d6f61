import { randomUUID } from 'node:crypto'
import type { RiskProfileName } from '@supernova/core'
import type { SqlDatabase } from '../port.ts'

export interface StoredProfile {
  id: string
  name: string | null
  answers: Record<string, unknown>
  riskScore: number
  profile: RiskProfileName
  createdAt: Date
}

/** Risk profiles: the questionnaire answers and the score computed from them. */
export function profileRepository(db: SqlDatabase) {
  const columns = 'id, name, answers, risk_score as "riskScore", profile, created_at as "createdAt"'
  return {
    async create(p: Omit<StoredProfile, 'id' | 'createdAt'>): Promise<StoredProfile> {
      const r = await db.query<StoredProfile>(
        `insert into profiles (id, name, answers, risk_score, profile) values ($1, $2, $3, $4, $5) returning ${columns}`,
        [`pr_${randomUUID()}`, p.name, JSON.stringify(p.answers), p.riskScore, p.profile],
        { name: 'profiles.create' },
      )
      return r.rows[0]!
    },
    async get(id: string): Promise<StoredProfile | undefined> {
      const r = await db.query<StoredProfile>(`select ${columns} from profiles where id = $1`, [id], {
        name: 'profiles.get',
      })
      return r.rows[0]
    },
  }
}

export type ProfileRepository = ReturnType<typeof profileRepository>
