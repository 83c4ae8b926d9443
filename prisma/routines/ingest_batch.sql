-- Stores one group commit of reports in one statement, so a batch costs one round trip and
-- runs in the statement's own transaction. Called by server/src/ingest/pipeline.ts, which
-- computes the per-fingerprint values in TypeScript; this only writes them, and keeps the
-- hourly occurrence_rollups in step with the occurrences.
--
-- new_projects:    [{id, repo_url}], one per project of the batch (they exist: reports for
--                  unknown projects are admitted first, projects/admission.ts)
-- new_groups:      [{fingerprint, project_id, source, level, error_type, message, file_path,
--                    line_number, first_seen, last_seen, count, environments, first_release,
--                    last_release, fix_checked, fixed_in_release, fix_awaits_release_since,
--                    reopens, older_count, older_last, details}], one per fingerprint;
--                  with fix_checked, the pipeline read the issue's fix (fixed_in_release,
--                  fix_awaits_release_since) and decided from it whether the reports reopen
--                  it (reopens) and how many are from releases older than the fix
--                  (issues/release-fixes.ts). It reads them only when a batch needs them: a
--                  batch with versioned reports of an issue that has a release-aware fix, sent
--                  without it or with one that has changed since, is refused (SQLSTATE LCFIX),
--                  and the pipeline reads the fixes and sends it again
-- new_releases:    [{version, project_id}], each version the batch names, with its projects:
--                  made releases (of those projects) here unless they are already
-- new_occurrences: [{fingerprint, project_id, timestamp, …}], one per report, in batch order
-- reopening:       the statuses in which a new occurrence is a regression (workflow.ts)
-- regression:      {actor, note} of the status transition a regression writes
--                  (issues/regression.ts, which also makes each group's details)
--
-- Issues created or reopened in a project with an enabled notification rule get a
-- notification_events row in this same statement: the notification is as durable as the change.
--
-- Returns {"created": [fingerprint], "issues": [issue row], "transitions": [transition row]}.
-- Issues are found by id once locked: joins on fingerprint would make the planner scan the
-- whole table. The version is in the names, so that during a rolling upgrade servers of the
-- older release keep calling theirs.

-- One fingerprint's values, as the pipeline's issueValues() makes them; decoded once per batch.
DO $type$ BEGIN
  CREATE TYPE logcenter_ingest_group_v4 AS (fingerprint text, project_id text, source "Source", level "Level",
    error_type text, message text, file_path text, line_number int, first_seen timestamptz, last_seen timestamptz,
    count int, environments text[], first_release text, last_release text, fix_checked boolean,
    fixed_in_release text, fix_awaits_release_since timestamptz, reopens boolean, older_count int,
    older_last timestamptz, details jsonb);
EXCEPTION WHEN duplicate_object THEN NULL;
END $type$;

CREATE OR REPLACE FUNCTION logcenter_ingest_batch_v4(new_projects jsonb, new_groups jsonb, new_occurrences jsonb,
                                                     new_releases jsonb, reopening text[], regression jsonb)
RETURNS jsonb
LANGUAGE plpgsql
AS $fn$
DECLARE
  groups logcenter_ingest_group_v4[] := ARRAY(SELECT jsonb_populate_recordset(NULL::logcenter_ingest_group_v4, new_groups));
  fingerprints text[];
  locked_ids int[];
  locked_fps text[];
  locked_statuses text[];
  locked_fixes text[];
  locked_awaits timestamptz[];
  racer_ids int[];
  racer_fps text[];
  racer_statuses text[];
  racer_fixes text[];
  racer_awaits timestamptz[];
  created_ids int[];
  created_fps text[];
  made_versions text[];
  result jsonb;
BEGIN
  -- The contract: a report's repo_url fills the project's only while it is empty.
  UPDATE projects SET repo_url = p.repo_url, updated_at = now()
  FROM jsonb_to_recordset(new_projects) AS p(id text, repo_url text)
  WHERE projects.id = p.id AND p.repo_url <> '' AND coalesce(projects.repo_url, '') = '';

  SELECT array_agg(g.fingerprint ORDER BY g.fingerprint) INTO fingerprints FROM unnest(groups) AS g;

  -- Lock the known issues first, in fingerprint order like every batch, so that the status
  -- read here is the one the update replaces and concurrent batches cannot deadlock.
  SELECT coalesce(array_agg(l.id), '{}'), coalesce(array_agg(l.fingerprint), '{}'), coalesce(array_agg(l.status::text), '{}'),
         coalesce(array_agg(l.fixed_in_release), '{}'), coalesce(array_agg(l.fix_awaits_release_since), '{}')
  INTO locked_ids, locked_fps, locked_statuses, locked_fixes, locked_awaits
  FROM (SELECT id, fingerprint, status, fixed_in_release, fix_awaits_release_since
        FROM issues WHERE fingerprint = ANY(fingerprints) ORDER BY fingerprint FOR UPDATE) l;

  -- Inserting only the unknown keeps ids free of gaps; ON CONFLICT covers a concurrent batch.
  WITH made AS (
    INSERT INTO issues (fingerprint, project_id, source, level, error_type, message, file_path, line_number,
                        first_seen, last_seen, occurrence_count, environments, first_release, last_release)
    SELECT g.fingerprint, g.project_id, g.source, g.level, g.error_type, g.message, g.file_path, g.line_number,
           g.first_seen, g.last_seen, g.count, g.environments, g.first_release, g.last_release
    FROM unnest(groups) AS g
    WHERE NOT g.fingerprint = ANY(locked_fps)
    ORDER BY g.fingerprint
    ON CONFLICT (fingerprint) DO NOTHING
    RETURNING id, fingerprint)
  SELECT coalesce(array_agg(id), '{}'), coalesce(array_agg(fingerprint), '{}') INTO created_ids, created_fps FROM made;

  -- Issues another batch created meanwhile: lock them too, and update them like the others.
  IF cardinality(locked_fps) + cardinality(created_fps) < cardinality(fingerprints) THEN
    SELECT array_agg(l.id), array_agg(l.fingerprint), array_agg(l.status::text),
           array_agg(l.fixed_in_release), array_agg(l.fix_awaits_release_since)
    INTO racer_ids, racer_fps, racer_statuses, racer_fixes, racer_awaits
    FROM (SELECT id, fingerprint, status, fixed_in_release, fix_awaits_release_since FROM issues
          WHERE fingerprint = ANY(fingerprints) AND NOT fingerprint = ANY(locked_fps) AND NOT fingerprint = ANY(created_fps)
          ORDER BY fingerprint FOR UPDATE) l;
    locked_ids := locked_ids || racer_ids;
    locked_fps := locked_fps || racer_fps;
    locked_statuses := locked_statuses || racer_statuses;
    locked_fixes := locked_fixes || racer_fixes;
    locked_awaits := locked_awaits || racer_awaits;
  END IF;

  -- The pipeline's release-aware decisions hold only for the fixes it read (see the top).
  IF EXISTS (SELECT 1 FROM unnest(locked_fps, locked_fixes, locked_awaits) AS l(fingerprint, fix, awaits)
             JOIN unnest(groups) g USING (fingerprint)
             WHERE g.last_release IS NOT NULL
               AND CASE WHEN g.fix_checked
                   THEN l.fix IS DISTINCT FROM g.fixed_in_release OR l.awaits IS DISTINCT FROM g.fix_awaits_release_since
                   ELSE l.fix IS NOT NULL OR l.awaits IS NOT NULL END) THEN
    RAISE EXCEPTION 'the batch needs the release-aware fixes of its issues' USING ERRCODE = 'LCFIX';
  END IF;

  -- Only the unknown are inserted: most batches name known releases, and write nothing here.
  -- A release made here is the one that fixes "in the next release" of its projects wait for.
  IF jsonb_array_length(new_releases) > 0 THEN
    WITH made AS (
      INSERT INTO releases (version)
      SELECT DISTINCT r.version FROM jsonb_to_recordset(new_releases) AS r(version text, project_id text)
      WHERE NOT EXISTS (SELECT 1 FROM releases x WHERE x.version = r.version)
      ORDER BY 1
      ON CONFLICT (version) DO NOTHING
      RETURNING version)
    SELECT coalesce(array_agg(version), '{}') INTO made_versions FROM made;
    INSERT INTO release_projects (release_id, project_id)
    SELECT x.id, r.project_id FROM jsonb_to_recordset(new_releases) AS r(version text, project_id text)
    JOIN releases x ON x.version = r.version
    WHERE NOT EXISTS (SELECT 1 FROM release_projects p WHERE p.release_id = x.id AND p.project_id = r.project_id)
    ORDER BY 1, 2
    ON CONFLICT DO NOTHING;
    PERFORM logcenter_fix_in_new_release_v1(m.version, array_agg(r.project_id))
    FROM unnest(made_versions) AS m(version)
    JOIN jsonb_to_recordset(new_releases) AS r(version text, project_id text) ON r.version = m.version
    GROUP BY m.version;
  END IF;

  WITH g AS (SELECT * FROM unnest(groups)),
  old AS (
    SELECT o.id, o.fingerprint, o.status::"IssueStatus" AS status,
           o.status = ANY(reopening) AND coalesce(g.reopens, true) AS regressed
    FROM unnest(locked_ids, locked_fps, locked_statuses) AS o(id, fingerprint, status)
    JOIN g USING (fingerprint)),
  updated AS (
    UPDATE issues i SET
      occurrence_count  = i.occurrence_count + g.count,
      first_seen        = least(i.first_seen, g.first_seen),
      last_seen         = greatest(i.last_seen, g.last_seen),
      level             = CASE WHEN g.last_seen >= i.last_seen THEN g.level ELSE i.level END,
      message           = CASE WHEN g.last_seen >= i.last_seen THEN g.message ELSE i.message END,
      file_path         = CASE WHEN g.last_seen >= i.last_seen THEN g.file_path ELSE i.file_path END,
      line_number       = CASE WHEN g.last_seen >= i.last_seen THEN g.line_number ELSE i.line_number END,
      first_release     = coalesce(CASE WHEN g.first_seen < i.first_seen THEN g.first_release END,
                                   i.first_release, g.first_release),
      last_release      = coalesce(CASE WHEN g.last_seen >= i.last_seen THEN g.last_release END,
                                   i.last_release, g.last_release),
      environments      = CASE WHEN g.environments <@ i.environments THEN i.environments
                          ELSE ARRAY(SELECT DISTINCT e FROM unnest(i.environments || g.environments) AS e ORDER BY e) END,
      status            = CASE WHEN old.regressed THEN 'NEW' ELSE i.status END,
      status_changed_at = CASE WHEN old.regressed THEN now() ELSE i.status_changed_at END,
      regression_count  = i.regression_count + old.regressed::int,
      last_regressed_at = CASE WHEN old.regressed THEN now() ELSE i.last_regressed_at END,
      -- A regression ends the fix, release and all.
      fixed_in_release  = CASE WHEN old.regressed THEN NULL ELSE i.fixed_in_release END,
      fix_awaits_release_since = CASE WHEN old.regressed THEN NULL ELSE i.fix_awaits_release_since END,
      fix_commit        = CASE WHEN old.regressed THEN NULL ELSE i.fix_commit END,
      older_release_count = CASE WHEN old.regressed THEN 0 ELSE i.older_release_count + coalesce(g.older_count, 0) END,
      older_release_last_at = CASE WHEN old.regressed THEN NULL
                              WHEN coalesce(g.older_count, 0) > 0 THEN greatest(i.older_release_last_at, g.older_last)
                              ELSE i.older_release_last_at END
    FROM old JOIN g USING (fingerprint)
    WHERE i.id = old.id
    RETURNING i.*),
  transitions AS (
    INSERT INTO status_transitions (issue_id, from_status, to_status, actor, note, details)
    SELECT old.id, old.status, 'NEW', regression->>'actor', regression->>'note', g.details
    FROM old JOIN g USING (fingerprint)
    WHERE old.regressed
    ORDER BY old.fingerprint
    RETURNING *),
  ids AS (
    SELECT * FROM unnest(locked_ids, locked_fps) AS k(id, fingerprint)
    UNION ALL
    SELECT * FROM unnest(created_ids, created_fps) AS c(id, fingerprint)),
  stored AS (
    INSERT INTO occurrences (issue_id, project_id, timestamp, received_at, source, level, environment, message,
                             file_path, line_number, version, commit_hash, stack_trace, context, remote_addr, user_agent)
    SELECT ids.id, r.project_id, r.timestamp, r.received_at, r.source, r.level, r.environment, r.message,
           r.file_path, r.line_number, r.version, r.commit_hash, r.stack_trace, r.context, r.remote_addr, r.user_agent
    FROM ROWS FROM (jsonb_to_recordset(new_occurrences) AS (fingerprint text, project_id text,
      timestamp timestamptz, received_at timestamptz, source "Source", level "Level", environment text,
      message text, file_path text, line_number int, version text, commit_hash text, stack_trace text[],
      context jsonb, remote_addr text, user_agent text)) WITH ORDINALITY AS r
    JOIN ids USING (fingerprint)
    ORDER BY r.ordinality
    RETURNING project_id, source, date_trunc('hour', timestamp, 'UTC') AS hour, coalesce(version, '') AS release),
  -- Sorted, so that concurrent batches take these row locks in one order.
  rolled_up AS (
    INSERT INTO occurrence_rollups (hour, project_id, source, release, count)
    SELECT hour, project_id, source, release, count(*) FROM stored GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (hour, project_id, source, release) DO UPDATE SET count = occurrence_rollups.count + excluded.count),
  noticed AS (
    INSERT INTO notification_events (issue_id, kind, transition_id)
    SELECT e.issue_id, e.kind, e.transition_id FROM (
      SELECT c.id AS issue_id, 'CREATED' AS kind, NULL::bigint AS transition_id, g.project_id
      FROM unnest(created_ids, created_fps) AS c(id, fingerprint) JOIN g USING (fingerprint)
      UNION ALL
      SELECT t.issue_id, 'REGRESSED', t.id, i.project_id FROM transitions t JOIN issues i ON i.id = t.issue_id) e
    WHERE EXISTS (SELECT 1 FROM notification_rules r WHERE r.project_id = e.project_id AND r.enabled)
    ORDER BY e.issue_id)
  SELECT jsonb_build_object(
    'stored', (SELECT count(*) FROM stored),
    'created', to_jsonb(created_fps),
    'issues', (SELECT coalesce(jsonb_agg(to_jsonb(u)), '[]') FROM updated u)
              || (SELECT coalesce(jsonb_agg(to_jsonb(i)), '[]') FROM issues i WHERE i.id = ANY(created_ids)),
    'transitions', (SELECT coalesce(jsonb_agg(to_jsonb(t)), '[]') FROM transitions t))
  INTO result;

  -- Every report has its occurrence, or none is stored (an issue deleted meanwhile, say).
  IF (result->>'stored')::int <> jsonb_array_length(new_occurrences) THEN
    RAISE EXCEPTION 'stored % of % occurrences', result->>'stored', jsonb_array_length(new_occurrences);
  END IF;
  RETURN result - 'stored';
END;
$fn$;
