// Package api is audit's HTTP surface: the routes its sidecar delivers topics to, the trail
// an admin asks for through the gateway, and health. Thin: the rules are in chain and facts.
package api

import "auction-mesh/audit/internal/facts"

// Routes where the sidecar delivers each topic: the same as dapr/subscriptions/audit-*.yaml and
// AuditEventRoutes in mesh/contracts (a test reads both).
var EventRoutes = map[string]string{
	facts.TopicAuctionEvents:   "/events/auction",
	facts.TopicLifecycle:       "/events/lifecycle",
	facts.TopicSettlementEvent: "/events/settlement",
}

// Route paths (AuditRoutes in mesh/contracts).
const (
	TrailRoute = "/audit/trail"
	LivePath   = "/healthz/live"
	ReadyPath  = "/healthz/ready"
)

// MetricsPath is where Prometheus scrapes audit, on its app port, open without the app token like
// the health probes (MetricsPath of mesh/service-kit, as every TypeScript service).
const MetricsPath = "/metrics"

// EventsPubsub is the pub/sub component the subscriptions name (Components.eventsPubsub).
const EventsPubsub = "pubsub-events"
