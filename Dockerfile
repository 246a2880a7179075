# One image for the four apps; APP picks which one runs (gateway, ingest, dispatcher, worker).
# The apps run from source through @swc-node/register, exactly as `npm start` and the tests run them,
# so the image runs the code that was tested.

# The web console is built with the development dependencies (Vite, Preact); only its output,
# static files the gateway serves, goes into the image.
FROM node:20-bookworm-slim AS console
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.json .swcrc ./
COPY apps/console ./apps/console
COPY libs/events/src/event-types.ts ./libs/events/src/event-types.ts
COPY tools/console ./tools/console
RUN npm run build:console

FROM node:20-bookworm-slim

WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# npm ci's postinstall applies these to node_modules (patch-package).
COPY patches ./patches
# @swc/core is needed at run time (it compiles the TypeScript sources on load).
RUN npm ci --no-audit --no-fund && npm cache clean --force
COPY tsconfig.base.json tsconfig.json .swcrc ./
COPY apps ./apps
COPY libs ./libs
COPY --from=console /app/dist/console ./dist/console

USER node
ENV APP=gateway
# exec replaces the shell, so the SIGTERM of `docker stop` or Kubernetes reaches node (graceful shutdown).
CMD ["sh", "-c", "exec node -r @swc-node/register apps/${APP}/src/main.ts"]
