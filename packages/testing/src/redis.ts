import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createConnection } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { APT_PACKAGES, findBinary } from './binaries.ts'
import { freePort } from './ports.ts'

export interface RedisServer {
  /** redis://127.0.0.1:PORT */
  url: string
  port: number
  stop(): Promise<void>
}

const INSTALL = `apt-get install -y ${APT_PACKAGES['redis-server']}   (npm test does this when it runs as root)`

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port }, () => s.write('PING\r\n'))
    s.setTimeout(500, () => {
      s.destroy()
      resolve(false)
    })
    s.on('data', (d) => {
      s.destroy()
      resolve(d.toString().startsWith('+PONG'))
    })
    s.on('error', () => resolve(false))
  })
}

/**
 * Starts a throwaway redis-server (no persistence) on a free loopback port, or on `port` (a chaos test restarting
 * a killed one where its clients reconnect); stop() kills it (SIGKILL, as an outage would) and removes its folder.
 */
export async function startRedis(options: { port?: number } = {}): Promise<RedisServer> {
  const bin = findBinary('redis-server', INSTALL)
  const dir = mkdtempSync(join(tmpdir(), 'supernova-redis-'))
  const pidfile = join(dir, 'redis.pid')
  const logfile = join(dir, 'redis.log')
  const port = options.port ?? (await freePort())
  const r = spawnSync(
    bin,
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'yes',
      '--pidfile',
      pidfile,
      '--logfile',
      logfile,
      '--dir',
      dir,
    ],
    { encoding: 'utf8' },
  )
  if (r.status !== 0) throw new Error(`redis-server failed to start: ${r.stderr || r.stdout}`)
  const deadline = Date.now() + 10_000
  while (!(await ping(port))) {
    if (Date.now() > deadline) {
      const log = existsSync(logfile) ? readFileSync(logfile, 'utf8').slice(-2000) : ''
      throw new Error(`redis-server on port ${port} did not answer PING within 10 s\n${log}`)
    }
    await new Promise((res) => setTimeout(res, 25))
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      try {
        const pid = Number(readFileSync(pidfile, 'utf8').trim())
        if (pid > 0) {
          process.kill(pid, 'SIGKILL')
          const until = Date.now() + 5_000
          while (Date.now() < until) {
            try {
              process.kill(pid, 0)
              await new Promise((res) => setTimeout(res, 20))
            } catch {
              break
            }
          }
        }
      } catch {
        // already gone
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
