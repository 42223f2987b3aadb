# One image for every Stowage process; the command picks api, worker, admin (migrations) or web.
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NX_NO_CLOUD=true NX_DAEMON=false
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Building cli also builds what the API serves at /cli (dist/cli): the bundled stowage.cjs and the
# single executable made from this image's Node.js (cli:bundle, cli:sea), each with its .sha256.
RUN DATABASE_URL=postgresql://build@localhost/build npx prisma generate \
 && npx nx run-many -t build -p api worker admin cli web --outputStyle=static \
 && test -s dist/cli/stowage-linux-x64.sha256 && test -s dist/cli/stowage.cjs.sha256

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# The same process tuning as tools/deploy/server-runtime.env (why: there; a test keeps them equal).
ENV MALLOC_ARENA_MAX=2
# The CLI downloads (/cli) come with dist, below.
ENV CLI_DIST_DIR=/app/dist/cli
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/apps/web ./apps/web
USER node
EXPOSE 3000 3001
CMD ["node", "dist/apps/api/apps/api/src/main.js"]
