import { createHash } from 'node:crypto'
import { INK, THEMES } from './theme.ts'

/** A rendered chart placed on a report page. */
export interface PageChart {
  name: string
  title: string
  /** SVG rendered with ink mode 'page' (the page's CSS colours it per theme). */
  svg: string
  /** Where the standalone SVG lives (the PNG is the same URL with Accept: image/png or `.png`). */
  href?: string
}

/** Everything a report page shows. */
export interface ReportPage {
  title: string
  subtitle?: string
  /** Key figures, computed on the full data (never on the downsampled display series). */
  figures: { label: string; value: string }[]
  /** The inputs that produced the result. */
  inputs: Record<string, unknown>
  charts: PageChart[]
  notes?: string[]
  /** Links to the JSON result and related resources. */
  links?: { label: string; href: string }[]
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

const ink = (theme: (typeof THEMES)['light']) =>
  `--bg:${theme.background};--text:${theme.text};--muted:${theme.muted};--axis:${theme.axis};--grid:${theme.grid};`

const inkRules = Object.entries(INK)
  .map(([k, c]) => `svg [fill="${c}"]{fill:var(--${k})}svg [stroke="${c}"]{stroke:var(--${k})}`)
  .join('')

/** The page stylesheet: one inline block, allowed by its hash in the page's CSP (no 'unsafe-inline'). */
export const REPORT_STYLE = [
  `:root{color-scheme:light dark;${ink(THEMES.light)}--card:#f6f8fa;--line:#d0d7de;--link:#0969da}`,
  `@media (prefers-color-scheme:dark){:root{${ink(THEMES.dark)}--card:#161b22;--line:#30363d;--link:#58a6ff}}`,
  '*{box-sizing:border-box}',
  'body{margin:0;background:var(--bg);color:var(--text);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}',
  'main{max-width:980px;margin:0 auto;padding:16px}',
  'h1{font-size:1.4rem;margin:.2em 0}h2{font-size:1.1rem;margin:1.4em 0 .4em}',
  '.sub{color:var(--muted);margin:0 0 1em}',
  'a{color:var(--link)}',
  '.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:8px;margin:0;padding:0}',
  '.figures div{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:8px 10px}',
  '.figures dt{color:var(--muted);font-size:.8rem}.figures dd{margin:0;font-size:1.1rem;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}',
  'figure{margin:12px 0;background:var(--card);border:1px solid var(--line);border-radius:6px;padding:8px}',
  'figure .scroll{overflow-x:auto}',
  // Charts keep a minimum width so their 11-12 px labels stay legible on a phone; narrower screens scroll them.
  'figure svg{display:block;width:100%;min-width:640px;height:auto}',
  'figcaption{font-size:.85rem;color:var(--muted);display:flex;gap:12px;flex-wrap:wrap}',
  'table.inputs{border-collapse:collapse;width:100%;font-size:.9rem}',
  'table.inputs th,table.inputs td{border-top:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}',
  'table.inputs th{color:var(--muted);font-weight:500;white-space:nowrap}',
  'code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85rem;word-break:break-word}',
  '.notes{color:var(--muted);font-size:.85rem}',
  inkRules,
].join('\n')

/** `'sha256-…'` of REPORT_STYLE, for a Content-Security-Policy style-src. */
export const REPORT_STYLE_HASH = `'sha256-${createHash('sha256').update(REPORT_STYLE).digest('base64')}'`

/** The report pages' policy: nothing loads from anywhere, no script runs, only the hashed stylesheet applies. */
export const REPORT_CSP = [
  "default-src 'none'",
  `style-src ${REPORT_STYLE_HASH}`,
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

const inputValue = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
    ? escapeHtml(String(v))
    : `<code>${escapeHtml(JSON.stringify(v))}</code>`

/** A complete, self-contained HTML document: inline SVG charts, no scripts, no external resources. */
export function renderReportHtml(page: ReportPage): string {
  const figures = page.figures
    .map((f) => `<div><dt>${escapeHtml(f.label)}</dt><dd>${escapeHtml(f.value)}</dd></div>`)
    .join('')
  const charts = page.charts
    .map(
      (c) =>
        `<figure id="chart-${escapeHtml(c.name)}"><div class="scroll">${c.svg}</div><figcaption><span>${escapeHtml(c.title)}</span>${
          c.href
            ? `<a href="${escapeHtml(c.href)}">SVG</a><a href="${escapeHtml(c.href.replace(/\.svg$/, '.png'))}">PNG</a>`
            : ''
        }</figcaption></figure>`,
    )
    .join('\n')
  const inputs = Object.entries(page.inputs)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${inputValue(v)}</td></tr>`)
    .join('')
  const links = (page.links ?? [])
    .map((l) => `<a href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a>`)
    .join(' · ')
  const notes = (page.notes ?? []).map((n) => `<p>${escapeHtml(n)}</p>`).join('')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(page.title)}</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(page.title)}</h1>
${page.subtitle ? `<p class="sub">${escapeHtml(page.subtitle)}</p>` : ''}
<h2>Key figures</h2>
<dl class="figures">${figures}</dl>
<h2>Charts</h2>
${charts || '<p class="notes">No charts for this result.</p>'}
<h2>Inputs</h2>
<table class="inputs"><tbody>${inputs}</tbody></table>
${notes ? `<div class="notes">${notes}</div>` : ''}
${links ? `<p class="notes">${links}</p>` : ''}
</main>
</body>
</html>
`
}
