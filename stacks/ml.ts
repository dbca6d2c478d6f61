/// <reference path="../.sst/platform/config.d.ts" />
import {
  modelExecutionStatements,
  type SentimentEndpointSettings,
  sentimentEndpointSettings,
  variantResourceId,
} from '../infra/ml'

/**
 * The sentiment model on a SageMaker real-time endpoint (TEI, FP16, GPU), with target-tracking autoscaling on
 * invocations per instance. Returns nothing on stages without it (settings.enabled false): their functions
 * get no SAGEMAKER_ENDPOINT_NAME and use the CPU model.
 */
export function mlStack():
  | { endpoint: aws.sagemaker.Endpoint; settings: SentimentEndpointSettings }
  | undefined {
  const s = sentimentEndpointSettings($app.stage)
  if (!s.enabled) return undefined
  const role = new aws.iam.Role('SentimentModelRole', {
    assumeRolePolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    }),
  })
  new aws.iam.RolePolicy('SentimentModelPolicy', {
    role: role.id,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: modelExecutionStatements(s.image).map((st) => ({
        Effect: 'Allow',
        Action: st.actions,
        Resource: st.resources,
      })),
    }),
  })
  const model = new aws.sagemaker.Model('SentimentModel', {
    executionRoleArn: role.arn,
    primaryContainer: { image: s.image, environment: s.environment },
  })
  const config = new aws.sagemaker.EndpointConfiguration('SentimentEndpointConfig', {
    productionVariants: [
      {
        variantName: s.variantName,
        modelName: model.name,
        instanceType: s.instanceType,
        initialInstanceCount: s.autoscaling.minCapacity,
        containerStartupHealthCheckTimeoutInSeconds: s.startupHealthCheckSeconds,
      },
    ],
  })
  const endpoint = new aws.sagemaker.Endpoint('SentimentEndpoint', { endpointConfigName: config.name })
  const a = s.autoscaling
  const target = new aws.appautoscaling.Target('SentimentScaling', {
    serviceNamespace: 'sagemaker',
    scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
    resourceId: endpoint.name.apply((n) => variantResourceId(n, s.variantName)),
    minCapacity: a.minCapacity,
    maxCapacity: a.maxCapacity,
  })
  new aws.appautoscaling.Policy('SentimentScalingPolicy', {
    policyType: 'TargetTrackingScaling',
    serviceNamespace: target.serviceNamespace,
    scalableDimension: target.scalableDimension,
    resourceId: target.resourceId,
    targetTrackingScalingPolicyConfiguration: {
      predefinedMetricSpecification: { predefinedMetricType: a.metric },
      targetValue: a.targetValue,
      scaleOutCooldown: a.scaleOutCooldownSeconds,
      scaleInCooldown: a.scaleInCooldownSeconds,
      disableScaleIn: a.disableScaleIn,
    },
  })
  return { endpoint, settings: s }
}
