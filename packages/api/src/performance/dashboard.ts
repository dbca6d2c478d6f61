/**
 * The live dashboard: one self-contained HTML page (inline CSS and vanilla JS drawing on canvas) that reads
 * `/performance/metrics/stream`. No build step, no CDN: it must work on an offline machine.
 */
export const dashboardHtml = /* html */ `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>SuperNova · performance</title>
<style>
  :root { --bg:#0f1419; --panel:#161d26; --line:#263241; --text:#d8e0ea; --muted:#8595a8;
          --ok:#3fb950; --warn:#d29922; --bad:#f85149; --c1:#58a6ff; --c2:#bc8cff; --c3:#ff7b72; --c4:#3fb950; }
  * { box-sizing: border-box; }
  body { margin:0; font:14px/1.4 system-ui, -apple-system, Segoe UI, Roboto, sans-serif; background:var(--bg); color:var(--text); }
  header { display:flex; align-items:center; gap:24px; padding:14px 20px; border-bottom:1px solid var(--line); }
  h1 { font-size:18px; margin:0; font-weight:600; }
  .score { font-size:34px; font-weight:700; min-width:70px; }
  .pill { padding:2px 10px; border-radius:999px; font-size:12px; border:1px solid var(--line); color:var(--muted); }
  .pill.live { color:var(--ok); border-color:var(--ok); }
  .pill.down { color:var(--bad); border-color:var(--bad); }
  main { padding:16px 20px; display:grid; grid-template-columns:repeat(auto-fill, minmax(420px, 1fr)); gap:16px; }
  section { background:var(--panel); border:1px solid var(--line); border-radius:8px; padding:12px 14px; }
  section h2 { font-size:13px; font-weight:600; color:var(--muted); margin:0 0 8px; text-transform:uppercase; letter-spacing:.04em; }
  canvas { width:100%; height:180px; display:block; }
  .legend { display:flex; gap:14px; font-size:12px; color:var(--muted); margin-top:6px; }
  .legend i { display:inline-block; width:10px; height:3px; margin-right:5px; vertical-align:middle; }
  table { width:100%; border-collapse:collapse; font-size:12px; }
  th, td { text-align:right; padding:4px 6px; border-bottom:1px solid var(--line); white-space:nowrap; }
  th:first-child, td:first-child { text-align:left; }
  td.route { font-family:ui-monospace, monospace; overflow:hidden; text-overflow:ellipsis; max-width:260px; }
  ul { margin:0; padding-left:18px; } li { margin:3px 0; }
  .wide { grid-column:1 / -1; }
  .muted { color:var(--muted); }
</style>
</head>
<body>
<header>
  <h1>SuperNova performance</h1>
  <div><div class="score" id="score">–</div><div class="muted" id="status">waiting for data</div></div>
  <span class="pill" id="conn">connecting</span>
  <span class="muted" id="summary"></span>
</header>
<main>
  <section><h2>Latency (ms, 1 min window)</h2><canvas id="latency"></canvas><div class="legend" id="latency-legend"></div></section>
  <section><h2>Throughput (req/s)</h2><canvas id="throughput"></canvas><div class="legend" id="throughput-legend"></div></section>
  <section><h2>Errors (% of requests)</h2><canvas id="errors"></canvas><div class="legend" id="errors-legend"></div></section>
  <section><h2>Cache hit rate (%)</h2><canvas id="cache"></canvas><div class="legend" id="cache-legend"></div></section>
  <section><h2>CPU (% of one core)</h2><canvas id="cpu"></canvas><div class="legend" id="cpu-legend"></div></section>
  <section><h2>Event-loop delay p99 (ms past the tick)</h2><canvas id="loop"></canvas><div class="legend" id="loop-legend"></div></section>
  <section><h2>Memory (MB)</h2><canvas id="memory"></canvas><div class="legend" id="memory-legend"></div></section>
  <section><h2>Tasks (queued, workers)</h2><canvas id="tasks"></canvas><div class="legend" id="tasks-legend"></div></section>
  <section><h2>Task lag (oldest queued, s)</h2><canvas id="taskLag"></canvas><div class="legend" id="taskLag-legend"></div></section>
  <section><h2>Tasks finished (per min)</h2><canvas id="taskRate"></canvas><div class="legend" id="taskRate-legend"></div></section>
  <section><h2>Realtime (connections, frames out/s)</h2><canvas id="realtime"></canvas><div class="legend" id="realtime-legend"></div></section>
  <section><h2>Realtime slow consumers (per min) and delivery p99 (ms)</h2><canvas id="realtimeSlow"></canvas><div class="legend" id="realtimeSlow-legend"></div></section>
  <section class="wide"><h2>Health issues and alerts</h2><ul id="issues"><li class="muted">none</li></ul></section>
  <section class="wide"><h2>Routes (last minute)</h2>
    <table><thead><tr><th>route</th><th>req/s</th><th>count</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>errors</th></tr></thead>
    <tbody id="routes"><tr><td class="muted" colspan="7">no traffic yet</td></tr></tbody></table></section>
</main>
<script>
(() => {
  'use strict'
  const MAX_POINTS = 300
  const css = (v) => getComputedStyle(document.documentElement).getPropertyValue(v).trim()
  // Charts listed in PERCENT keep a 0-100 axis so a 2% error rate looks small and a full cache looks full;
  // CPU alone may pass 100 (worker and GC threads), and its axis then grows in steps of 100.
  const charts = {
    latency: [['p50', '--c1', (p) => p.p50], ['p95', '--c2', (p) => p.p95], ['p99', '--c3', (p) => p.p99]],
    throughput: [['req/s', '--c1', (p) => p.rps]],
    errors: [['all errors', '--c3', (p) => p.errorRate * 100], ['5xx', '--c2', (p) => p.serverErrorRate * 100]],
    cache: [['hit rate', '--c4', (p) => (p.cacheHitRate == null ? null : p.cacheHitRate * 100)]],
    cpu: [['cpu %', '--c1', (p) => p.cpu * 100]],
    loop: [['loop p99 ms', '--c3', (p) => p.eventLoopP99]],
    memory: [['rss', '--c1', (p) => p.rssBytes / 1048576], ['heap used', '--c2', (p) => p.heapUsedBytes / 1048576]],
    tasks: [['queued', '--c1', (p) => p.taskQueued], ['workers', '--c2', (p) => p.taskWorkers]],
    taskLag: [['oldest queued s', '--c3', (p) => p.taskOldestAgeS]],
    taskRate: [['done', '--c4', (p) => p.tasksPerMin], ['failed', '--c3', (p) => p.taskFailuresPerMin]],
    realtime: [['connections', '--c1', (p) => p.realtimeConnections], ['frames/s', '--c2', (p) => p.realtimeOutPerS]],
    realtimeSlow: [
      ['dropped', '--c3', (p) => p.realtimeDroppedPerMin],
      ['conflated', '--c2', (p) => p.realtimeConflatedPerMin],
      ['delivery p99 ms', '--c1', (p) => p.realtimeDeliveryP99Ms],
    ],
  }
  const PERCENT = new Set(['errors', 'cache', 'cpu'])
  let points = []
  let updates = 0

  for (const [id, series] of Object.entries(charts)) {
    document.getElementById(id + '-legend').innerHTML = series
      .map(([name, color]) => '<span><i style="background:' + css(color) + '"></i>' + name + '</span>').join('')
  }

  function fmt(v) {
    if (v == null || !isFinite(v)) return '–'
    const a = Math.abs(v)
    return a >= 1000 ? (v / 1000).toFixed(1) + 'k' : a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2)
  }

  function draw(id) {
    const canvas = document.getElementById(id)
    const dpr = window.devicePixelRatio || 1
    const w = canvas.clientWidth, h = canvas.clientHeight
    if (canvas.width !== w * dpr || canvas.height !== h * dpr) { canvas.width = w * dpr; canvas.height = h * dpr }
    const g = canvas.getContext('2d')
    g.setTransform(dpr, 0, 0, dpr, 0, 0)
    g.clearRect(0, 0, w, h)
    const left = 44, right = 8, top = 8, bottom = 20
    const series = charts[id].map(([name, color, f]) => ({ name, color: css(color), values: points.map(f) }))
    let max = 0
    for (const s of series) for (const v of s.values) if (v != null && isFinite(v) && v > max) max = v
    max = PERCENT.has(id) ? Math.max(100, Math.ceil(max / 100) * 100) : max <= 0 ? 1 : max * 1.15
    const n = points.length
    const t0 = n ? points[0].t : 0, t1 = n ? points[n - 1].t : 1
    const x = (t) => left + (t1 === t0 ? 0 : ((t - t0) / (t1 - t0)) * (w - left - right))
    const y = (v) => top + (1 - v / max) * (h - top - bottom)
    g.strokeStyle = css('--line'); g.fillStyle = css('--muted'); g.lineWidth = 1; g.font = '11px system-ui'
    for (let i = 0; i <= 4; i++) {
      const v = (max * i) / 4, yy = Math.round(y(v)) + 0.5
      g.beginPath(); g.moveTo(left, yy); g.lineTo(w - right, yy); g.stroke()
      g.fillText(fmt(v), 4, yy + 4)
    }
    if (n) {
      const span = Math.round((t1 - t0) / 1000)
      g.fillText(span >= 120 ? Math.round(span / 60) + ' min' : span + ' s', left, h - 5)
      g.fillText('now', w - right - 22, h - 5)
    }
    if (!series.some((s) => s.values.some((v) => v != null && isFinite(v)))) {
      g.fillStyle = css('--muted'); g.font = '13px system-ui'
      g.fillText('no data yet', w / 2 - 34, h / 2)
    }
    for (const s of series) {
      g.strokeStyle = s.color; g.lineWidth = 2; g.beginPath()
      let pen = false
      for (let i = 0; i < n; i++) {
        const v = s.values[i]
        if (v == null || !isFinite(v)) { pen = false; continue }
        const px = x(points[i].t), py = y(v)
        if (pen) g.lineTo(px, py); else { g.moveTo(px, py); pen = true }
      }
      g.stroke()
      if (n === 1 && s.values[0] != null) { g.fillStyle = s.color; g.fillRect(x(points[0].t) - 2, y(s.values[0]) - 2, 4, 4) }
    }
    canvas.dataset.points = String(n)
    canvas.dataset.axisMax = String(max)
    canvas.dataset.last = JSON.stringify(series.map((s) => (n ? s.values[n - 1] : null)))
  }

  function drawAll() { for (const id of Object.keys(charts)) draw(id) }

  function esc(s) { return String(s).replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';') }

  function render(snap) {
    const h = snap.health
    const score = document.getElementById('score')
    score.textContent = h.score
    score.style.color = h.score >= 80 ? css('--ok') : h.score >= 50 ? css('--warn') : css('--bad')
    document.getElementById('status').textContent = h.status
    const p = snap.point
    document.getElementById('summary').textContent =
      fmt(p.rps) + ' req/s · p95 ' + fmt(p.p95) + ' ms · ' + (snap.firing.length ? snap.firing.length + ' alert(s) firing' : 'no alerts firing')
    const items = [
      ...snap.firing.map((a) => '<li style="color:' + css('--bad') + '">ALERT ' + esc(a.title) + ' (value ' + fmt(a.value) + ')</li>'),
      ...h.issues.map((i) => '<li style="color:' + (i.severity === 'critical' ? css('--bad') : css('--warn')) + '">' + esc(i.message) + '</li>'),
    ]
    document.getElementById('issues').innerHTML = items.length ? items.join('') : '<li class="muted">none</li>'
    document.getElementById('routes').innerHTML = snap.routes.length
      ? snap.routes.map((r) => '<tr><td class="route">' + esc(r.method + ' ' + r.route) + '</td><td>' + fmt(r.rps) + '</td><td>' + r.count +
          '</td><td>' + fmt(r.p50) + '</td><td>' + fmt(r.p95) + '</td><td>' + fmt(r.p99) + '</td><td>' + fmt(r.errorRate * 100) + '%</td></tr>').join('')
      : '<tr><td class="muted" colspan="7">no traffic yet</td></tr>'
  }

  function push(p) {
    points.push(p)
    if (points.length > MAX_POINTS) points = points.slice(-MAX_POINTS)
  }

  const key = new URLSearchParams(location.search).get('key')
  const url = 'metrics/stream' + (key ? '?key=' + encodeURIComponent(key) : '')
  const conn = document.getElementById('conn')
  const es = new EventSource(url)
  es.onopen = () => { conn.textContent = 'live'; conn.className = 'pill live' }
  es.onerror = () => { conn.textContent = 'reconnecting'; conn.className = 'pill down' }
  es.addEventListener('history', (e) => {
    const d = JSON.parse(e.data)
    points = d.points.slice(-MAX_POINTS)
    drawAll()
  })
  es.addEventListener('snapshot', (e) => {
    const snap = JSON.parse(e.data)
    push(snap.point)
    render(snap)
    drawAll()
    updates++
    document.body.dataset.updates = String(updates)
  })
  es.addEventListener('alert', (e) => {
    const a = JSON.parse(e.data)
    document.getElementById('conn').title = 'last alert: ' + a.id + ' ' + a.state
  })
  window.addEventListener('resize', drawAll)
})()
</script>
</body>
</html>
`
