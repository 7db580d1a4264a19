# One image for both apps; docker-compose.yml picks the entry point (pipeline or api) with `command`.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are copied.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
# register-aliases.js resolves the @contact-cost/* paths of tsconfig.json against dist/.
COPY tsconfig.json ./
COPY scripts/register-aliases.js scripts/
COPY --from=build /app/dist dist/
USER node
CMD ["node", "-r", "./scripts/register-aliases.js", "dist/apps/pipeline/src/main.js"]
