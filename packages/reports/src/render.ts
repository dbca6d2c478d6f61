import type { EChartsOption } from 'echarts'
import { INK, PALETTE, THEMES } from './theme.ts'

/** One chart to draw: an ECharts option plus its size and an id unique within a page. */
export interface ChartSpec {
  /** Short name used in URLs and element ids (`equity`, `heatmap`...). */
  name: string
  title: string
  option: EChartsOption
  width?: number
  height?: number
}

/** How ink colours come out: replaced by a theme's, or left as sentinels for the report page's CSS. */
export type InkMode = 'light' | 'dark' | 'page'

type ECharts = typeof import('echarts')
let loaded: Promise<ECharts> | undefined
/** ECharts loads on the first render, so processes that never draw a chart never pay for it. */
const echartsModule = (): Promise<ECharts> => {
  loaded ??= import('echarts')
  return loaded
}

/** Options every chart shares: no animation (a static render), ARIA description on, the ink colours. */
export function baseOption(title: string): EChartsOption {
  return {
    animation: false,
    aria: { enabled: true, label: { enabled: true } },
    color: PALETTE,
    backgroundColor: 'transparent',
    textStyle: { color: INK.text, fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif' },
    title: { text: title, left: 8, top: 4, textStyle: { color: INK.text, fontSize: 15, fontWeight: 600 } },
  }
}

/** Axis styling in ink colours; every chart labels its axes with a name and unit. */
export function axisStyle(name: string) {
  return {
    name,
    nameLocation: 'middle' as const,
    nameTextStyle: { color: INK.muted, fontSize: 12 },
    axisLine: { lineStyle: { color: INK.axis } },
    axisTick: { lineStyle: { color: INK.axis } },
    axisLabel: { color: INK.muted, fontSize: 11, hideOverlap: true },
    splitLine: { lineStyle: { color: INK.grid } },
  }
}

const CSS_TO_ATTR: Record<string, string> = {
  'font-size': 'font-size',
  'font-family': 'font-family',
  'font-weight': 'font-weight',
  'font-style': 'font-style',
}

/** `style="a:b"` -> presentation attributes: a strict CSP (no 'unsafe-inline' styles) blocks style attributes, not these. */
function styleToAttributes(style: string): string {
  const out: string[] = []
  for (const decl of style.split(';')) {
    const i = decl.indexOf(':')
    if (i < 0) continue
    const prop = decl.slice(0, i).trim()
    const value = decl
      .slice(i + 1)
      .trim()
      .replace(/"/g, "'")
    if (prop === 'font') {
      // ECharts writes `font: normal normal 12px sans-serif`: style, weight, size, family.
      const m = /^(\S+)\s+(\S+)\s+(\S+)\s+(.+)$/.exec(value)
      if (m) out.push(`font-style="${m[1]}" font-weight="${m[2]}" font-size="${m[3]}" font-family="${m[4]}"`)
    } else if (CSS_TO_ATTR[prop]) out.push(`${CSS_TO_ATTR[prop]}="${value}"`)
  }
  return out.join(' ')
}

/**
 * Makes ECharts' SSR output fit a page: ids prefixed per chart (several charts inline in one document),
 * the hover stylesheet and its classes dropped (a static picture), style attributes turned into attributes,
 * and ink sentinels replaced by a theme's colours unless the page styles them.
 */
export function cleanSvg(svg: string, id: string, ink: InkMode): string {
  let s = svg
    .replace(/<style\s*>[\s\S]*?<\/style>/g, '')
    .replace(/ class="zr\d+-cls-\d+"/g, '')
    .replace(/zr\d+-/g, `${id}-`)
    .replace(/ style="([^"]*)"/g, (_m, style: string) => {
      const attrs = styleToAttributes(style)
      return attrs ? ` ${attrs}` : ''
    })
  s = s.replace(/^<svg /, `<svg role="img" data-chart="${id}" `)
  if (ink !== 'page') {
    const t = THEMES[ink]
    for (const [key, sentinel] of Object.entries(INK)) s = s.split(sentinel).join(t[key as keyof typeof INK])
  }
  return s
}

/** Renders a chart to an SVG string with ECharts' server-side SVG renderer (no browser, no DOM). */
export async function renderSvg(spec: ChartSpec, ink: InkMode = 'light', idPrefix = 'c'): Promise<string> {
  const echarts = await echartsModule()
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: spec.width ?? 900,
    height: spec.height ?? 420,
  })
  try {
    chart.setOption(spec.option)
    return cleanSvg(chart.renderToSVGString(), `${idPrefix}-${spec.name}`, ink)
  } finally {
    // Without dispose the instance keeps an animation frame loop alive.
    chart.dispose()
  }
}
