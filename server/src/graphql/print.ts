import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './schema.ts';
import { inProject } from '../paths.ts';

export const schemaFile = inProject('schema.graphql');

export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
