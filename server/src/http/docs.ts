// The REST reference at /docs (Swagger UI from local files, no CDN) and /openapi.json. Paths,
// parameters, bodies and responses come from the routes' own schemas (route-schemas.ts);
// only the prose is written here.
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

const INTRO = `
Log Center collects errors from applications, CI pipelines and Kubernetes, groups them into
issues by fingerprint and walks each issue through a repair workflow.

### Report an error
\`\`\`bash
curl -X POST "$LOG_CENTER_URL/api/v1/logs/report" -H "Content-Type: application/json" -d '{
  "project_id": "rtc_backend", "environment": "production", "level": "ERROR",
  "error": { "type": "ValueError", "message": "invalid literal for int()",
             "file_path": "apps/users/views.py", "line_number": 42,
             "stack_trace": ["Traceback (most recent call last):", "ValueError: invalid literal for int()"] },
  "context": { "url": "/api/users/123", "method": "GET" } }'
\`\`\`

### Fingerprints
MD5 hex of the fields joined with \`|\` (missing or null → empty string):

| source | fields |
|---|---|
| \`runtime\` (default) | \`project_id\\|error_type\\|file_path\\|line_number\` |
| \`cicd\` | \`project_id\\|cicd\\|error_type\\|job_name\\|step_name\` (job/step from \`context\`) |
| \`deployment\` | \`project_id\\|deployment\\|error_type\\|namespace\\|deployment_name\` (from \`context\`) |

### Workflow
\`NEW → VERIFYING → PENDING_FIX → FIXING → FIXED → VERIFIED → DEPLOYED\`, with
\`VERIFYING → CANNOT_REPRODUCE\` and \`FIXING → FIX_FAILED\`. A new occurrence of a \`FIXED\`,
\`VERIFIED\` or \`DEPLOYED\` issue reopens it as \`NEW\` (a regression).

### Errors
Every error is \`{"error": code, "message": text, "details": [{"path", "reason"}]}\`: 400 for a body
that is not JSON, 422 for a field that breaks the schema (each named by its path), 413 for a body
over 1 MiB, 404 for an unknown project. A rejected request changes nothing. A report is
answered only after it is committed to the database.

Bodies are read as JSON whatever their \`Content-Type\` (so \`navigator.sendBeacon\` works). The
report endpoints answer any origin, with credentials (beacons); the others answer other origins
only without credentials, so a browser page elsewhere needs an API token to use them.

429 (with \`Retry-After\`) means a limit: a project key's events a minute, or the server's reports
a minute per client address (\`INGEST_LIMIT_PER_ADDRESS\`), build-log writes a minute per client
address (\`BUILD_LOG_LIMIT_PER_ADDRESS\`), or failed sign-ins.

### Access
Sending reports needs no credentials (unless a project requires its key, below). By default
(\`PROJECT_API_AUTH=registration\`) the project endpoints are open the way the integration
guide's clients use them: anyone may read project metadata and register a project — fill
fields that are still empty and repeat stored values (with the project's key when it requires
one). Changing a field that is set needs an API token (\`Authorization: Bearer lct_…\`) or a
dashboard session (the \`lc_session\` cookie from \`POST /api/v1/auth/login\`) with \`ADMIN\`: 403
naming the field otherwise. With \`PROJECT_API_AUTH=required\`, reading needs \`READ\` and every
change \`ADMIN\` (401 without a credential, 403 with too few rights).

### Project keys
Ingestion is open by default. A project can require one of its keys (the Sentry DSN's public
key, listed in GraphQL and on the dashboard): set \`ingest_key_required\` and send the key in
\`X-Log-Center-Key\`. Without it: 401; with a wrong or disabled key: 403.

### Sentry SDKs
\`POST /api/{dsn_id}/envelope/\` and \`/api/{dsn_id}/store/\` take events from official Sentry SDKs;
point them at a project key's DSN (shown on the dashboard's project page).

### Releases (sentry-cli)
\`sentry-cli releases new | list | info | finalize | set-commits\` and \`sentry-cli deploys\` work
here unchanged: \`--url\` this server, an API token as the auth token (\`READ\` to read, \`RELEASE\`
or \`ADMIN\` to write), any organisation slug (or the one \`SENTRY_ORG_SLUG\` names);
\`sentry-cli sourcemaps upload\` (chunk upload, then assemble) needs \`ADMIN\`. These endpoints
answer errors as Sentry does, \`{"detail": text}\`.

### GraphQL
Issues, their history and statistics, workflow moves, live subscriptions and the repair-agent
protocol are in the GraphQL API at \`/graphql\` (HTTP, and WebSocket with graphql-ws).
`;

const document = {
  openapi: '3.0.3',
  info: { title: 'Log Center REST API', version: '1', description: INTRO },
  tags: [
    { name: 'Ingestion' },
    { name: 'Sentry' },
    { name: 'Sentry CLI' },
    { name: 'Projects' },
    { name: 'Build logs' },
    { name: 'Access' },
    { name: 'Operations' },
  ],
  components: {
    securitySchemes: {
      token: {
        type: 'http' as const,
        scheme: 'bearer',
        description: 'An API token (`lct_…`), created on the dashboard’s account page or with `createApiToken`',
      },
      session: {
        type: 'apiKey' as const,
        in: 'cookie',
        name: 'lc_session',
        description: 'The dashboard’s session, from `POST /api/v1/auth/login`',
      },
    },
  },
};

/** Registered before the routes: the document is made from every route registered after. */
export async function registerDocs(app: FastifyInstance) {
  await app.register(swagger, { openapi: document, transform: jsonSchemaTransform });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    theme: { title: 'Log Center REST API' },
    uiConfig: { validatorUrl: null, deepLinking: true, defaultModelsExpandDepth: 0 } as never,
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
