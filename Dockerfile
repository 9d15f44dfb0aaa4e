# Baton's container image: the backend (server/, run by tsx, a runtime dependency) serving the built SPA from
# STATIC_DIR. Several containers can share one PostgreSQL (docs/deployment.md; deploy/compose.yaml runs three).
#   docker build -t baton .
#   docker run --env-file baton.env -p 3000:3000 baton

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    STATIC_DIR=/app/dist
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY contract ./contract
COPY server ./server
COPY --from=build /app/dist ./dist
# The image's files stay root's; Baton runs as the unprivileged node user and writes nothing there (its data is in
# PostgreSQL; an embedded database would need a volume owned by node).
USER node
EXPOSE 3000
# /healthz answers 503 while the database is unreachable or the instance is draining (SIGTERM).
HEALTHCHECK --interval=10s --timeout=4s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# docker stop sends SIGTERM: Baton drains (webhooks 503, in-flight ones committed, live streams closed) and exits.
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "server/main.ts"]
