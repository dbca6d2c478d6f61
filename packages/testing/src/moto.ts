import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { findBinary } from './binaries.ts'
import { freePort } from './ports.ts'

/** A moto_server (AWS emulator; SQS speaks the current JSON protocol) on a loopback port. */
export interface MotoServer {
  /** http://127.0.0.1:PORT, the `endpoint` for AWS clients. */
  url: string
  /** Clears every emulated resource. */
  reset(): Promise<void>
  stop(): Promise<void>
}

const INSTALL = 'pip install "moto[server]"   (Python 3.11; the machine image has it in pyenv 3.11)'

/** Starts moto_server on a free port (pyenv's 3.11 copy when it is not on PATH); stop() kills it by PID. */
export async function startMoto(): Promise<MotoServer> {
  const pyenv = [
    '/root/.pyenv/versions/3.11.7/bin',
    `${process.env.HOME ?? ''}/.pyenv/versions/3.11.7/bin`,
  ].filter((d) => existsSync(d))
  const bin = findBinary('moto_server', INSTALL, pyenv)
  const port = await freePort()
  const child = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' })
  const url = `http://127.0.0.1:${port}`
  const until = Date.now() + 20_000
  for (;;) {
    try {
      const r = await fetch(`${url}/moto-api/`)
      if (r.status < 500) break
    } catch {}
    if (child.exitCode !== null || Date.now() > until) {
      child.kill('SIGKILL')
      throw new Error(`moto_server did not start on port ${port}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    async reset() {
      await fetch(`${url}/moto-api/reset`, { method: 'POST' })
    },
    async stop() {
      if (child.exitCode !== null) return
      const exited = new Promise((r) => child.once('exit', r))
      process.kill(child.pid!, 'SIGTERM')
      await exited
    },
  }
}
