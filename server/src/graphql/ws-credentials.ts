// A WebSocket outlives the request that opened it: its token can be revoked, its session ended
// and its user disabled while its subscriptions go on. Each connection that came with a
// credential has it looked up again every `everyMs`; once it no longer works, or gives other
// rights than it did, the connection is closed (4403), and a client that reconnects is refused
// until it brings one that works.
import type { WebSocket } from 'ws';
import type { Viewer } from '../auth/accounts.ts';

export const CREDENTIAL_ENDED = 4403;

const rightsOf = (viewer: Viewer | null) => (viewer ? [...viewer.scopes].sort().join(' ') : null);

export function watchCredential(socket: WebSocket, resolve: () => Promise<Viewer | null>, everyMs: number) {
  let rights: string | null | undefined;
  const check = async () => {
    // A database that cannot answer is not a verdict on the credential: asked again next time.
    const viewer = await resolve().catch(() => undefined);
    if (viewer === undefined) return;
    const now = rightsOf(viewer);
    // What it connected with; one that never worked is refused by each operation instead.
    if (rights === undefined) rights = now;
    else if (now !== rights) socket.close(CREDENTIAL_ENDED, 'Forbidden: the credential no longer works');
  };
  void check();
  const timer = setInterval(() => void check(), everyMs);
  timer.unref();
  socket.once('close', () => clearInterval(timer));
}
