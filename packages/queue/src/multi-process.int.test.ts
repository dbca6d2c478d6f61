import { type ChildProcess, spawn } from 'node:child_process'
import { createPgDatabase, migrate, type SqlDatabase } from '@supernova/db'
import { bulkInsert, createTestDatabase, TASK_RUNNER_CHILD, waitFor } from '@supernova/testing'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'

// Two runner processes on one PostgreSQL: the crash case (SIGKILL mid-task) and a volume run.
describe('database runner across processes (PostgreSQL)', () => {
  let db: SqlDatabase
  let drop: () => Promise<void>
  let url: string
  const children = new Set<ChildProcess>()
  const startChild = () => {
    const child = spawn(process.execPath, ['--import', 'tsx', TASK_RUNNER_CHILD], {
      env: { ...process.env, DATABASE_URL: url, LEASE_MS: '1500' },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    children.add(child)
    const lines: { started?: string; ready?: number }[] = []
    let buf = ''
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString()
      let i = buf.indexOf('\n')
      while (i >= 0) {
        lines.push(JSON.parse(buf.slice(0, i)))
        buf = buf.slice(i + 1)
        i = buf.indexOf('\n')
      }
    })
    const exited = new Promise<void>((r) => child.on('exit', () => r()))
    return { child, lines, exited }
  }

  beforeAll(async () => {
    const t = await createTestDatabase(inject('pgUrl'), 'taskproc')
    url = t.url
    drop = t.drop
    db = await createPgDatabase({ connectionString: url })
    await migrate(db)
    await db.query('create table task_effects (task_id text not null, owner text not null)')
  }, 120_000)
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
    await db?.close()
    await drop?.()
  })

  it('finishes a SIGKILLed runner’s task in the other process, with exactly one result', async () => {
    const a = startChild()
    const b = startChild()
    await waitFor(() => a.lines.some((l) => l.ready) && b.lines.some((l) => l.ready))
    const [id] = await bulkInsert(db, 'slow-first', {}, 1, 'high')
    const first = await waitFor(() =>
      a.lines.some((l) => l.started) ? a : b.lines.some((l) => l.started) ? b : undefined,
    )
    const other = first === a ? b : a
    first.child.kill('SIGKILL')
    await first.exited
    const done = await waitFor(async () => {
      const r = await db.query<{
        status: string
        attempts: number
        result: { finishedBy: string; attempt: number }
      }>('select status, attempts, result from tasks where id = $1', [id])
      return r.rows[0]?.status === 'succeeded' ? r.rows[0] : undefined
    }, 60_000)
    expect(done).toEqual({
      status: 'succeeded',
      attempts: 2,
      result: { finishedBy: `child-${other.child.pid}`, attempt: 2 },
    })
    other.child.kill('SIGTERM')
    await other.exited
  }, 120_000)

  it('runs 10,000 tasks through two processes: none lost, none applied twice', async () => {
    const ids = await bulkInsert(db, 'apply', { n: 1 }, 10_000, 'normal')
    const a = startChild()
    const b = startChild()
    await waitFor(async () => {
      const r = await db.query<{ n: number }>(
        "select count(*)::int as n from tasks where type = 'apply' and status = 'succeeded'",
      )
      return r.rows[0]!.n === ids.length || undefined
    }, 240_000)
    const effects = await db.query<{ runs: number; tasks: number; owners: number }>(
      'select count(*)::int as runs, count(distinct task_id)::int as tasks, count(distinct owner)::int as owners from task_effects',
    )
    expect(effects.rows[0]).toEqual({ runs: 10_000, tasks: 10_000, owners: 2 })
    a.child.kill('SIGTERM')
    b.child.kill('SIGTERM')
    await Promise.all([a.exited, b.exited])
  }, 300_000)
})
