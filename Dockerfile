# syntax=docker/dockerfile:1.7
# One builder for every service's image (k8s/README.md, "Images"):
#   docker build --target node-service --build-arg SERVICE=gateway -t ghcr.io/auction-mesh/gateway:0.1.0 .
#   docker build --target audit -t ghcr.io/auction-mesh/audit:0.1.0 .
# Each image holds the repository's layout under /app, so the manifest's commands and relative
# paths (auction-mesh.yaml) run unchanged; `npm run mesh -- k8s` lints this file.

ARG NODE_IMAGE=node:20.20.2-bookworm-slim
ARG GO_IMAGE=golang:1.26.8-bookworm
ARG STATIC_IMAGE=gcr.io/distroless/static-debian12:nonroot

# Builds every TypeScript workspace, then keeps only what SERVICE needs at run time.
FROM ${NODE_IMAGE} AS node-build
WORKDIR /app
ENV TURBO_TELEMETRY_DISABLED=1 CI=true
COPY . .
RUN npm ci --no-audit --no-fund \
 && npx turbo run build --filter="./mesh/*" --filter="./apps/*" --filter="!@auction-mesh/audit" --output-logs=errors-only
ARG SERVICE
RUN test -f "apps/${SERVICE}/dist/main.js" || { echo "SERVICE must name a TypeScript service under apps/ (got '${SERVICE}')" >&2; exit 1; } \
 && rm -rf node_modules \
 && npm ci --omit=dev --workspace "apps/${SERVICE}" --no-audit --no-fund \
 && npm cache clean --force

# A TypeScript service: node, its production dependencies, the shared packages and its dist.
FROM ${NODE_IMAGE} AS node-service
ARG SERVICE
WORKDIR /app
ENV NODE_ENV=production SERVICE=${SERVICE}
COPY --from=node-build /app/package.json ./
COPY --from=node-build /app/node_modules ./node_modules
COPY --from=node-build /app/mesh ./mesh
COPY --from=node-build /app/apps/${SERVICE} ./apps/${SERVICE}
# The gateway serves the bidder web app; the others never read it.
COPY --from=node-build /app/apps/web/dist ./apps/web/dist
USER 10001:10001
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.APP_PORT + '/healthz/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["sh", "-c", "exec node apps/${SERVICE}/dist/main.js"]

FROM ${GO_IMAGE} AS audit-build
WORKDIR /src
COPY apps/audit/go.mod apps/audit/go.sum ./
RUN go mod download
COPY apps/audit/cmd ./cmd
COPY apps/audit/internal ./internal
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/audit ./cmd/audit

# The Go service: its static binary and the JSON Schemas it checks messages against.
FROM ${STATIC_IMAGE} AS audit
WORKDIR /app
COPY --from=audit-build /out/audit ./apps/audit/bin/audit
COPY mesh/contracts/schemas ./mesh/contracts/schemas
ENV AUDIT_SCHEMAS_DIR=mesh/contracts/schemas
USER 10001:10001
# No shell or curl in the image: the binary probes itself.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 CMD ["/app/apps/audit/bin/audit", "healthcheck"]
CMD ["/app/apps/audit/bin/audit"]
