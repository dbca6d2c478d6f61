import { randomUUID } from 'node:crypto'
import { type AlertCondition, type AlertState, INITIAL_ALERT_STATE } from '@supernova/core'
import type { SqlDatabase } from '../port.ts'

/** A stored alert rule. */
export interface AlertRule {
  id: string
  owner: string
  name: string | null
  symbol: string
  condition: AlertCondition
  hysteresis: number | null
  enabled: boolean
  state: AlertState
  /** Bumped by every state write; guards concurrent evaluators. */
  version: number
  createdAt: Date
  updatedAt: Date
}

/** What a client sets on a rule. */
export interface AlertRuleInput {
  name?: string | null
  symbol: string
  condition: AlertCondition
  hysteresis?: number | null
  enabled?: boolean
}

/** Where an evaluation came from. */
export type AlertSource = 'tick' | 'bar' | 'schedule'

/** One stored firing. */
export interface AlertFiring {
  id: string
  ruleId: string
  owner: string
  symbol: string
  value: number
  price: number
  message: string
  source: AlertSource
  firedAt: Date
}

const RULE = `id, owner, name, symbol, condition, hysteresis, enabled, state, version,
  created_at as "createdAt", updated_at as "updatedAt"`
const FIRING = `id, rule_id as "ruleId", owner, symbol, value, price, message, source, fired_at as "firedAt"`

/** Alert rules and firings on the SQL port; every read and write by a user names the owner. */
export function alertRepository(db: SqlDatabase) {
  const one = async (sql: string, params: unknown[], name: string) =>
    (await db.query<AlertRule>(sql, params, { name })).rows[0]

  return {
    async create(owner: string, input: AlertRuleInput): Promise<AlertRule> {
      const id = `alr_${randomUUID()}`
      // Millisecond precision: page cursors carry the time as a JS Date, which must compare equal to the row.
      return (await one(
        `insert into alert_rules (id, owner, name, symbol, condition, hysteresis, enabled, state, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, date_trunc('milliseconds', now()), date_trunc('milliseconds', now()))
         returning ${RULE}`,
        [
          id,
          owner,
          input.name ?? null,
          input.symbol,
          JSON.stringify(input.condition),
          input.hysteresis ?? null,
          input.enabled ?? true,
          JSON.stringify(INITIAL_ALERT_STATE),
        ],
        'alerts.create',
      ))!
    },
    get: (owner: string, id: string) =>
      one(`select ${RULE} from alert_rules where owner = $1 and id = $2`, [owner, id], 'alerts.get'),
    /** Oldest first, keyed by (created_at, id) so pages stay stable as rules are added. */
    async list(
      owner: string,
      q: { limit: number; after?: { createdAt: Date; id: string }; offset?: number },
    ): Promise<AlertRule[]> {
      const params: unknown[] = [owner]
      let where = 'owner = $1'
      if (q.after) {
        params.push(q.after.createdAt, q.after.id)
        where += ' and (created_at, id) > ($2::timestamptz, $3)'
      }
      params.push(q.limit)
      let sql = `select ${RULE} from alert_rules where ${where} order by created_at, id limit $${params.length}`
      if (q.offset) {
        params.push(q.offset)
        sql += ` offset $${params.length}`
      }
      return (await db.query<AlertRule>(sql, params, { name: 'alerts.list' })).rows
    },
    /** Applies a partial update; a changed symbol, condition or hysteresis starts the rule's state afresh. */
    async update(owner: string, id: string, patch: Partial<AlertRuleInput>): Promise<AlertRule | undefined> {
      const current = await this.get(owner, id)
      if (!current) return undefined
      const next = { ...current, ...patch }
      const reset =
        next.symbol !== current.symbol ||
        JSON.stringify(next.condition) !== JSON.stringify(current.condition) ||
        (next.hysteresis ?? null) !== current.hysteresis
      return one(
        `update alert_rules set name = $3, symbol = $4, condition = $5, hysteresis = $6, enabled = $7,
           state = case when $8 then $9::jsonb else state end, version = version + 1,
           updated_at = date_trunc('milliseconds', now())
         where owner = $1 and id = $2 returning ${RULE}`,
        [
          owner,
          id,
          next.name ?? null,
          next.symbol,
          JSON.stringify(next.condition),
          next.hysteresis ?? null,
          next.enabled,
          reset,
          JSON.stringify(INITIAL_ALERT_STATE),
        ],
        'alerts.update',
      )
    },
    async delete(owner: string, id: string): Promise<boolean> {
      const r = await db.query('delete from alert_rules where owner = $1 and id = $2', [owner, id], {
        name: 'alerts.delete',
      })
      return r.rowCount > 0
    },
    /** Enabled rules of these symbols (of every symbol when none are named), for evaluation. */
    async enabledFor(symbols?: readonly string[]): Promise<AlertRule[]> {
      const r = symbols
        ? await db.query<AlertRule>(
            `select ${RULE} from alert_rules where enabled and symbol = any($1::text[]) order by id`,
            [symbols],
            { name: 'alerts.enabled_for' },
          )
        : await db.query<AlertRule>(`select ${RULE} from alert_rules where enabled order by id`, [], {
            name: 'alerts.enabled_all',
          })
      return r.rows
    },
    /** Symbols with at least one enabled rule (ticks of other symbols skip evaluation). */
    async watchedSymbols(): Promise<string[]> {
      const r = await db.query<{ symbol: string }>(
        'select distinct symbol from alert_rules where enabled',
        [],
        { name: 'alerts.watched' },
      )
      return r.rows.map((x) => x.symbol)
    },
    /**
     * Writes an evaluated state if nobody wrote since `rule.version` was read, and stores the firing in the same
     * statement; false when another evaluator got there first (its result stands, this one is dropped).
     */
    async saveState(
      rule: Pick<AlertRule, 'id' | 'version'>,
      state: AlertState,
      firing?: Omit<AlertFiring, 'ruleId'>,
    ): Promise<boolean> {
      const params: unknown[] = [rule.id, rule.version, JSON.stringify(state)]
      const update =
        'update alert_rules set state = $3, version = version + 1 where id = $1 and version = $2 returning id, owner'
      if (!firing) {
        const r = await db.query(update, params, { name: 'alerts.save_state' })
        return r.rowCount > 0
      }
      params.push(
        firing.id,
        firing.symbol,
        firing.value,
        firing.price,
        firing.message,
        firing.source,
        firing.firedAt,
      )
      const r = await db.query(
        `with u as (${update})
         insert into alert_firings (id, rule_id, owner, symbol, value, price, message, source, fired_at)
         select $4, u.id, u.owner, $5, $6, $7, $8, $9, $10 from u returning id`,
        params,
        { name: 'alerts.fire' },
      )
      return r.rowCount > 0
    },
    /** Firings newest first, of one rule or of all the owner's rules. */
    async listFirings(
      owner: string,
      q: { ruleId?: string; limit: number; before?: { firedAt: Date; id: string }; offset?: number },
    ): Promise<AlertFiring[]> {
      const params: unknown[] = [owner]
      let where = 'owner = $1'
      if (q.ruleId) {
        params.push(q.ruleId)
        where += ` and rule_id = $${params.length}`
      }
      if (q.before) {
        params.push(q.before.firedAt, q.before.id)
        where += ` and (fired_at, id) < ($${params.length - 1}::timestamptz, $${params.length})`
      }
      params.push(q.limit)
      let sql = `select ${FIRING} from alert_firings where ${where} order by fired_at desc, id desc limit $${params.length}`
      if (q.offset) {
        params.push(q.offset)
        sql += ` offset $${params.length}`
      }
      return (await db.query<AlertFiring>(sql, params, { name: 'alerts.firings' })).rows
    },
  }
}

/** The alert rules repository (see alertRepository). */
export type AlertRepository = ReturnType<typeof alertRepository>
