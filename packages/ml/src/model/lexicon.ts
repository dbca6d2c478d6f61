/**
 * Finance word classes. The model does not get hand-set polarities: each class becomes a shared feature (and
 * ordered pairs of classes within a short window become phrase features such as RAISE+GUIDANCE for "raises
 * guidance" or LOSS+WIDEN for "loss widened"), so evidence pools across inflections and synonyms and the
 * trained weights decide the sign. This is what carries the model from tweets to formal headlines.
 */
export const WORD_CLASSES = {
  NEGATOR:
    "not no never without neither nor none cannot isn't aren't wasn't weren't don't doesn't didn't won't can't couldn't wouldn't shouldn't hasn't haven't hadn't fails fail failed failing unable",
  RAISE:
    'raise raises raised raising hike hikes hiked hiking boost boosts boosted boosting lift lifts lifted lifting increase increases increased increasing ups upped expand expands expanded expanding reaffirm reaffirms reaffirmed',
  CUT: 'cut cuts cutting lower lowers lowered lowering reduce reduces reduced reducing slash slashes slashed slashing trim trims trimmed trimming suspend suspends suspended suspending withdraw withdraws withdrew scrap scraps scrapped halve halves halved eliminate eliminates eliminated eliminating axe axes axed cancel cancels cancelled canceled repay repays repaid',
  BEAT: 'beat beats beating tops topped top topping surpass surpasses surpassed exceed exceeds exceeded exceeding crush crushes crushed smash smashes smashed outpace outpaces outpaced ahead above',
  MISS: 'miss misses missed missing lag lags lagged trail trails trailed disappoint disappoints disappointed disappointing short shortfall below shy',
  EXPECT: 'estimates estimate expectations expectation consensus expected views street forecasts projections',
  GUIDANCE: 'guidance outlook forecast target targets view goal goals pt',
  PAYOUT: 'dividend dividends payout payouts buyback buybacks repurchase repurchases distribution',
  LOSS: 'loss losses deficit deficits writedown writedowns impairment impairments',
  RESULT:
    'profit profits earnings eps revenue revenues sales income margin margins ebitda results quarter growth demand orders shipments deliveries volumes volume bookings backlog subscribers customers production output traffic passengers turnover cashflow occupancy fees',
  WIDEN:
    'widen widens widened widening deepen deepens deepened deepening balloon balloons ballooned worsen worsens worsened larger bigger wider greater deteriorate deteriorates deteriorated deteriorating accelerate accelerates accelerated expand expands expanded expanding',
  NARROW:
    'narrow narrows narrowed narrowing shrink shrinks shrank shrunk shrinking pare pares pared smaller narrower contracted contracting',
  RISE: 'rise rises rose rising risen gain gains gained gaining jump jumps jumped jumping surge surges surged surging soar soars soared soaring climb climbs climbed climbing rally rallies rallied rallying advance advances advanced spike spikes spiked rebound rebounds rebounded up higher high highs record rocket rockets skyrocket skyrockets skyrocketed pop pops popped grow grows grew grown growing highest doubled doubles tripled',
  FALL: 'fall falls fell falling fallen drop drops dropped dropping decline declines declined declining slip slips slipped slide slides slid sliding sink sinks sank sinking plunge plunges plunged plunging tumble tumbles tumbled tumbling slump slumps slumped plummet plummets plummeted crash crashes crashed tank tanks tanked down lows low selloff sell-off sheds shed dive dives dived slumping sag sags sagged retreat retreats retreated decrease decreases decreased decreasing lowest ease eases eased easing slow slows slowed slowing dip dips dipped weaken weakens weakened',
  UPGRADE:
    'upgrade upgrades upgraded upgrading outperform overweight buy bullish accumulate initiated initiates initiate reiterated reiterates positive',
  DOWNGRADE:
    'downgrade downgrades downgraded downgrading underperform underweight sell bearish neutral hold negative reduce-rating',
  GOOD: 'strong stronger strongest robust solid best beat-and-raise optimistic upbeat wins win won award awarded approval approved approves approve breakthrough success successful surprise boom booming recovery recovers recovered rebound upside tailwind tailwinds momentum profitable accretive bull improve improves improved improving secures secured lands landed clears cleared clearance reinstates reinstated',
  BAD: 'weak weaker weakest worst warns warn warned warning warnings lawsuit lawsuits sues sued probe probes investigation investigations recall recalls bankruptcy bankrupt insolvency default defaults layoffs layoff lays fraud fine fined fines penalty halt halts halted delay delays delayed concern concerns fear fears worries worry risk risks downside headwind headwinds pressure pressured slowdown recession crisis scandal charges charged subpoena struggles struggling struggle tariff tariffs bear plunge shortfall dilution dilutive bankruptcy chapter liquidation insolvent closures shutter shutters shuttered resigns resigned resignation ousted arrested convicted guilty breach outage rejects rejected rejection blocks blocked idles idled lay impairment going-concern doubt missing',
  /** Amounts where up is bad: with a direction word they form the metric x direction features. */
  COST: 'cost costs expense expenses spending debt debts borrowings leverage provisions liabilities churn burn inventory inventories delinquencies chargeoffs charge-offs',
  /** Headcount and sites: cutting or closing them reads negative. */
  JOBS: 'jobs job workforce employees staff workers positions headcount roles',
  SITES: 'stores store plants plant factories factory branches offices outlets mines restaurants locations',
  CLOSE: 'close closes closing shut shuts shutting',
  STOCK: 'shares stock stocks',
} as const

/**
 * Which word classes name an amount (+1: more is good, -1: more is bad) and which name a direction (+1 up,
 * -1 down). The featurizer pairs an amount with its direction into a signed feature; training sets the weight.
 */
export const METRIC_SIGN: Partial<Record<keyof typeof WORD_CLASSES, 1 | -1>> = {
  RESULT: 1,
  PAYOUT: 1,
  GUIDANCE: 1,
  JOBS: 1,
  SITES: 1,
  STOCK: 1,
  LOSS: -1,
  COST: -1,
}
export const DIRECTION_SIGN: Partial<Record<keyof typeof WORD_CLASSES, 1 | -1>> = {
  RISE: 1,
  RAISE: 1,
  WIDEN: 1,
  FALL: -1,
  CUT: -1,
  NARROW: -1,
}

/** Class names in a fixed order: their position is the class id baked into the trained weights. */
export const CLASS_NAMES = Object.keys(WORD_CLASSES) as (keyof typeof WORD_CLASSES)[]
