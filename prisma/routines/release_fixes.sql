-- Issues fixed "in the next release" of a project wait for a release made after their fix
-- (Issue.fix_awaits_release_since); when one is made for the project, it becomes their fix's
-- release. Called wherever a release becomes one of a project's: the ingestion routine (for
-- versions it sees first) and releases/releases.ts (`releases new`, createRelease).
-- Returns the ids of the issues it gave a release.
CREATE OR REPLACE FUNCTION logcenter_fix_in_new_release_v1(release_version text, project_ids text[])
RETURNS int[]
LANGUAGE sql
AS $fn$
  WITH made AS (SELECT created_at FROM releases WHERE version = release_version),
  due AS (
    SELECT i.id FROM issues i, made
    WHERE i.project_id = ANY(project_ids) AND i.fix_awaits_release_since IS NOT NULL
      AND i.fix_awaits_release_since <= made.created_at
    ORDER BY i.id
    FOR UPDATE OF i),
  given AS (
    UPDATE issues SET fixed_in_release = release_version, fix_awaits_release_since = NULL
    FROM due WHERE issues.id = due.id
    RETURNING issues.id)
  SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM given;
$fn$;
