-- Appends one batch of build log lines in one statement (one round trip, its own
-- transaction). Called by server/src/builds/store.ts, which has validated and cut the lines.
--
-- The build is created by its first batch, in the partition day of that moment. The
-- execution's row is advanced by the batch's size and held until commit, so that concurrent
-- writers to one build get consecutive, gapless numbers in the order they commit. Steps (the
-- lines' tags) are created or extended in the same statement.
--
-- Timestamps come as milliseconds since the epoch: numbers cost the server far less to send
-- than ISO text, a line at a time. A column that is the same on every line of the batch (the
-- step, the job, the type, often the time) comes once, as p_<column>, with its array NULL;
-- otherwise the array holds each line's value and p_<column> is NULL. A CI job's batch comes
-- from one step, so this spares sending and parsing most of the batch but its messages.
--
-- Returns the build's id and day and the numbers the lines got. Raises check_violation
-- (23514) when the day's partition does not exist yet; the store makes it and calls again.
CREATE OR REPLACE FUNCTION logcenter_build_append_v3(
  p_project_id text, p_pipeline text, p_number text, p_execute_count int,
  p_timestamp float8, p_timestamps float8[], p_log_type "BuildLogType", p_log_types "BuildLogType"[],
  p_tag text, p_tags text[], p_sub_tag text, p_sub_tags text[], p_job_id text, p_job_ids text[],
  p_messages text[]
) RETURNS TABLE (build_id int, day date, first_line_no int, last_line_no int)
LANGUAGE plpgsql AS $fn$
DECLARE
  b_id int;
  b_day date;
  b_last_exec int;
  n int := cardinality(p_messages);
  last_no int;
  first_no int;
  batch_ts timestamptz := to_timestamp(p_timestamp / 1000);
BEGIN
  SELECT b.id, b.day, b.last_execute_count INTO b_id, b_day, b_last_exec
    FROM builds b WHERE b.project_id = p_project_id AND b.pipeline = p_pipeline AND b.number = p_number;
  IF NOT FOUND THEN
    INSERT INTO builds AS b (project_id, pipeline, number, day, last_execute_count)
      VALUES (p_project_id, p_pipeline, p_number, (now() AT TIME ZONE 'UTC')::date, p_execute_count)
      ON CONFLICT (project_id, pipeline, number) DO NOTHING
      RETURNING b.id, b.day, b.last_execute_count INTO b_id, b_day, b_last_exec;
    IF NOT FOUND THEN
      SELECT b.id, b.day, b.last_execute_count INTO b_id, b_day, b_last_exec
        FROM builds b WHERE b.project_id = p_project_id AND b.pipeline = p_pipeline AND b.number = p_number;
    END IF;
  END IF;
  -- A retry of the run: it is running again.
  IF p_execute_count > b_last_exec THEN
    UPDATE builds b SET last_execute_count = p_execute_count, status = 'RUNNING', finished_at = NULL, updated_at = now()
      WHERE b.id = b_id AND b.last_execute_count < p_execute_count;
  END IF;

  INSERT INTO build_executions AS e (build_id, execute_count, line_count) VALUES (b_id, p_execute_count, n)
    ON CONFLICT ON CONSTRAINT build_executions_pkey DO UPDATE SET line_count = e.line_count + excluded.line_count
    RETURNING e.line_count INTO last_no;

  first_no := last_no - n + 1;

  -- unnest pads a NULL array with NULLs: each line gets the batch's value instead.
  INSERT INTO build_log_lines (build_id, execute_count, line_no, day, "timestamp", log_type, tag, sub_tag, job_id, message)
    SELECT b_id, p_execute_count, first_no - 1 + t.ord::int, b_day, COALESCE(to_timestamp(t.ts / 1000), batch_ts),
           COALESCE(t.log_type, p_log_type), COALESCE(t.tag, p_tag), COALESCE(t.sub_tag, p_sub_tag),
           COALESCE(t.job_id, p_job_id), t.message
      FROM unnest(p_timestamps, p_log_types, p_tags, p_sub_tags, p_job_ids, p_messages)
        WITH ORDINALITY AS t(ts, log_type, tag, sub_tag, job_id, message, ord);

  -- The steps from the tags alone: one step for the whole batch, or each line's. (Grouping the
  -- inserted lines instead kept every message a second time and cost a third of the append.)
  INSERT INTO build_steps AS s (build_id, execute_count, tag, line_count, first_line_no, last_line_no)
    SELECT b_id, p_execute_count, p_tag, n, first_no, last_no WHERE p_tags IS NULL AND p_tag IS NOT NULL
    UNION ALL
    SELECT b_id, p_execute_count, t.tag, count(*)::int, min(first_no - 1 + t.ord::int), max(first_no - 1 + t.ord::int)
      FROM unnest(p_tags) WITH ORDINALITY AS t(tag, ord) WHERE t.tag IS NOT NULL GROUP BY t.tag
    ON CONFLICT ON CONSTRAINT build_steps_pkey DO UPDATE SET
      line_count = s.line_count + excluded.line_count,
      first_line_no = LEAST(s.first_line_no, excluded.first_line_no),
      last_line_no = GREATEST(s.last_line_no, excluded.last_line_no);

  RETURN QUERY SELECT b_id, b_day, first_no, last_no;
END
$fn$;
