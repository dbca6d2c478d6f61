import { describe, expect, it } from 'vitest'
import {
  ecrRepositoryArn,
  INVOCATIONS_PER_INSTANCE,
  invokeEndpointPermission,
  isGpuInstance,
  modelExecutionStatements,
  SENTIMENT_MODEL_ID,
  sentimentEndpointSettings,
  variantResourceId,
} from './ml.ts'

describe('sentiment endpoint settings', () => {
  it('serves the FinBERT checkpoint with TEI in FP16 on a GPU instance', () => {
    const s = sentimentEndpointSettings('production')
    expect(s.enabled).toBe(true)
    expect(isGpuInstance(s.instanceType)).toBe(true)
    expect(s.environment).toMatchObject({ HF_MODEL_ID: SENTIMENT_MODEL_ID, DTYPE: 'float16' })
    // The client (packages/ml) sends at most 32 texts per invocation; TEI must accept that many.
    expect(Number(s.environment.MAX_CLIENT_BATCH_SIZE)).toBeGreaterThanOrEqual(32)
    expect(s.image).toMatch(/\/tei:.*-gpu-/)
    expect(isGpuInstance('ml.m5.xlarge')).toBe(false)
  })

  it('scales on invocations per instance, out quickly and in slowly, never below one instance', () => {
    const a = sentimentEndpointSettings('production').autoscaling
    expect(a.metric).toBe(INVOCATIONS_PER_INSTANCE)
    expect(a.minCapacity).toBeGreaterThanOrEqual(1)
    expect(a.maxCapacity).toBeGreaterThan(a.minCapacity)
    expect(a.scaleInCooldownSeconds).toBeGreaterThan(a.scaleOutCooldownSeconds)
    expect(a.disableScaleIn).toBe(false)
    expect(a.targetValue).toBeGreaterThan(0)
  })

  it('runs a GPU only where it pays: staging holds one instance, dev stages use the CPU model', () => {
    expect(sentimentEndpointSettings('staging')).toMatchObject({
      enabled: true,
      autoscaling: { minCapacity: 1, maxCapacity: 1 },
    })
    expect(sentimentEndpointSettings('dev').enabled).toBe(false)
    expect(sentimentEndpointSettings('alice').enabled).toBe(false)
    expect(sentimentEndpointSettings('production', { image: 'x' }).image).toBe('x')
  })

  it('grants the functions InvokeEndpoint on that one endpoint, and the model role only its image and logs', () => {
    const arn = 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/sentimentendpoint-abc'
    expect(invokeEndpointPermission(arn)).toEqual({ actions: ['sagemaker:InvokeEndpoint'], resources: [arn] })
    const image = sentimentEndpointSettings('production').image
    const statements = modelExecutionStatements(image)
    const pull = statements.find((st) => st.actions.includes('ecr:BatchGetImage'))!
    expect(pull.resources).toEqual([ecrRepositoryArn(image)])
    expect(ecrRepositoryArn('683313688378.dkr.ecr.eu-west-1.amazonaws.com/tei:1.0-gpu')).toBe(
      'arn:aws:ecr:eu-west-1:683313688378:repository/tei',
    )
    expect(() => ecrRepositoryArn('ghcr.io/huggingface/tei:1')).toThrow(/not an ECR image URI/)
    // No wildcard action anywhere.
    expect(statements.flatMap((st) => st.actions).filter((a) => a.includes('*'))).toEqual([])
    expect(variantResourceId('e', 'primary')).toBe('endpoint/e/variant/primary')
  })
})
