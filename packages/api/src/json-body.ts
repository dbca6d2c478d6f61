/**
 * Parsing of JSON request bodies. JSON.parse of a body of a few megabytes (inline price series) holds the event
 * loop for 50-200 ms on a loaded 2-core machine; larger bodies are parsed in slices with a turn of the loop
 * between them (@discoveryjs/json-ext), so /health and other requests are answered meanwhile.
 */
import { setImmediate as nextTurn } from 'node:timers/promises'
import { parseChunked } from '@discoveryjs/json-ext'
import { ValidationError } from '@supernova/core'

/** Bodies up to this many characters are parsed in one call (a few ms at most). */
export const JSON_SLICE_CHARS = 64 * 1024

async function* slices(text: string): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += JSON_SLICE_CHARS) {
    if (i > 0) await nextTurn()
    yield text.slice(i, i + JSON_SLICE_CHARS)
  }
}

/** Parses a request body as JSON; malformed JSON is a 400 naming the problem. */
export async function parseJsonBody(text: string): Promise<unknown> {
  try {
    return text.length <= JSON_SLICE_CHARS ? JSON.parse(text) : await parseChunked(slices(text))
  } catch (e) {
    throw new ValidationError(`The request body is not valid JSON: ${(e as Error).message}.`)
  }
}
