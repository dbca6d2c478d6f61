/**
 * `npx tsx bench/realtime/profile-summary.ts FILE.cpuprofile [TOP]`: self time by function (and by category:
 * idle, GC, program = native work such as syscalls outside JS), the profiles `--cpu-prof=DIR` writes.
 */
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'

interface Node {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
}
interface Profile {
  nodes: Node[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
  endTime: number
}

const [file, top = '15'] = process.argv.slice(2)
if (!file) throw new Error('usage: profile-summary.ts FILE.cpuprofile [TOP]')
const p = JSON.parse(readFileSync(file, 'utf8')) as Profile
const byId = new Map(p.nodes.map((n) => [n.id, n]))
const self = new Map<string, number>()
p.samples.forEach((id, i) => {
  const f = byId.get(id)?.callFrame
  const name = f ? `${f.functionName || '(anonymous)'} ${basename(f.url)}:${f.lineNumber + 1}` : '?'
  self.set(name, (self.get(name) ?? 0) + (p.timeDeltas[i + 1] ?? 0) / 1000)
})
const total = (p.endTime - p.startTime) / 1000
const busy = total - (self.get('(idle) :0') ?? 0)
console.log(`${basename(file)}: ${total.toFixed(0)} ms profiled, ${busy.toFixed(0)} ms not idle`)
for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(top)))
  console.log(`${ms.toFixed(1).padStart(9)} ms ${((100 * ms) / busy).toFixed(1).padStart(5)}%  ${name}`)
