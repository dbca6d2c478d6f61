import { mulberry32 } from '@supernova/core'

/**
 * Rule-generated training text in the register of formal company news, so the model sees the direction of a
 * change applied to a metric (costs falling is good, sales falling is bad) and corporate events that carry their
 * own sign, in both directions. Written for this project (MIT) with wording of its own: the hand-written
 * evaluation set (packages/ml/eval/headlines.csv) is never read here, and a test checks that none of its
 * headlines appears in training text. Labels: 0 negative, 1 positive, 2 neutral. Deterministic (seeded).
 */
export interface TemplateText {
  text: string
  label: 0 | 1 | 2
}

const SUBJECTS = [
  'Acme Corp',
  'Globex',
  'Initech',
  'Umbrella Holdings',
  'Stark Industries',
  'Wayne Enterprises',
  'Cyberdyne Systems',
  'Tyrell Corp',
  'Soylent Foods',
  'Wonka Industries',
  'Hooli',
  'Vandelay Industries',
  'Massive Dynamic',
  'Oscorp',
  'Nakatomi Trading',
  'Pied Piper',
  'Dunder Mifflin',
  'Sterling Cooper',
  'Bluth Company',
  'Krusty Burger',
  'Gekko & Co',
  'Duff Brewing',
  'Virtucon',
  'Monarch Airways',
  'Northwind Traders',
  'Contoso Bank',
  'Fabrikam Motors',
  'Tailspin Toys',
  'Aperture Labs',
  'Black Mesa Energy',
  'the company',
  'the group',
  'the lender',
  'the carmaker',
  'the retailer',
  'the carrier',
  'the miner',
  'the insurer',
  'the drugmaker',
  'the brewer',
  'the utility',
  'the chip firm',
]

/** Amounts where more is good (+1) or bad (-1). */
const METRICS: [string, 1 | -1][] = [
  ['revenue', 1],
  ['net sales', 1],
  ['net income', 1],
  ['operating profit', 1],
  ['quarterly earnings', 1],
  ['adjusted EBITDA', 1],
  ['gross margin', 1],
  ['operating margin', 1],
  ['order intake', 1],
  ['vehicle deliveries', 1],
  ['shipments', 1],
  ['bookings', 1],
  ['paying subscribers', 1],
  ['passenger traffic', 1],
  ['crude output', 1],
  ['free cash flow', 1],
  ['like-for-like sales', 1],
  ['order backlog', 1],
  ['fee income', 1],
  ['earnings per share', 1],
  ['costs', -1],
  ['operating expenses', -1],
  ['net debt', -1],
  ['total borrowings', -1],
  ['net loss', -1],
  ['operating loss', -1],
  ['credit losses', -1],
  ['loan-loss provisions', -1],
  ['inventories', -1],
  ['cash burn', -1],
  ['customer churn', -1],
  ['interest expense', -1],
  ['staff costs', -1],
  ['raw material costs', -1],
]

const UP_VERBS = [
  'rose',
  'increased',
  'climbed',
  'grew',
  'jumped',
  'was up',
  'advanced',
  'surged',
  'went up',
  'rises',
  'increases',
  'grows',
]
const DOWN_VERBS = [
  'fell',
  'decreased',
  'declined',
  'dropped',
  'slipped',
  'was down',
  'eased',
  'slid',
  'went down',
  'falls',
  'decreases',
  'declines',
]
const UP_NOUNS = ['rise', 'increase', 'jump', 'gain', 'climb']
const DOWN_NOUNS = ['drop', 'fall', 'decline', 'decrease', 'slide']
const UP_ACTIONS = ['increases', 'boosts', 'lifts', 'expands']
const DOWN_ACTIONS = ['cuts', 'reduces', 'lowers', 'trims', 'slashes']
const PERIODS = [
  'in the first quarter',
  'in the second quarter',
  'in the third quarter',
  'in the fourth quarter',
  'year on year',
  'from a year earlier',
  'in the six months to June',
  'last year',
  'in fiscal 2023',
  'for the period',
]

/** Event phrases; `#` becomes a digit 2-9. */
const EVENTS_NEGATIVE = [
  'files for Chapter 11 protection in Delaware',
  'seeks bankruptcy protection from creditors',
  'enters insolvency proceedings',
  'is placed into liquidation',
  'recalls #,000 vehicles over brake defect',
  'issues voluntary recall of baby formula',
  'pulls heart valve from market after safety reports',
  'to lay off #00 workers',
  'plans #,000 job cuts',
  'to eliminate #00 positions in restructuring',
  'cuts #% of staff',
  'announces layoffs at two factories',
  'to close #0 stores in the Midwest',
  'will shut # plants by year end',
  'closes #0 branches',
  'shutters #0 restaurants',
  "'s trial of lead drug fails to meet main goal",
  'halts study after disappointing data',
  "'s experimental drug fails in pivotal study",
  'chief executive quits amid accounting probe',
  'finance chief steps down as regulators investigate',
  'chairman resigns after bribery allegations',
  'loses court battle over patents',
  'ordered to pay $#00 million in damages',
  'found liable for defective product',
  'loses appeal against antitrust ruling',
  'takes $#00 million impairment charge',
  'writes down goodwill by $# billion',
  'books writedown on retail unit',
  'cuts outlook for the year',
  'lowers sales forecast',
  'withdraws full-year guidance',
  'issues profit warning',
  'fined $#0 million by regulator',
  'faces federal probe into billing practices',
  'sued by shareholders over disclosures',
  'downgraded to underweight by analysts',
  "'s credit rating cut to junk",
  "'s shares plunge #0% in heavy trading",
  "'s stock sinks to multi-year low",
  'misses interest payment on bonds',
  'defaults on term loan',
  'hit by cyberattack, operations disrupted',
  'posts surprise loss',
  'falls short of earnings estimates',
  'misses sales forecasts',
  'reports wider-than-expected loss',
  'reports bigger-than-forecast loss',
  'suspends dividend to conserve cash',
  'scraps share buyback',
  'warns of weaker demand',
  'loses key customer contract',
  "'s merger called off after regulators object",
  'accused of fraud by short seller',
]

const EVENTS_POSITIVE = [
  'unveils $# billion buyback',
  'approves new share repurchase plan',
  'expands stock buyback by $# billion',
  'lifts dividend #%',
  'hikes quarterly payout',
  'announces special dividend',
  'increases quarterly dividend by # cents',
  'wins $# billion defense contract',
  'awarded $#00 million deal by the Navy',
  'lands record order from Asian carrier',
  'secures multiyear supply agreement worth $#00 million',
  'says merger will add to earnings per share in the first year',
  "'s deal expected to be accretive to earnings",
  'upgraded to overweight by analysts',
  'raised to buy at broker',
  "'s credit rating lifted to investment grade",
  'gets FDA nod for diabetes drug',
  'receives regulatory approval for new therapy',
  "'s drug approved by European regulators",
  "'s trial hits primary endpoint",
  "'s drug succeeds in late-stage study",
  'wins dismissal of securities lawsuit',
  'wins ruling in patent fight',
  'prevails in dispute with former supplier',
  'posts record profit',
  "'s revenue hits all-time high",
  'swings to profit',
  'returns to growth',
  'beats earnings forecasts',
  'tops sales estimates',
  'reports smaller-than-expected loss',
  'reports narrower-than-forecast loss',
  'raises annual forecast',
  'lifts profit outlook for the year',
  "'s shares surge #0% on strong results",
  "'s stock jumps to record high",
  'resumes dividend payments',
  "'s results beat expectations across all divisions",
  'reports better-than-expected earnings',
  'sees profit ahead of estimates',
]

const EVENTS_NEUTRAL = [
  'to report results on Wednesday',
  'sets date for earnings release',
  'will announce quarterly results on the #th',
  'names Maria Lopez chief financial officer',
  'appoints former banker to board',
  'hires new head of sales',
  'chairman to retire, successor named',
  'names new general counsel',
  'to hold investor day in London',
  'to host conference call on Friday',
  'annual meeting scheduled for May #',
  'to present at industry conference',
  'shares to list on the Frankfurt exchange',
  'to transfer listing to the New York Stock Exchange',
  'begins trading on Nasdaq',
  'files quarterly report on Form 10-Q',
  'submits annual report to regulator',
  'publishes proxy circular',
  'files prospectus for bond sale',
  'announces pricing of senior notes',
  'declares regular quarterly dividend',
  'completes debt offering',
  "'s results in line with forecasts",
  'keeps outlook unchanged',
  "'s revenue flat at $# billion",
  "'s sales unchanged from last year",
  'launches new line of products',
  'signs partnership with software firm',
  'moves head office to Dallas',
  'opens research centre in Singapore',
  'updates its articles of association',
  'to change its company name',
  'publishes annual sustainability report',
  'announces management changes',
  'confirms date of capital markets day',
  'holds shareholder meeting',
  'to webcast strategy presentation',
  'reaffirms guidance',
  'maintains dividend',
  'comments on share price movement',
]

/** The first 36 predicates (12 per class), written by hand for v1. */
const PREDICATES: [string, 0 | 1 | 2][] = [
  ['net loss narrowed in the third quarter', 1],
  ['narrows quarterly loss as revenue grows', 1],
  ['raises quarterly dividend', 1],
  ['beats profit estimates', 1],
  ['raises full-year outlook', 1],
  ['shares rise 4% after results', 1],
  ['upgraded to outperform', 1],
  ['wins regulatory approval for new product', 1],
  ['posts record quarterly revenue', 1],
  ['swings to a profit', 1],
  ['tops revenue forecasts and lifts guidance', 1],
  ['stock climbs after earnings beat', 1],
  ['did not beat analyst estimates', 0],
  ['fails to meet revenue expectations', 0],
  ['net loss widened in the second quarter', 0],
  ['cuts its dividend', 0],
  ['lowers full-year guidance', 0],
  ['shares drop 6% after results', 0],
  ['downgraded to sell', 0],
  ['misses revenue forecast', 0],
  ['swings to a loss', 0],
  ['recalls vehicles over safety defect', 0],
  ['profit falls short of expectations', 0],
  ['stock slides after weak outlook', 0],
  ['to report earnings on Tuesday', 2],
  ['names new chief executive officer', 2],
  ['to present at investor conference', 2],
  ['files quarterly report', 2],
  ['announces date of annual shareholder meeting', 2],
  ['prices senior notes offering', 2],
  ['declares regular quarterly dividend', 2],
  ['completes previously announced acquisition', 2],
  ['appoints new board member', 2],
  ['schedules third quarter conference call', 2],
  ['to relocate headquarters', 2],
  ['launches new product line', 2],
]
const pick = <T>(xs: readonly T[], rnd: () => number): T => xs[Math.floor(rnd() * xs.length)]!
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
const possessive = (s: string) => `${s}'s`

/** The metric x direction sentences: label = sign(metric) x sign(direction). */
function metricTexts(rnd: () => number, count: number): TemplateText[] {
  const out: TemplateText[] = []
  for (let i = 0; i < count; i++) {
    const [metric, ms] = pick(METRICS, rnd)
    const up = rnd() < 0.5
    const label = (ms === 1) === up ? 1 : 0
    const s = pick(SUBJECTS, rnd)
    const n = 1 + Math.floor(rnd() * 38)
    let text: string
    switch (Math.floor(rnd() * 6)) {
      case 0:
        text = `${cap(possessive(s))} ${metric} ${pick(up ? UP_VERBS : DOWN_VERBS, rnd)} ${n}% ${pick(PERIODS, rnd)}`
        break
      case 1: {
        const x = 1 + Math.floor(rnd() * 900)
        const y = x + 1 + Math.floor(rnd() * 400)
        const [a, b] = up ? [`$${y} million`, `$${x} million`] : [`$${x} million`, `$${y} million`]
        text = `${cap(possessive(s))} ${metric} ${pick(up ? UP_VERBS : DOWN_VERBS, rnd)} to ${a} from ${b}`
        break
      }
      case 2:
        text = `${cap(s)} reports ${n}% ${pick(up ? UP_NOUNS : DOWN_NOUNS, rnd)} in ${metric}`
        break
      case 3:
        text = `${cap(s)} says ${metric} ${pick(up ? UP_VERBS : DOWN_VERBS, rnd)} ${pick(PERIODS, rnd)}`
        break
      case 4:
        // company action: only amounts a company sets itself read naturally here
        if (ms === -1 || metric.includes('margin') || metric === 'free cash flow') {
          text = `${cap(s)} ${pick(up ? UP_ACTIONS : DOWN_ACTIONS, rnd)} ${metric} by ${n}%`
        } else {
          text = `${cap(s)}: ${metric} ${pick(up ? UP_VERBS : DOWN_VERBS, rnd)} sharply`
        }
        break
      default:
        text = `${metric} at ${s} ${pick(up ? UP_VERBS : DOWN_VERBS, rnd)} ${n}%, ${pick(PERIODS, rnd).replace(/^in /, 'during ')}`
        text = cap(text)
    }
    out.push({ text, label })
  }
  return out
}

function eventTexts(rnd: () => number, events: readonly string[], label: 0 | 1 | 2, count: number) {
  const out: TemplateText[] = []
  for (let i = 0; i < count; i++) {
    const s = pick(SUBJECTS, rnd)
    const e = pick(events, rnd).replace('#', String(2 + Math.floor(rnd() * 8)))
    // events that start with "'s" name something of the company's ("'s shares plunge")
    out.push({ text: `${cap(s)}${e.startsWith("'s ") ? '' : ' '}${e}`, label })
  }
  return out
}

/** The generated training text; the same seed always gives the same list. */
export function headlineTemplates(options: { seed?: number; metrics?: number; events?: number } = {}) {
  const rnd = mulberry32(options.seed ?? 20240611)
  const perClass = options.events ?? 600
  // neutral gets more draws: metric sentences are all positive or negative
  const all = [
    ...SUBJECTS.slice(0, 12).flatMap((s) => PREDICATES.map(([p, label]) => ({ text: `${s} ${p}`, label }))),
    ...metricTexts(rnd, options.metrics ?? 1200),
    ...eventTexts(rnd, EVENTS_NEGATIVE, 0, perClass),
    ...eventTexts(rnd, EVENTS_POSITIVE, 1, perClass),
    ...eventTexts(rnd, EVENTS_NEUTRAL, 2, perClass * 2),
  ]
  // duplicates add weight without information
  const seen = new Set<string>()
  return all.filter((t) => !seen.has(t.text) && seen.add(t.text))
}
