import { type ChildProcess, spawn } from 'node:child_process'
import { request } from 'node:http'
import { startCommand } from './start-command.ts'

/** `npm start`'s script running in a child process, its stdout and stderr collected for the test to read. */
export interface StartedServerProcess {
  proc: ChildProcess
  /** Everything the process has printed so far. */
  output(): string
  /** Resolves with the first match of `re` in the output; rejects if the process exits first. */
  waitFor(re: RegExp): Promise<RegExpExecArray>
  /** The exit code once the process has ended. */
  exited: Promise<number | null>
}

/** Starts `npm start`'s command (startCommand) in `root` with `env` added to this process's environment. */
export function spawnStartScript(root: string, env: Record<string, string>): StartedServerProcess {
  const start = startCommand(root)
  return collected(
    spawn(process.execPath, start.args, {
      cwd: root,
      env: { ...process.env, ...start.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  )
}

/**
 * Runs `npm start` itself in `root` (npm, then node, which the script's shell execs), as a user or a process manager
 * does, in a process group of its own: `proc.pid` is npm's, and `-proc.pid` signals the group as a terminal's Ctrl-C
 * does.
 */
export function spawnNpmStart(root: string, env: Record<string, string>): StartedServerProcess {
  return collected(
    spawn('npm', ['start', '--silent'], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    }),
  )
}

function collected(proc: ChildProcess): StartedServerProcess {
  let out = ''
  proc.stdout!.on('data', (d) => {
    out += d
  })
  proc.stderr!.on('data', (d) => {
    out += d
  })
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)))
  return {
    proc,
    output: () => out,
    exited,
    async waitFor(re) {
      while (!re.test(out)) {
        if (proc.exitCode !== null) throw new Error(`server exited early:\n${out}`)
        await new Promise((r) => setTimeout(r, 50))
      }
      return re.exec(out)!
    },
  }
}

/** A GET on a fresh connection (no keep-alive agent): refused once a server stops listening, spread by a cluster. */
export function freshGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (res) => {
      let body = ''
      res.on('data', (d) => {
        body += d
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
      .on('error', reject)
      .end()
  })
}
