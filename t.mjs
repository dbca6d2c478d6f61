import * as echarts from 'echarts'

const c = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 600, height: 300 })
c.setOption({
  animation: false,
  title: { text: 'Hi' },
  legend: {},
  xAxis: { type: 'time', name: 'Date' },
  yAxis: { type: 'value', name: 'USD' },
  visualMap: { min: 0, max: 1, show: true },
  series: [
    {
      name: 'a',
      type: 'line',
      data: [
        [Date.UTC(2020, 0, 1), 1],
        [Date.UTC(2020, 0, 2), 3],
      ],
      showSymbol: false,
      markPoint: { data: [{ coord: [Date.UTC(2020, 0, 1), 1], name: 'buy' }] },
    },
  ],
})
const s = c.renderToSVGString()
console.log(s)
