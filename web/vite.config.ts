import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// `npm run dev`: hot reload on http://localhost:5173 against a running API (API_URL,
// default http://localhost:8002), GraphQL and its WebSocket proxied. Without the server's
// /config.json the dashboard assumes the API on port 8002 of the same host.
const api = process.env.API_URL ?? 'http://localhost:8002';

export default defineConfig({
  plugins: [sveltekit()],
  // Rolldown's per-plugin timing report is noise in every build.
  build: { rolldownOptions: { checks: { pluginTimings: false } } },
  server: {
    proxy: {
      '/graphql': { target: api, ws: true, changeOrigin: true },
    },
  },
});
