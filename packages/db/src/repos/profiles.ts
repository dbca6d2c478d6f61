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

/** Risk profiles: the questionnaire answers and the score computed from them, each stored under its owner. */
export function profileRepository(db: SqlDatabase) {
  const columns = 'id, name, answers, risk_score as "riskScore", profile, created_at as "createdAt"'
  return {
    async create(owner: string, p: Omit<StoredProfile, 'id' | 'createdAt'>): Promise<StoredProfile> {
      const r = await db.query<StoredProfile>(
        `insert into profiles (id, owner, name, answers, risk_score, profile) values ($1, $2, $3, $4, $5, $6) returning ${columns}`,
        [`pr_${randomUUID()}`, owner, p.name, JSON.stringify(p.answers), p.riskScore, p.profile],
        { name: 'profiles.create' },
      )
      return r.rows[0]!
    },
    /** Another owner's profile is absent, as an unknown id is (404, never 403). */
    async get(owner: string, id: string): Promise<StoredProfile | undefined> {
      const r = await db.query<StoredProfile>(
        `select ${columns} from profiles where id = $1 and owner = $2`,
        [id, owner],
        {
          name: 'profiles.get',
        },
      )
      return r.rows[0]
    },
  }
}

export type ProfileRepository = ReturnType<typeof profileRepository>
