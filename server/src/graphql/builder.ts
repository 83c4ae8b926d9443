// The schema builder: plugins, context and scalars. Types live in one module per domain.
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ErrorsPlugin from '@pothos/plugin-errors';
import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';
import type PrismaTypes from '../generated/pothos-types.ts';
import { getDatamodel } from '../generated/pothos-types.ts';
import type { Context } from './context.ts';

export const builder = new SchemaBuilder<{
  PrismaTypes: PrismaTypes;
  Context: Context;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  plugins: [ErrorsPlugin, RelayPlugin, PrismaPlugin],
  defaultFieldNullability: false,
  prisma: {
    // Each server (and each test) has its own database, so the client comes with the request.
    client: (ctx) => ctx.core.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'warn',
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
  errors: {
    defaultTypes: [],
    directResult: true,
  },
});

builder.addScalarType('DateTime', GraphQLDateTime, {
  description: 'An ISO 8601 date-time in UTC, e.g. 2026-01-30T10:30:00.000Z.',
  // Milliseconds since the epoch too, as variables: clients have sent them since the first release.
  parseValue: (value) => GraphQLDateTime.parseValue(typeof value === 'number' ? new Date(value) : value),
});

builder.addScalarType('JSON', GraphQLJSON, { description: 'Any JSON value.' });

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
