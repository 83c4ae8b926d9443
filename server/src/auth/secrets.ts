// Session cookies and API tokens: random values shown once, stored only as SHA-256. They are
// 256-bit random, so a fast hash is enough (a KDF is for low-entropy passwords).
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'lct_';

export const digest = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** A new secret and what is stored of it. */
export function newSecret(prefix = ''): { secret: string; hash: string } {
  const secret = prefix + randomBytes(32).toString('base64url');
  return { secret, hash: digest(secret) };
}
