// The one schema for `PUT /api/v1/projects/{project_id}`: a partial update of the metadata
// that repair agents need to find the code (seed 000: 项目元信息字段).
import { z } from 'zod';

// Git remotes: URLs (https, ssh, git, file) or scp-like `user@host:path`.
const REPO_URL = /^(?:(?:https?|ssh|git|file):\/\/\S+|[\w.-]+@[\w.-]+:\S+)$/;
// POSIX or Windows absolute paths.
const ABSOLUTE_PATH = /^(?:\/|[A-Za-z]:[\\/]|\\\\)/;

export const repoUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .regex(REPO_URL, 'must be a git remote such as https://host/team/repo.git or git@host:team/repo.git');

export const projectUpdateSchema = z.strictObject({
  project_id: z.string().optional(),
  name: z.string().trim().min(1, 'must not be empty').max(200),
  repo_url: repoUrlSchema.nullable(),
  local_path: z.string().trim().max(4096).regex(ABSOLUTE_PATH, 'must be an absolute path').nullable(),
  description: z.string().max(10_000).nullable(),
}).partial();

export type ProjectUpdate = z.output<typeof projectUpdateSchema>;
