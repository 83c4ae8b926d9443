import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// `npm run dev`: hot reload on http://localhost:5173 against a running API (API_URL,
// default http://localhost:8002), GraphQL, its WebSocket and sign-in proxied. Without the server's
// /config.json the dashboard assumes the API on port 8002 of the same host.
const api = process.env.API_URL ?? 'http://localhost:8002';

export default defineConfig({
  plugins: [sveltekit()],
  // Rolldown's per-plugin timing report is noise in every build.
  build: { rolldownOptions: { checks: { pluginTimings: false } } },
  server: {
    proxy: {
      '/graphql': {
        target: api,
        ws: true,
        changeOrigin: true,
        // The server accepts WebSockets only from its own origin; through this proxy, it is.
        configure: (proxy) => proxy.on('proxyReqWs', (req) => req.setHeader('origin', api)),
      },
      // Signing in: the session cookie is then set for this dev server's origin.
      '/api/v1/auth': { target: api, changeOrigin: true },
    },
  },
});
