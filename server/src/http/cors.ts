// Cross-origin access. Any site may send reports, and browsers' beacons carry credentials, so
// ingestion answers credentialed requests from every origin. Nothing else does: a page on
// another origin of the same site (another port, a sibling subdomain) would otherwise be sent
// the dashboard's SameSite=Lax session cookie and could read what the signed-in user may read.
// Tools in browsers still reach the API cross-origin with an API token.
import cors, { type FastifyCorsOptions } from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import { isReportEndpoint } from '../ingest/endpoints.ts';

const shared = {
  origin: true,
  methods: ['GET', 'POST', 'PUT', 'OPTIONS'],
  // Browser Sentry SDKs read these to back off.
  exposedHeaders: ['retry-after', 'x-sentry-rate-limits'],
  maxAge: 86400,
} satisfies FastifyCorsOptions;

export async function registerCors(app: FastifyInstance) {
  await app.register(cors, {
    delegator: (req, callback) => callback(null, { ...shared, credentials: isReportEndpoint(req.url ?? '') }),
  });
}
