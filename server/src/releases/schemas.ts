// What the release edges take (sentry-cli's JSON, GraphQL, `logcenter release`): one schema
// per input, with Sentry's field names where sentry-cli sends them.
import { z } from 'zod';

/** Sentry's rule for a version: no line breaks, tabs or slashes, and not `.`, `..` or `latest`. */
export const versionSchema = z
  .string()
  .min(1)
  .max(200)
  .refine((v) => !/[\n\r\t\f/\\]/.test(v), 'must not contain line breaks, tabs or slashes')
  .refine((v) => v.trim() === v && !['.', '..', 'latest'].includes(v), 'is not a usable version')
  .meta({ description: 'The release’s version, as clients report it', example: 'backend@1.4.2' });

/** A project by id; sentry-cli sends numeric slugs as numbers, which may be a DSN's number too. */
const projectRef = z.union([z.string().min(1).max(200), z.number().int().nonnegative()]);

const when = z.iso.datetime({ offset: true });

const ref = z.object({
  repository: z.string().min(1).max(200),
  commit: z.string().min(1).max(64),
  previousCommit: z.string().min(1).max(64).nullish(),
});

/** One commit as `set-commits --auto` sends it (from the local git history). */
export const commitSchema = z.object({
  id: z.string().min(1).max(64),
  repository: z.string().max(200).nullish(),
  author_name: z.string().max(200).nullish(),
  author_email: z.string().max(200).nullish(),
  message: z.string().max(16_384).nullish(),
  timestamp: when.nullish(),
  patch_set: z
    .array(z.object({ path: z.string().min(1).max(1024), type: z.string().min(1).max(2) }))
    .max(5_000)
    .nullish(),
});

export const MAX_COMMITS = 10_000;

/** The fields a release's update may set (sentry-cli's UpdatedRelease). */
const releaseFields = {
  projects: z.array(projectRef).max(500).optional(),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .nullish(),
  dateStarted: when.nullish(),
  dateReleased: when.nullish(),
  refs: z.array(ref).max(100).optional(),
  commits: z.array(commitSchema).max(MAX_COMMITS).optional(),
};

export const updateReleaseSchema = z.object(releaseFields);

/** `releases new` (and set-commits' upsert): a version and the projects that ship it. */
export const newReleaseSchema = z.object({ ...releaseFields, version: versionSchema });

export const deploySchema = z.object({
  environment: z.string().min(1).max(64),
  name: z.string().max(200).nullish(),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .nullish(),
  dateStarted: when.nullish(),
  dateFinished: when.nullish(),
  projects: z.array(projectRef).max(500).nullish(),
});

export type NewRelease = z.infer<typeof newReleaseSchema>;
export type ReleaseUpdate = z.infer<typeof updateReleaseSchema>;
export type CommitInput = z.infer<typeof commitSchema>;
export type RefInput = z.infer<typeof ref>;
export type DeployInput = z.infer<typeof deploySchema>;

const sha1Hex = z.string().regex(/^[0-9a-fA-F]{40}$/, 'must be a SHA-1 in hex');

/** `sourcemaps upload`: the bundle's checksum, its chunks in order, and whose it is. */
export const assembleSchema = z.object({
  checksum: sha1Hex,
  chunks: z.array(sha1Hex).min(1).max(10_000),
  projects: z.array(projectRef).min(1).max(500),
  version: z.string().max(200).nullish(),
  dist: z.string().max(64).nullish(),
});
