/// <reference path="../.sst/platform/config.d.ts" />
import {
  alarmSpecs,
  alarmThresholds,
  dashboardBody,
  metricAlarmArgs,
  type ObservedResources,
} from '../infra/observability'

/**
 * The CloudWatch dashboard and the alarms (infra/observability.ts), the alarms sent to an SNS topic with an
 * email subscription (the AlarmEmail secret; AWS mails a confirmation link first).
 */
export function observabilityStack(
  resources: ObservedResources<$util.Output<string>>,
  alarmEmail: $util.Input<string>,
) {
  const t = alarmThresholds($app.stage)
  const topic = new sst.aws.SnsTopic('Alarms')
  new aws.sns.TopicSubscription('AlarmsEmail', { topic: topic.arn, protocol: 'email', endpoint: alarmEmail })
  const alarms = alarmSpecs(resources, t).map(
    (a) =>
      new aws.cloudwatch.MetricAlarm(a.name, {
        ...metricAlarmArgs(a),
        name: `${$app.name}-${$app.stage}-${a.name}`,
        alarmActions: [topic.arn],
        okActions: [topic.arn],
      }),
  )
  // The body needs plain names: resolve every deploy-time name first.
  const names = $util.all([
    $util.all(resources.queues.map((q) => $util.all([q.queue, q.dlq]))),
    $util.all(resources.functions.map((f) => f.name)),
    resources.endpoint ? resources.endpoint.name : '',
    aws.getRegionOutput().name,
  ])
  const dashboard = new aws.cloudwatch.Dashboard('Dashboard', {
    dashboardName: `${$app.name}-${$app.stage}`,
    dashboardBody: names.apply(([queues, functions, endpoint, region]) =>
      JSON.stringify(
        dashboardBody(
          {
            queues: resources.queues.map((q, i) => ({
              priority: q.priority,
              queue: queues[i]![0],
              dlq: queues[i]![1],
            })),
            functions: resources.functions.map((f, i) => ({ label: f.label, name: functions[i]! })),
            endpoint:
              resources.endpoint && endpoint
                ? { name: endpoint, variant: resources.endpoint.variant }
                : undefined,
          },
          t,
          region,
        ),
      ),
    ),
  })
  return { topic, alarms, dashboard }
}
