import { describe, expect, it } from 'vitest'
import { breakingBumped, breakingChanges } from './openapi-diff.ts'

const doc = (
  over: { limitMax?: number; fields?: string[]; extraRoute?: boolean; required?: boolean } = {},
) => ({
  paths: {
    '/v1/things': {
      get: {
        parameters: [
          {
            name: 'limit',
            in: 'query',
            required: !!over.required,
            schema: { type: 'integer', maximum: over.limitMax ?? 200 },
          },
        ],
        responses: {
          200: {
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: over.fields ?? ['id', 'name'],
                  properties: Object.fromEntries(
                    (over.fields ?? ['id', 'name']).map((f) => [f, { type: 'string' }]),
                  ),
                  additionalProperties: false,
                },
              },
            },
          },
        },
      },
    },
    ...(over.extraRoute ? { '/v1/other': { get: { responses: {} } } } : {}),
  },
})

describe('breakingChanges', () => {
  it('finds nothing between equal documents, nor for additions', () => {
    expect(breakingChanges(doc(), doc())).toEqual([])
    expect(
      breakingChanges(doc(), doc({ extraRoute: true, fields: ['id', 'name', 'extra'], limitMax: 500 })),
    ).toEqual([])
  })

  it('names a removed route, a removed response field and a narrowed or newly required parameter', () => {
    expect(breakingChanges(doc({ extraRoute: true }), doc())).toEqual(['GET /v1/other: operation removed'])
    expect(breakingChanges(doc(), doc({ fields: ['id'] }))).toEqual(['GET /v1/things 200.name: removed'])
    expect(breakingChanges(doc(), doc({ limitMax: 100 }))).toEqual([
      'GET /v1/things parameter limit: maximum 200 -> 100',
    ])
    expect(breakingChanges(doc(), doc({ required: true }))).toEqual([
      'GET /v1/things: parameter limit became required',
    ])
  })
})

describe('breakingBumped', () => {
  it('takes a major bump, or a minor one while the major is 0', () => {
    expect(breakingBumped('1.4.0', '2.0.0')).toBe(true)
    expect(breakingBumped('1.4.0', '1.5.0')).toBe(false)
    expect(breakingBumped('0.1.0', '0.2.0')).toBe(true)
    expect(breakingBumped('0.1.0', '0.1.1')).toBe(false)
  })
})
