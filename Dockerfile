# Log Center server image. Build: docker build -t logcenter .
FROM node:20-bookworm-slim

WORKDIR /app
ENV NODE_ENV=production \
    PORT=8002 \
    DATA_DIR=/data

# Dependencies first (cached while only the sources change); postinstall generates the
# Prisma client, so it needs the schema and the script.
COPY package.json package-lock.json ./
COPY scripts/prisma-generate.js ./scripts/
COPY prisma ./prisma
RUN npm ci --omit=dev && npm cache clean --force

COPY bin ./bin
COPY server ./server
COPY tsconfig.json ./

# Only used without DATABASE_URL (embedded database).
VOLUME ["/data"]
EXPOSE 8002
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8002)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

USER node
CMD ["node", "bin/logcenter.js", "start"]
