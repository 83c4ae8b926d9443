// Route schemas: every REST route declares in zod what it takes (body, params, querystring)
// and what it answers, per status code. Fastify validates requests and serialises responses
// with them, and @fastify/swagger turns the same schemas into the OpenAPI document at /docs
// (http/docs.ts), so the reference cannot drift from the code.
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import fastJson from 'fast-json-stringify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { validate } from '../validation.ts';
import type { ValidationError } from '../errors.ts';
import { HttpError } from './errors.ts';

/** Every error a REST route answers: `details` names each offending field by its path. */
export const errorBodySchema = z.object({
  error: z.string().meta({ example: 'validation_failed' }),
  message: z.string(),
  details: z
    .array(
      z.object({
        path: z.string().meta({ example: 'error.type' }),
        reason: z.string().meta({ example: 'is required' }),
      }),
    )
    .optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** A response of one status code, for a route's `schema.response`. */
export const jsonResponse = <S extends z.ZodType>(description: string, schema: S) => ({
  description,
  content: { 'application/json': { schema } },
});

export const errorResponse = (description: string) => jsonResponse(description, errorBodySchema);

/**
 * For a route whose answers are large and made by the server alone (a page of 500 log
 * lines): its response schemas compiled by fast-json-stringify, which writes the declared
 * fields and no others, instead of zod checking every value first (half of the time of such
 * a page). Handlers' answers are still typed by the schemas.
 */
export function compiledSerializer({ schema }: { schema: unknown }): (data: unknown) => string {
  if (!(schema instanceof z.ZodType)) throw new Error('compiledSerializer takes zod response schemas');
  return fastJson(z.toJSONSchema(schema, { io: 'output', target: 'draft-7' }) as Parameters<typeof fastJson>[0]);
}

/** What the JSON body parser and the validator answer on every route that takes a body. */
const BODY_REFUSALS = {
  400: errorResponse('Body is empty or not JSON'),
  413: errorResponse('Body over its size limit'),
  422: errorResponse('A field breaks the schema (`details` names each)'),
};

type Security = { [scheme: string]: string[] }[];
/** An API token or the dashboard's session (the schemes of http/docs.ts). */
export const SIGNED_IN: Security = [{ token: [] }, { session: [] }];
/** Open by default (PROJECT_API_AUTH=registration); a credential adds to what one may do. */
export const OPEN_OR_SIGNED_IN: Security = [{}, ...SIGNED_IN];

// Fastify hands the validator null both for no body and for the JSON text `null`; a request
// that sent no body gets this in its place, so that only the first is told it sent none.
const NO_BODY = Symbol('no body');

/**
 * Requests are validated as validate() does everywhere else: a ValidationError naming every
 * bad field, which the error handler answers 422; no body at all is 400.
 */
const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    if (data === NO_BODY)
      return { error: new HttpError(400, 'empty_body', 'request body is empty: send a JSON object') };
    try {
      return { value: validate(schema, data) };
    } catch (error) {
      return { error: error as ValidationError };
    }
  };

/**
 * Sets the compilers on a server; routes then register on the typed instance returned. A route
 * registered after this without its responses (nor hidden from the reference, as GraphQL and
 * static files are) fails the start: the reference cannot leave one out. A route with a body
 * gets the body refusals added; its own descriptions of them win.
 */
export function useRouteSchemas(app: FastifyInstance) {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('preValidation', async (req) => {
    if (req.body === undefined && req.routeOptions.schema?.body) req.body = NO_BODY;
  });
  app.addHook('onRoute', (route) => {
    if (route.schema?.hide) return;
    if (!route.schema?.response)
      throw new Error(`${String(route.method)} ${route.url} declares no responses (schema.response)`);
    if (route.schema.body) route.schema.response = { ...BODY_REFUSALS, ...(route.schema.response as object) };
  });
  return app.withTypeProvider<ZodTypeProvider>();
}

export type TypedApp = ReturnType<typeof useRouteSchemas>;
