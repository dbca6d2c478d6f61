-- User alert rules and their firings. `condition` is the rule's kind and parameters (core's AlertCondition);
-- `state` is the once-per-crossing state machine's memory (armed, last value, fire count), written by a guarded
-- UPDATE on `version`, so two evaluators (ticks, the schedule) never fire one crossing twice. Every query filters
-- by `owner`.
CREATE TABLE alert_rules (
  id          text PRIMARY KEY,
  owner       text NOT NULL,
  name        text,
  symbol      text NOT NULL REFERENCES symbols (symbol) ON DELETE CASCADE,
  condition   jsonb NOT NULL,
  hysteresis  float8,
  enabled     boolean NOT NULL DEFAULT true,
  state       jsonb NOT NULL,
  version     int NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_rules_owner_idx ON alert_rules (owner, created_at, id);
-- Evaluation reads the enabled rules of the symbols that just moved.
CREATE INDEX alert_rules_symbol_idx ON alert_rules (symbol) WHERE enabled;

CREATE TABLE alert_firings (
  id        text PRIMARY KEY,
  rule_id   text NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
  owner     text NOT NULL,
  symbol    text NOT NULL,
  value     float8 NOT NULL,
  message   text NOT NULL,
  source    text NOT NULL CHECK (source IN ('tick', 'bar', 'schedule')),
  price     float8 NOT NULL,
  fired_at  timestamptz NOT NULL
);
CREATE INDEX alert_firings_rule_idx ON alert_firings (rule_id, fired_at DESC, id DESC);
CREATE INDEX alert_firings_owner_idx ON alert_firings (owner, fired_at DESC, id DESC);
