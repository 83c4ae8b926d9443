// The metadata repair agents need to find a project's code (seed 000: 项目元信息字段), one
// validator per field, shared by the REST body (snake_case) and the GraphQL input (camelCase).
import { z } from 'zod';

// Git remotes: URLs (https, ssh, git, file) or scp-like `user@host:path`.
const REPO_URL = /^(?:(?:https?|ssh|git|file):\/\/\S+|[\w.-]+@[\w.-]+:\S+)$/;
// POSIX or Windows absolute paths.
const ABSOLUTE_PATH = /^(?:\/|[A-Za-z]:[\\/]|\\\\)/;

const name = z.string().trim().min(1, 'must not be empty').max(200);
const repoUrl = z
  .string()
  .trim()
  .max(2048)
  .regex(REPO_URL, 'must be a git remote such as https://host/team/repo.git or git@host:team/repo.git')
  .nullable();
const localPath = z.string().trim().max(4096).regex(ABSOLUTE_PATH, 'must be an absolute path').nullable();
const description = z.string().max(10_000).nullable();
const ingestKeyRequired = z.boolean();
const productionEnvironment = z.string().trim().min(1, 'must not be empty').max(64);

/** `PUT /api/v1/projects/{project_id}`: a partial update. */
export const projectUpdateSchema = z
  .strictObject({
    project_id: z.string(),
    name,
    repo_url: repoUrl,
    local_path: localPath,
    description,
    ingest_key_required: ingestKeyRequired,
  })
  .partial();

/** GraphQL `ProjectInput`. */
export const projectInputSchema = z
  .strictObject({ name, repoUrl, localPath, description, ingestKeyRequired, productionEnvironment })
  .partial();

export type ProjectChanges = z.output<typeof projectInputSchema>;
