# syntax=docker/dockerfile:1
# wexa-graph: the GraphQL gateway over the Wexa AI REST API, as a container image.
#
#   docker build -t wexa-graph .            (or scripts/build-image.sh, with podman)
#   docker run -p 4000:4000 -e WEXA_API_URL=https://api.wexa.ai --read-only -v wexa-data:/data wexa-graph
#
# The same image runs the demo Wexa simulator: `node dist/simulator/main.js` (see deploy/compose.yaml).
# docs/operations.md ("Running it") says how to run it with compose and on Kubernetes.

ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: dependencies (better-sqlite3 compiled for this image), TypeScript → dist/, dev deps pruned
FROM ${NODE_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# node-gyp builds native addons against the headers the image ships (no header download).
ENV npm_config_nodedir=/usr/local \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build \
 && npm prune --omit=dev \
 && node -e "require('better-sqlite3')(':memory:').prepare('select 1').get()" \
 && test -f dist/main.js && test -f dist/cluster.js && test -f dist/simulator/main.js

# ---- runtime: node, the compiled gateway and its production dependencies; nothing else
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# DATA_DIR is the only place the gateway writes (SQLite dashboards, the generated secret): a volume
# owned by the unprivileged user; run with a read-only root filesystem (--read-only, readOnlyRootFilesystem).
RUN mkdir -p /data && chown 1000:1000 /data && chmod 700 /data
VOLUME ["/data"]
# The official image's `node` user, by number so that Kubernetes' runAsNonRoot can check it.
USER 1000:1000
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node is PID 1 and handles SIGTERM itself (graceful drain within SHUTDOWN_TIMEOUT_MS): no npm, no shell.
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
