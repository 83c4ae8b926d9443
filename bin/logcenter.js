#!/usr/bin/env node
// Entry point of the `logcenter` command; the sources are TypeScript, run through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../server/src/cli.ts');
