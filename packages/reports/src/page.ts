import { type ReportPage, renderReportHtml } from './html.ts'
import { type ChartSpec, renderSvg } from './render.ts'

/** Renders each chart for the page (ink left to the page's CSS) and the whole HTML document. */
export async function renderPage(
  page: Omit<ReportPage, 'charts'>,
  charts: readonly ChartSpec[],
  href?: (name: string) => string,
): Promise<string> {
  const rendered = []
  for (const c of charts)
    rendered.push({ name: c.name, title: c.title, svg: await renderSvg(c, 'page'), href: href?.(c.name) })
  return renderReportHtml({ ...page, charts: rendered })
}
