# syntax=docker/dockerfile:1
# The bot's image: the gateway bot by default (npm start), or the HTTP endpoint with
# `docker run … node … dist/serve.js` (compose.yaml has both, as profiles). README: "Container".
#
# Two stages. `build` installs every dependency and bundles the commands into dist/ (npm run
# build); the runtime stage installs the runtime dependencies only and takes dist/ from it, so no
# compiler, test tool or TypeScript source is in the image. Every RUN below is a command that
# test/e2e/production-install.test.ts runs in the same order (test/e2e/dockerfile.test.ts
# compares them), so the install the tests prove is the one the image makes; the one exception is
# the state directory's owner, which a test running as an ordinary user cannot set.
#
# No secret is baked in: DISCORD_TOKEN and the rest come from the environment at run time
# (`docker run --env-file .env`, or compose's env_file).

ARG NODE_IMAGE=node:20-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund
COPY scripts ./scripts
# The font /timeline's chart is drawn with (system fonts are never used): found beside dist/.
COPY assets ./assets
COPY --from=build /app/dist ./dist
# The two directories the bot writes: the fact files (moderators change them from Discord; the
# watcher reloads them) and its state. Owned by the image's unprivileged `node` user (uid 1000),
# which runs the bot; a named volume mounted there starts as a copy, ownership included.
COPY --chown=node:node data ./data
RUN install -d -o node -g node state
ENV DATA_DIR=/app/data \
    STATE_DIR=/app/state \
    METRICS_PORT=9464
VOLUME ["/app/data", "/app/state"]
USER node
# /livez answers as long as the process runs (the bot's metrics server, on 127.0.0.1 inside the
# container unless METRICS_HOST says otherwise); node itself asks, as the slim image has no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.METRICS_PORT||9464)+'/livez').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node itself, not npm: signals reach the bot, which finishes the answers in flight on SIGTERM.
# The flags are `npm start`'s (package.json; dockerfile.test.ts checks they agree).
CMD ["node", "--enable-source-maps", "--max-semi-space-size=8", "--v8-pool-size=1", "--expose-gc", "dist/start.js"]
