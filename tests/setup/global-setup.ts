// Once per test run: PostgreSQL and Redis on free ports, and a template database with the
// migrations applied, from which every test file gets its own clean database.
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { requireBinaries } from './binaries.ts';
import { startPostgres, startRedis } from './servers.ts';
import { openDatabase } from '../../server/src/db/client.ts';
import { TEMPLATE_DB } from '../helpers/database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgBin: string;
    /** postgresql://… URL of the cluster, without a database name. */
    pgServer: string;
    redisUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const { pgBin, redisServer } = requireBinaries();
  const [postgres, redis] = await Promise.all([startPostgres(pgBin), startRedis(redisServer)]);
  try {
    const admin = new pg.Client({ connectionString: postgres.url('postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
    await admin.end();
    const db = await openDatabase({ kind: 'postgres', url: postgres.url(TEMPLATE_DB), poolSize: 2 });
    await db.migrate();
    await db.close();
  } catch (err) {
    postgres.stop();
    redis.stop();
    throw err;
  }
  project.provide('pgBin', pgBin);
  project.provide('pgServer', postgres.url('').replace(/\/$/, ''));
  project.provide('redisUrl', redis.url);
  return () => {
    redis.stop();
    postgres.stop();
  };
}
