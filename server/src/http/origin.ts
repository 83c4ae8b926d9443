// The host a request reached, and whether a browser's request comes from a page of it.
// X-Forwarded-Host is believed only from a proxy that TRUST_PROXY names (as Fastify does for
// its own requests): anyone can send the header, and the WebSocket Origin check must not be
// passed by sending `X-Forwarded-Host: evil.example` beside `Origin: https://evil.example`.
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';

export type TrustProxy = boolean | string;

export function trustedPeer(trustProxy: TrustProxy): (addr: string) => boolean {
  if (trustProxy === true) return () => true;
  if (!trustProxy) return () => false;
  const trust = proxyAddr.compile(trustProxy.split(',').map((s) => s.trim()));
  return (addr) => trust(addr, 0);
}

/** The host (with port) that `req` was sent to, as its client saw it. */
export function requestHost(req: IncomingMessage, trusted: (addr: string) => boolean): string | undefined {
  const forwarded = req.headers['x-forwarded-host'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  if (first && trusted(req.socket.remoteAddress ?? '')) return first;
  return req.headers.host;
}

/** Whether a request with this Origin header comes from a page of `host`; tools send no Origin. */
export function fromOwnOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
