-- Results of synchronous analytics answers (backtests, optimisation studies, portfolio optimisations), kept under an
-- id owned by the caller so a report page or chart can be looked up later. Work that runs as a task keeps its
-- result on the tasks row instead (one copy). `extra` holds what only the charts need (closes for buy-and-hold,
-- the portfolio frontier and clustering), so the stored `result` stays what the route answered.
CREATE TABLE results (
  id          text PRIMARY KEY,
  owner       text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('backtest', 'optimization', 'portfolio')),
  input       jsonb NOT NULL,
  result      jsonb NOT NULL,
  extra       jsonb,
  created_at  timestamptz NOT NULL DEFAULT now()
);
-- Lookups are by (owner, id); lists by owner and kind, newest first.
CREATE INDEX results_owner_idx ON results (owner, kind, created_at DESC, id);
