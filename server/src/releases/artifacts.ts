// Artifact bundles as sentry-cli uploads them (`sourcemaps upload`): the zip arrives in SHA-1
// named chunks (chunk-upload), then `assemble` names the chunks of one bundle; its minified
// files and source maps are stored by debug id and URL for source-maps.ts to read.
import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { ValidationError } from '../errors.ts';
import { isUniqueViolation } from '../db/errors.ts';

export type ArtifactLimits = {
  /** A chunk, and the most one request of chunks may carry. */
  chunkBytes: number;
  requestBytes: number;
  /** A whole bundle, compressed, and what it may unpack to. */
  bundleBytes: number;
};

export type AssembleInput = {
  checksum: string;
  chunks: string[];
  projects: string[];
  version?: string | null | undefined;
  dist?: string | null | undefined;
};
export type AssembleResult = { state: 'ok' | 'not_found' | 'error'; missingChunks: string[]; detail: string | null };

/** Chunks not assembled into a bundle within this long are dropped. */
const CHUNK_DAYS = 1;

const sha1 = (data: Uint8Array) => createHash('sha1').update(data).digest('hex');

type ManifestFile = { url?: unknown; type?: unknown; headers?: Record<string, unknown> };

/** A header of a manifest entry, whatever the case of its name. */
function header(file: ManifestFile, name: string): string | null {
  for (const [key, value] of Object.entries(file.headers ?? {}))
    if (key.toLowerCase() === name && typeof value === 'string') return value;
  return null;
}

const TYPES = new Set(['minified_source', 'source_map']);

function bundleFiles(zip: Uint8Array, limit: number) {
  let unpacked = 0;
  let entries: Record<string, Uint8Array>;
  try {
    // The sizes a zip declares are checked before anything is inflated: a small bomb stops here.
    entries = unzipSync(zip, {
      filter: (f) => {
        unpacked += f.originalSize;
        if (unpacked > limit) throw new RangeError(`the bundle unpacks to more than ${limit} bytes`);
        return true;
      },
    });
  } catch (err) {
    throw new ValidationError([{ path: 'bundle', reason: `is not a readable zip: ${(err as Error).message}` }]);
  }
  const manifestBytes = entries['manifest.json'];
  if (!manifestBytes) throw new ValidationError([{ path: 'bundle', reason: 'has no manifest.json' }]);
  let manifest: { files?: Record<string, ManifestFile> };
  try {
    manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as typeof manifest;
  } catch {
    throw new ValidationError([{ path: 'bundle', reason: 'has a manifest.json that is not JSON' }]);
  }
  return Object.entries(manifest.files ?? {}).flatMap(([path, file]) => {
    const content = entries[path];
    if (!content || typeof file.url !== 'string' || typeof file.type !== 'string' || !TYPES.has(file.type)) return [];
    return [
      {
        url: file.url,
        type: file.type,
        debugId: header(file, 'debug-id')?.toLowerCase() ?? null,
        sourceMap: header(file, 'sourcemap') ?? header(file, 'x-sourcemap'),
        // Prisma takes bytes as a Uint8Array over its own buffer.
        content: new Uint8Array(content),
      },
    ];
  });
}

export function createArtifacts(prisma: PrismaClient, limits: ArtifactLimits) {
  const refused = (detail: string): AssembleResult => ({ state: 'error', missingChunks: [], detail });

  async function assembled(checksum: string, names: string[], input: AssembleInput): Promise<AssembleResult> {
    if (await prisma.artifactBundle.count({ where: { checksum } }))
      return { state: 'ok', missingChunks: [], detail: null };
    const present = await prisma.uploadChunk.findMany({ where: { checksum: { in: names } } });
    const missing = names.filter((n) => !present.some((p) => p.checksum === n));
    if (missing.length) return { state: 'not_found', missingChunks: [...new Set(missing)], detail: null };

    const chunks = names.map((name) => present.find((p) => p.checksum === name)!.data);
    const size = chunks.reduce((n, data) => n + data.length, 0);
    if (size > limits.bundleBytes) return refused(`the bundle is over ${limits.bundleBytes} bytes`);
    const zip = new Uint8Array(size);
    let at = 0;
    for (const data of chunks) {
      zip.set(data, at);
      at += data.length;
    }
    if (sha1(zip) !== checksum) return refused('the chunks do not make the bundle’s checksum');
    let files;
    try {
      files = bundleFiles(zip, limits.bundleBytes * 4);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return refused(err.fieldErrors.map((e) => `${e.path} ${e.reason}`).join('; '));
    }
    const store = prisma.$transaction([
      prisma.artifactBundle.create({
        data: {
          checksum,
          release: input.version || null,
          dist: input.dist || null,
          projects: input.projects,
          size,
          files: { create: files },
        },
      }),
      prisma.uploadChunk.deleteMany({ where: { checksum: { in: names } } }),
    ]);
    try {
      await store;
    } catch (err) {
      // sentry-cli polls: two of its calls may assemble the same bundle at once.
      if (!isUniqueViolation(err)) throw err;
    }
    return { state: 'ok', missingChunks: [], detail: null };
  }

  return {
    limits,

    /** Keeps a chunk under its SHA-1, which must be the name it came with. */
    async putChunk(name: string, data: Uint8Array): Promise<void> {
      if (data.length > limits.chunkBytes)
        throw new ValidationError([{ path: name, reason: `is over the chunk size (${limits.chunkBytes} bytes)` }]);
      if (sha1(data) !== name.toLowerCase())
        throw new ValidationError([{ path: name, reason: 'does not match the SHA-1 of its content' }]);
      await prisma.uploadChunk.upsert({
        where: { checksum: name.toLowerCase() },
        create: { checksum: name.toLowerCase(), data: new Uint8Array(data) },
        update: {},
      });
    },

    /** Assembles the bundle once all its chunks are here; says which are missing until then. */
    async assemble(input: AssembleInput): Promise<AssembleResult> {
      const names = input.chunks.map((c) => c.toLowerCase());
      const result = await assembled(input.checksum.toLowerCase(), names, input);
      // A refused bundle's chunks are of no use; nor are chunks nobody assembled within a day.
      if (result.state === 'error') await prisma.uploadChunk.deleteMany({ where: { checksum: { in: names } } });
      await prisma.uploadChunk.deleteMany({
        where: { createdAt: { lt: new Date(Date.now() - CHUNK_DAYS * 86_400_000) } },
      });
      return result;
    },
  };
}

export type Artifacts = ReturnType<typeof createArtifacts>;
