# One image for both payrelay processes: `npm run start:web` (the default) or `npm run start:worker`.
# docs/deployment.md explains the environment; compose.yaml runs it with MariaDB and Redis.
FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    # alipay-sdk stamps requests in the process time zone; Alipay expects Beijing time.
    TZ=Asia/Shanghai \
    PORT=3000

WORKDIR /app
RUN chown node:node /app
USER node

# Dependencies first, so a source change does not reinstall them. Dev dependencies stay: tsx runs
# the start scripts and the worker.
COPY --chown=node:node package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --include=dev && npm cache clean --force

COPY --chown=node:node . .
# Built now, stamped with its sources' hash, so start:web does not build again at run time.
RUN npm run build

EXPOSE 3000 9464
CMD ["npm", "run", "start:web"]
