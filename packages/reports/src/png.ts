import { UnavailableError } from '@supernova/core'
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
  let mod: ResvgModule
  try {
    mod = await loaded
  } catch (e) {
    // The Lambda bundle leaves the native renderer out (arm64 there, one binary per platform): SVG still works.
    loaded = undefined
    throw new UnavailableError('PNG rendering is not available on this deployment; ask for the SVG.', {
      cause: e,
    })
  }
  const { Resvg } = mod
  const r = new Resvg(svg, {
    background: THEMES[theme].background,
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  })
  return r.render().asPng()
}
