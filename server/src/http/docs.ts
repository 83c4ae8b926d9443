// The REST reference at /docs (Swagger UI from local files, no CDN) and /openapi.json.
// Request schemas are generated from the same zod schemas that validate requests.
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { z } from 'zod';
import { reportSchema } from '../ingest/report-schema.ts';
import { projectUpdateSchema } from '../projects/project-schema.ts';
import { IssueStatus, Role } from '../generated/prisma/enums.ts';
import { loginSchema } from '../auth/routes.ts';

const jsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>;

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
a minute per client address (\`INGEST_LIMIT_PER_ADDRESS\`), or failed sign-ins.

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

### GraphQL
Issues, their history and statistics, workflow moves, live subscriptions and the repair-agent
protocol are in the GraphQL API at \`/graphql\` (HTTP, and WebSocket with graphql-ws).
`;

const errorBody = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', example: 'validation_failed' },
    message: { type: 'string' },
    details: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          path: { type: 'string', example: 'error.type' },
          reason: { type: 'string', example: 'is required' },
        },
      },
    },
  },
};
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: errorBody } },
});

const project = {
  type: 'object',
  properties: {
    project_id: { type: 'string', example: 'rtc_backend' },
    name: { type: 'string' },
    repo_url: { type: 'string', nullable: true },
    local_path: { type: 'string', nullable: true },
    description: { type: 'string', nullable: true },
    ingest_key_required: {
      type: 'boolean',
      description: 'Reports need one of the project’s keys in `X-Log-Center-Key`. Only for callers with `READ`.',
    },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
  },
};
const signedIn = [{ token: [] }, { session: [] }];
/** Open by default (PROJECT_API_AUTH=registration); a credential adds to what one may do. */
const openOrSignedIn = [{}, ...signedIn];
const refusals = (scope: string) => ({
  401: errorResponse('No API token or session'),
  403: errorResponse(`The token or user lacks the \`${scope}\` scope`),
});
const user = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', enum: Object.values(Role) },
  },
};

const projectIdParam = { name: 'project_id', in: 'path', required: true, schema: { type: 'string' } };
const projectResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: project } },
});

const reportResult = (message: string) => ({
  type: 'object',
  properties: {
    message: { type: 'string', example: message },
    id: { type: 'integer', description: 'Issue id', example: 123 },
    status: { type: 'string', enum: Object.values(IssueStatus) },
    fingerprint: { type: 'string', example: '0aef4a677dc8df671fac47d8a86a8452' },
  },
});

export const openApiDocument = {
  openapi: '3.0.3',
  info: { title: 'Log Center REST API', version: '1', description: INTRO },
  tags: [{ name: 'Ingestion' }, { name: 'Projects' }, { name: 'Access' }, { name: 'Operations' }],
  components: {
    securitySchemes: {
      token: {
        type: 'http',
        scheme: 'bearer',
        description: 'An API token (`lct_…`), created on the dashboard’s account page or with `createApiToken`',
      },
      session: {
        type: 'apiKey',
        in: 'cookie',
        name: 'lc_session',
        description: 'The dashboard’s session, from `POST /api/v1/auth/login`',
      },
    },
  },
  paths: {
    '/api/v1/logs/report': {
      post: {
        tags: ['Ingestion'],
        summary: 'Report an error',
        requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(reportSchema) } } },
        responses: {
          200: {
            description:
              '`Log reported` for a new issue, `Log deduplicated` (with the current status) for a known one, `Regression detected, reopened` when a fixed issue recurs.',
            content: {
              'application/json': {
                schema: {
                  oneOf: [
                    reportResult('Log reported'),
                    reportResult('Log deduplicated'),
                    reportResult('Regression detected, reopened'),
                  ],
                },
              },
            },
          },
          400: errorResponse('Body is not JSON'),
          401: errorResponse('The project requires its key in `X-Log-Center-Key`, and none was sent'),
          403: errorResponse(
            'The key sent is not an enabled key of the project, or the project is new and MAX_PROJECTS is reached',
          ),
          404: errorResponse('The project is unknown and AUTO_CREATE_PROJECTS=false'),
          408: errorResponse('The request did not arrive in time (headers within 10 s, the whole request within 30 s)'),
          413: errorResponse('Body over 1 MiB'),
          422: errorResponse('A field breaks the schema'),
          429: errorResponse(
            'Over the key’s events-a-minute limit, the per-address limit, or (for a new project) AUTO_CREATE_PROJECTS_PER_MINUTE; nothing was stored (see `Retry-After`)',
          ),
          431: errorResponse('Headers over 16 KiB'),
          503: errorResponse('The database is unavailable; nothing was stored (see `Retry-After`)'),
        },
      },
    },
    '/api/v1/projects': {
      get: {
        tags: ['Projects'],
        summary: 'List projects',
        security: openOrSignedIn,
        responses: {
          ...refusals('READ (only with PROJECT_API_AUTH=required)'),
          200: {
            description: 'All projects, ordered by id',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { projects: { type: 'array', items: project }, total: { type: 'integer' } },
                },
              },
            },
          },
        },
      },
    },
    '/api/v1/projects/{project_id}': {
      get: {
        tags: ['Projects'],
        summary: 'Get a project',
        security: openOrSignedIn,
        parameters: [projectIdParam],
        responses: {
          200: projectResponse('The project'),
          ...refusals('READ (only with PROJECT_API_AUTH=required)'),
          404: errorResponse('Unknown project'),
        },
      },
      put: {
        tags: ['Projects'],
        summary: 'Edit a project (partial update; registers the project if it has not reported yet)',
        description:
          'Without ADMIN: fills fields that are still empty and takes repeats of stored values; changing a set field is refused with 403 naming it.',
        security: openOrSignedIn,
        parameters: [projectIdParam],
        requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(projectUpdateSchema) } } },
        responses: {
          200: projectResponse('Updated'),
          201: projectResponse('Created'),
          401: errorResponse(
            'With PROJECT_API_AUTH=required: no credential. Else: the project requires its key in `X-Log-Center-Key`, and none was sent',
          ),
          403: errorResponse(
            'A set field would change without ADMIN (`details` names it), a wrong key, or MAX_PROJECTS reached',
          ),
          404: errorResponse('Malformed project id, or an unknown project while AUTO_CREATE_PROJECTS=false'),
          429: errorResponse('More new projects a minute than AUTO_CREATE_PROJECTS_PER_MINUTE'),
          422: errorResponse('A field breaks the schema'),
        },
      },
    },
    '/api/v1/auth/login': {
      post: {
        tags: ['Access'],
        summary: 'Sign in: sets the `lc_session` cookie (HttpOnly, SameSite=Lax, 14 days)',
        requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(loginSchema) } } },
        responses: {
          200: {
            description: 'Signed in',
            content: { 'application/json': { schema: { type: 'object', properties: { user } } } },
          },
          401: errorResponse('Wrong email or password (or a disabled account)'),
          429: errorResponse(
            'Five failed sign-ins in a minute from this address or for this account (see `Retry-After`)',
          ),
        },
      },
    },
    '/api/v1/auth/logout': {
      post: {
        tags: ['Access'],
        summary: 'Sign out: ends the session on the server and clears the cookie',
        responses: { 200: { description: 'Signed out' } },
      },
    },
    '/api/v1/auth/me': {
      get: {
        tags: ['Access'],
        summary: 'Who is asking: the session’s or the token’s user, with the scopes in effect',
        security: signedIn,
        responses: {
          200: {
            description: 'The user',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    user,
                    scopes: { type: 'array', items: { type: 'string', enum: ['admin', 'agent', 'read', 'triage'] } },
                    via: { type: 'string', enum: ['session', 'token'] },
                  },
                },
              },
            },
          },
          401: errorResponse('Not signed in'),
        },
      },
    },
    '/healthz': {
      get: {
        tags: ['Operations'],
        summary: 'Liveness: the process answers',
        responses: { 200: { description: 'Alive' } },
      },
    },
    '/readyz': {
      get: {
        tags: ['Operations'],
        summary: 'Readiness: the database answers, reports are not backed up, and the server is not shutting down',
        responses: {
          200: { description: 'Ready for traffic' },
          503: errorResponse('Not ready (with Retry-After): the reason is in the message'),
        },
      },
    },
  },
};

export async function registerDocs(app: FastifyInstance) {
  await app.register(swagger, { mode: 'static', specification: { document: openApiDocument as never } });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    theme: { title: 'Log Center REST API' },
    uiConfig: { validatorUrl: null, deepLinking: true, defaultModelsExpandDepth: 0 } as never,
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => openApiDocument);
}
