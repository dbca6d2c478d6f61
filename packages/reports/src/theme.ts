/**
 * Colours. Neutral ink (titles, labels, axes, grid lines) is drawn with sentinel colours that the standalone SVG
 * replaces with a theme's values and that the report page restyles per `prefers-color-scheme` (CSS attribute
 * selectors, so no inline style and nothing the CSP blocks). Data colours are mid-tones legible on both grounds.
 */
export const INK = { text: '#0f0f01', muted: '#0f0f02', axis: '#0f0f03', grid: '#0f0f04' } as const

/** The data palette (Tableau 10 order): legible on white and on near-black. */
export const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#e15759',
  '#b07aa1',
  '#76b7b2',
  '#edc948',
  '#9c755f',
]

/** Semantic colours used by several charts. */
export const COLORS = {
  strategy: PALETTE[0]!,
  benchmark: PALETTE[1]!,
  buy: '#2ca02c',
  sell: '#d62728',
  drawdown: '#e15759',
  best: PALETTE[2]!,
  tangency: '#edc948',
  chosen: '#e15759',
  minVol: '#76b7b2',
} as const

/** A light or dark rendering of the neutral ink. */
export interface Theme {
  name: 'light' | 'dark'
  background: string
  text: string
  muted: string
  axis: string
  grid: string
}

/** The two themes; the report page's CSS carries the same values. */
export const THEMES: Record<'light' | 'dark', Theme> = {
  light: {
    name: 'light',
    background: '#ffffff',
    text: '#1f2328',
    muted: '#57606a',
    axis: '#8c959f',
    grid: '#e5e7eb',
  },
  dark: {
    name: 'dark',
    background: '#0d1117',
    text: '#e6edf3',
    muted: '#9da7b3',
    axis: '#6e7781',
    grid: '#30363d',
  },
}

/** Sequential scale for heatmaps (viridis stops): ordered in lightness, readable on both grounds. */
export const SEQUENTIAL = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725']

/** Diverging scale for correlations (-1 blue, 0 grey, +1 red). */
export const DIVERGING = ['#2166ac', '#92c5de', '#bdbdbd', '#f4a582', '#b2182b']
