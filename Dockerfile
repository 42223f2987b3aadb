# One image for every Stowage process; the command picks api, worker, admin (migrations) or web.
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NX_NO_CLOUD=true NX_DAEMON=false
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN DATABASE_URL=postgresql://build@localhost/build npx prisma generate \
 && npx nx run-many -t build -p api worker admin cli web --outputStyle=static

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# The same process tuning as tools/deploy/server-runtime.env (why: there; a test keeps them equal).
ENV MALLOC_ARENA_MAX=2
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/apps/web ./apps/web
USER node
EXPOSE 3000 3001
CMD ["node", "dist/apps/api/apps/api/src/main.js"]
