# Log Center server image. Build: docker build -t logcenter .

# Build stage: everything, to build the dashboard.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY web ./web
RUN npm ci
COPY . .
RUN npm run build:web && npm run build:server

# Runtime: production dependencies, the server (bundled, and its sources) and the built dashboard.
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    PORT=8002 \
    WEB_PORT=8003 \
    DATA_DIR=/data
COPY package.json package-lock.json ./
COPY scripts/prisma-generate.js scripts/server-bundle.js scripts/node-flags.js ./scripts/
COPY prisma ./prisma
# Install scripts would also prepare the dashboard's sources, which the image does not
# need: generate the Prisma client only.
RUN npm ci --omit=dev --ignore-scripts && node scripts/prisma-generate.js && npm cache clean --force
COPY bin ./bin
COPY server ./server
COPY agents ./agents
COPY tools ./tools
COPY tsconfig.json ./
COPY --from=build /app/web/build ./web/build
COPY --from=build /app/server/dist ./server/dist
# The embedded database's template (a pristine data directory), made once here so that a
# container's first start copies it instead of running initdb (~550 MB for three seconds).
RUN node --liftoff-only server/dist/make-pglite-template.js

# Only used without DATABASE_URL (embedded database).
VOLUME ["/data"]
EXPOSE 8002 8003
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8002)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

USER node
CMD ["node", "bin/logcenter.js", "start"]
