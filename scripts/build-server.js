// Builds server/dist (scripts/server-bundle.js) unless it is newer than the sources.
import { buildBundle, bundleIsFresh } from './server-bundle.js';

if (!bundleIsFresh() || process.argv.includes('--force')) {
  await buildBundle();
  console.log('built the server bundle (server/dist)');
}
