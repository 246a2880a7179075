# One image for the four apps; APP picks which one runs (gateway, ingest, dispatcher, worker).
# The apps run from source through @swc-node/register, exactly as `npm start` and the tests run them,
# so the image runs the code that was tested.
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

USER node
ENV APP=gateway
# exec replaces the shell, so the SIGTERM of `docker stop` or Kubernetes reaches node (graceful shutdown).
CMD ["sh", "-c", "exec node -r @swc-node/register apps/${APP}/src/main.ts"]
