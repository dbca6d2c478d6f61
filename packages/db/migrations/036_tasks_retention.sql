-- Finished tasks are deleted once they are older than the retention (TASK_RETENTION_DAYS, 7 by default, as
-- pg-boss keeps its jobs): the prune reads the oldest finished rows through this index instead of scanning every
-- row kept so far.
CREATE INDEX tasks_finished_idx ON tasks (finished_at) WHERE status IN ('succeeded', 'dead', 'cancelled');
