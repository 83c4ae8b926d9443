// A stand-in Log Center that records what reporters send, and can answer as told.
import { createServer, type IncomingMessage, type Server } from 'node:http';

export type Captured = { method: string; url: string; headers: IncomingMessage['headers']; body: string; json: any };

export type Capture = {
  url: string;
  requests: Captured[];
  /** The status (and headers) of the next responses; afterwards 200. */
  respond(...statuses: (number | Answer)[]): void;
  close(): Promise<void>;
};

type Answer = { status: number; headers?: Record<string, string>; body?: string };

export async function startCapture(): Promise<Capture> {
  const requests: Captured[] = [];
  const queue: Answer[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, json });
      const answer = queue.shift() ?? { status: 200 };
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(
        answer.body ??
          JSON.stringify(
            answer.status === 200 ? { message: 'Log reported', id: requests.length } : { error: 'stand-in' },
          ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respond: (...statuses) => queue.push(...statuses.map((s) => (typeof s === 'number' ? { status: s } : s))),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
