-- Background tasks: the row is the source of truth in every shape (database runner and SQS workers).
-- Status moves queued -> running -> succeeded | dead | cancelled; a failed attempt goes back to queued with a
-- later run_at until attempts reach max_attempts. Every transition is one guarded UPDATE, so a redelivered
-- message or a second runner never applies a result twice.
CREATE TABLE tasks (
  id               text PRIMARY KEY,
  type             text NOT NULL,
  priority         smallint NOT NULL CHECK (priority BETWEEN 0 AND 2),
  status           text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'dead', 'cancelled')),
  payload          jsonb NOT NULL,
  result           jsonb,
  error            jsonb,
  progress         float8 NOT NULL DEFAULT 0,
  progress_message text,
  attempts         int NOT NULL DEFAULT 0,
  max_attempts     int NOT NULL,
  timeout_ms       int NOT NULL,
  idempotency_key  text UNIQUE,
  cancel_requested boolean NOT NULL DEFAULT false,
  lease_owner      text,
  lease_until      timestamptz,
  run_at           timestamptz NOT NULL DEFAULT now(),
  created_at       timestamptz NOT NULL DEFAULT now(),
  started_at       timestamptz,
  finished_at      timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
-- Claims read ready tasks in priority then due order.
CREATE INDEX tasks_ready_idx ON tasks (priority, run_at) WHERE status = 'queued';
-- The lease sweep finds running tasks whose owner stopped renewing.
CREATE INDEX tasks_lease_idx ON tasks (lease_until) WHERE status = 'running';
-- Lists page by (created_at, id), optionally per status or type.
CREATE INDEX tasks_list_idx ON tasks (created_at, id);
CREATE INDEX tasks_status_list_idx ON tasks (status, created_at, id);
