/** A message kept in a channel's history ring: its serial on this instance, its id (the same on every instance). */
export interface Kept<F> {
  serial: number
  id: string
  ts: number
  frame: F
}

/**
 * What a client asked to resume from: the last serial it saw, the instance that numbered it (serials are per
 * instance) and the id of the last message it saw (ids are shared through the fan-out).
 */
export interface ResumeRequest {
  fromSerial: number
  instance?: string
  fromId?: string
}

/**
 * The messages a resuming client missed, or undefined when the ring and the window no longer hold all of them
 * (the client is told, and reports a gap). A serial from another instance means nothing here: the client is found
 * by the id of its last message instead, which the fan-out gave every instance in the same order (Redis delivers
 * one channel's messages to every subscriber in publish order); without that id nothing can be proven.
 */
export function missedSince<F>(
  history: readonly Kept<F>[],
  serial: number,
  r: ResumeRequest,
  instance: string,
  cutoff: number,
): Kept<F>[] | undefined {
  let missed: Kept<F>[]
  if (r.instance === undefined || r.instance === instance) {
    if (r.fromSerial === serial) return []
    missed = history.filter((m) => m.serial > r.fromSerial)
    if (missed[0]?.serial !== r.fromSerial + 1) return undefined
  } else {
    const at = r.fromId === undefined ? -1 : history.findIndex((m) => m.id === r.fromId)
    if (at < 0) return undefined
    missed = history.slice(at + 1)
  }
  return missed.length === 0 || (missed[0]?.ts ?? 0) >= cutoff ? missed : undefined
}
