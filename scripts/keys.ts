// `npm run keys -- create --owner alice --scopes read,write [--expires 30d] [--name NAME]`, `list [--owner O]`,
// `revoke ID`, `rotate ID [--overlap 24h] [--expires 30d]`. Opens the same database as the server (loadConfig +
// createDeps: the embedded data folder, or DATABASE_URL), so it works before the first start and on clusters. With
// PGlite the server must be stopped first (one process owns the data folder); on Postgres it may be running, and
// notices new or revoked keys within AUTH_CACHE_TTL_MS.
import { parseArgs } from 'node:util'
import { keyView } from '@supernova/api'
import { isAppError, parseDuration, parseScopes } from '@supernova/core'
import { ConfigError, createDeps, loadConfig } from '@supernova/runtime'

const USAGE = `Usage: npm run keys -- <command>
  create --owner NAME --scopes read,write[,admin] [--expires 30d] [--name TEXT]
  list [--owner NAME]
  revoke ID
  rotate ID [--overlap 24h] [--expires 30d]`

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    owner: { type: 'string' },
    scopes: { type: 'string' },
    expires: { type: 'string' },
    name: { type: 'string' },
    overlap: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
})
const [command, id] = positionals
const fail = (message: string): never => {
  console.error(message)
  process.exit(2)
}
if (values.help || !command) fail(USAGE)
if (!['create', 'list', 'revoke', 'rotate'].includes(command!))
  fail(`Unknown command '${command}'.\n${USAGE}`)
if ((command === 'revoke' || command === 'rotate') && !id) fail(`'${command}' needs a key id.\n${USAGE}`)
if (command === 'create' && (!values.owner || !values.scopes))
  fail(`'create' needs --owner and --scopes.\n${USAGE}`)

let config: ReturnType<typeof loadConfig>
try {
  config = loadConfig()
} catch (e) {
  fail(e instanceof ConfigError ? e.message : String(e))
}
// Keys only: no sample data, no background tasks (and no start-up refusal: creating the first key satisfies it).
// (an embedded folder a running server holds is a ConfigError saying so)
const runtime = await createDeps(
  { ...config!, SEED_SAMPLE_DATA: false, LOG_LEVEL: 'warn' },
  { runTasks: false },
).catch((e: unknown) => fail(e instanceof ConfigError ? e.message : String(e)))
const keys = runtime.deps.identity!.keys
const expiresAt = (text: string | undefined) =>
  text ? new Date(Date.now() + parseDuration(text)) : undefined
const line = (k: ReturnType<typeof keyView>) =>
  `${k.id}  ${k.owner.padEnd(16)} ${k.scopes.join(',').padEnd(16)} ${k.status.padEnd(8)} created ${k.createdAt}` +
  `${k.expiresAt ? `  expires ${k.expiresAt}` : ''}${k.lastUsedAt ? `  last used ${k.lastUsedAt}` : ''}${k.name ? `  (${k.name})` : ''}`

let code = 0
try {
  if (command === 'create' || command === 'rotate') {
    const r =
      command === 'create'
        ? await keys.create({
            owner: values.owner!,
            scopes: parseScopes(values.scopes!),
            name: values.name,
            expiresAt: expiresAt(values.expires),
          })
        : await keys.rotate(id!, {
            overlapMs: parseDuration(values.overlap ?? config!.AUTH_ROTATION_OVERLAP),
            expiresAt: expiresAt(values.expires),
          })
    const v = keyView(r.record)
    console.log(
      `${command === 'create' ? 'Created' : `Rotated ${id} (it keeps working until its new expiry); new`} key ${v.id} for ${v.owner} (${v.scopes.join(', ')})${v.expiresAt ? `, expires ${v.expiresAt}` : ''}:`,
    )
    console.log(r.key)
    console.log('Store it now: it is shown only this once (the database keeps a hash).')
  } else if (command === 'list') {
    const rows = (await keys.list({ owner: values.owner })).map(keyView)
    if (rows.length === 0) console.log('No API keys yet.')
    for (const k of rows) console.log(line(k))
  } else {
    console.log(`Revoked: ${line(keyView(await keys.revoke(id!)))}`)
  }
} catch (e) {
  console.error(isAppError(e) ? e.message : e)
  code = 1
} finally {
  await runtime.close()
}
process.exit(code)
