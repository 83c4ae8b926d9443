// Makes a project accept reports only with one of its keys; returns that key.
import { expect } from 'vitest';
import { put } from './http.ts';
import { as } from '../testkit/client.ts';
import { ProjectKeysQuery } from '../sentry/operations.ts';

export async function requireIngestKey(base: string, projectId: string) {
  const res = await put(base, `/api/v1/projects/${projectId}`, { ingest_key_required: true });
  expect(res.body.ingest_key_required, res.text).toBe(true);
  const { project } = await as(base).run(ProjectKeysQuery, { id: projectId });
  return project!.keys[0]!;
}
