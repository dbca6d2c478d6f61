import { XMLParser, XMLValidator } from 'fast-xml-parser'

/** One element of a parsed SVG, flattened: tag, attributes and its direct text. */
export interface SvgElement {
  tag: string
  attrs: Record<string, string>
  text: string
}

type Node = Record<string, unknown> & { ':@'?: Record<string, string> }

/** Parses an SVG document with a real XML parser (it must be well-formed) and lists its elements in document order. */
export function parseSvg(svg: string): SvgElement[] {
  const valid = XMLValidator.validate(svg)
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid.err)}`)
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    preserveOrder: true,
    trimValues: false,
  })
  const out: SvgElement[] = []
  const walk = (nodes: Node[]) => {
    for (const n of nodes) {
      const tag = Object.keys(n).find((k) => k !== ':@')
      if (!tag || tag === '#text') continue
      const children = (n[tag] ?? []) as Node[]
      const text = children
        .filter((c) => '#text' in c)
        .map((c) => String(c['#text']))
        .join('')
      out.push({ tag, attrs: n[':@'] ?? {}, text })
      walk(children)
    }
  }
  walk(parser.parse(svg) as Node[])
  return out
}

/** Data elements (symbols, bars, cells) ECharts marks with their series and data index (`ecmeta_series_index`). */
export function seriesElements(els: readonly SvgElement[], series?: number): SvgElement[] {
  return els.filter(
    (e) =>
      e.attrs.ecmeta_ssr_type === 'chart' &&
      (series === undefined || Number(e.attrs.ecmeta_series_index) === series),
  )
}

/** Distinct series indices that drew a data element or a legend entry. */
export function seriesCount(els: readonly SvgElement[]): number {
  return new Set(els.map((e) => e.attrs.ecmeta_series_index).filter((i) => i !== undefined)).size
}

/** Stroked, unfilled paths in one colour: the polylines of line series (legend icons here are filled shapes). */
export function linePaths(els: readonly SvgElement[], stroke: string): SvgElement[] {
  return els.filter(
    (e) =>
      e.tag === 'path' && e.attrs.fill === 'none' && e.attrs.stroke?.toLowerCase() === stroke.toLowerCase(),
  )
}

/** Texts of the chart (titles, axis names, tick labels, legend entries). */
export const texts = (els: readonly SvgElement[]): string[] =>
  els.filter((e) => e.tag === 'text').map((e) => e.text)

/** The translate(x y) of an element (symbols are placed by transform). */
export function position(e: SvgElement): [number, number] {
  const m = /translate\(([-\d.e]+)[ ,]([-\d.e]+)\)/.exec(e.attrs.transform ?? '')
  if (m) return [Number(m[1]), Number(m[2])]
  const mm = /matrix\([^,]+,[^,]+,[^,]+,[^,]+,([-\d.e]+),([-\d.e]+)\)/.exec(e.attrs.transform ?? '')
  if (mm) return [Number(mm[1]), Number(mm[2])]
  throw new Error(`element has no position: ${JSON.stringify(e.attrs)}`)
}

/** Vertices of a path made of absolute M/L commands (line series). */
export function vertices(d: string): [number, number][] {
  const out: [number, number][] = []
  for (const m of d.matchAll(/[ML]\s*([-\d.e]+)[ ,]([-\d.e]+)/g)) out.push([Number(m[1]), Number(m[2])])
  return out
}
