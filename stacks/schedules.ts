/// <reference path="../.sst/platform/config.d.ts" />
import { SCHEDULED_JOBS, scheduleEvent, scheduleFunctionSettings } from '../infra/schedules'
import { bundleFiles, nodejsBundle } from '../infra/settings'

/**
 * One function (functions/schedule.ts) and an EventBridge Scheduler schedule per job (CronV2: the Cron component
 * is deprecated in SST 4); each event names the task the function enqueues on the task queues.
 */
export function schedulesStack(environment: $util.Output<Record<string, string>>, link: sst.aws.Queue[]) {
  const s = scheduleFunctionSettings($app.stage)
  const fn = new sst.aws.Function('Schedule', {
    handler: s.handler,
    runtime: s.runtime,
    architecture: s.architecture,
    memory: s.memory,
    timeout: s.timeout,
    // The migrations travel with it as with the API; the Migrate function applies them (stacks/migrate.ts).
    copyFiles: bundleFiles,
    nodejs: nodejsBundle,
    link,
    environment: environment.apply((e) => ({ ...s.environment, ...e })),
  })
  const crons = SCHEDULED_JOBS.map(
    (job) =>
      new sst.aws.CronV2(job.name, {
        function: fn.arn,
        schedule: job.schedule,
        event: scheduleEvent(job),
        retries: s.retries,
      }),
  )
  return { fn, crons }
}
