# One image for the four apps; APP picks which one runs (gateway, ingest, dispatcher, worker).
# The apps run as the JavaScript `npm run build` compiles into dist/ — the code `npm run bench`
# measures — not TypeScript compiled at start, which cost each app memory and start-up CPU.

# Everything is built with the development dependencies (TypeScript, Vite, Preact); only dist/
# goes into the image: the apps, and the web console's static files the gateway serves.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci's postinstall applies these to node_modules (patch-package).
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.json tsconfig.build.json .swcrc ./
COPY apps ./apps
COPY libs ./libs
COPY tools ./tools
RUN npm run build

FROM node:20-bookworm-slim

WORKDIR /app
ENV NODE_ENV=production
# The apps' memory settings are libs/util/src/app-memory-settings.ts (its spec checks them here).
ENV MALLOC_ARENA_MAX=2
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist

USER node
ENV APP=gateway
# exec replaces the shell, so the SIGTERM of `docker stop` or Kubernetes reaches node (graceful shutdown).
# The worker's flags differ from the other apps' (app-memory-settings.ts).
CMD ["sh", "-c", "case $APP in worker) FLAGS='--max-semi-space-size=16 --max-old-space-size=384 --heap-growing-percent=30';; *) FLAGS='--max-semi-space-size=16 --max-old-space-size=384 --heap-growing-percent=70';; esac; exec node $FLAGS dist/apps/${APP}/src/main.js"]
