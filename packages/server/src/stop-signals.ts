/** A copy of a stop signal arrives within this of the first (a forwarder relays it at once). */
export const SIGNAL_COPY_MS = 500

/** What a stop signal means: the first asks for a drain, a copy is that same request, `again` means "exit now". */
export type StopSignalKind = 'first' | 'copy' | 'again'

/**
 * Tells an operator's second stop signal from a copy of the first. `npm start` execs node (no shell between them) and
 * forwards SIGINT and SIGTERM to it, so a terminal's Ctrl-C, which reaches the whole process group, arrives twice:
 * once from the terminal, once from npm. The same signal again within SIGNAL_COPY_MS is that copy; any later one, or
 * another signal, is a second request (exit without waiting for the drain).
 */
export function stopSignals(now: () => number = Date.now): (signal: NodeJS.Signals) => StopSignalKind {
  let first: { signal: NodeJS.Signals; at: number } | undefined
  return (signal) => {
    const at = now()
    if (!first) {
      first = { signal, at }
      return 'first'
    }
    return signal === first.signal && at - first.at < SIGNAL_COPY_MS ? 'copy' : 'again'
  }
}
