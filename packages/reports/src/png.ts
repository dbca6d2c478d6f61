import { THEMES } from './theme.ts'

type ResvgModule = typeof import('@resvg/resvg-js')
let loaded: Promise<ResvgModule> | undefined

/** Rasterises a themed SVG to PNG with resvg (Rust, no browser); loaded on first use. */
export async function svgToPng(
  svg: string,
  theme: 'light' | 'dark' = 'light',
  scale = 2,
): Promise<Uint8Array> {
  loaded ??= import('@resvg/resvg-js')
  const { Resvg } = await loaded
  const r = new Resvg(svg, {
    background: THEMES[theme].background,
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  })
  return r.render().asPng()
}
