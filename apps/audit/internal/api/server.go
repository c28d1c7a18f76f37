package api

import (
	"fmt"
	"net/http"
	"time"

	"github.com/dapr/go-sdk/service/common"
	daprhttp "github.com/dapr/go-sdk/service/http"
	"github.com/go-chi/chi/v5"
)

// Parts are what the routes serve.
type Parts struct {
	Recorder *Recorder
	Trail    http.HandlerFunc
	Health   Health
	Metrics  *Metrics
	AppToken string
}

// NewServer routes every path. Topic deliveries go through the SDK's handler, which reads the
// CloudEvent and answers SUCCESS, RETRY or DROP; the subscriptions themselves are declared in
// dapr/subscriptions/audit-*.yaml (the SDK's /dapr/subscribe list is not served, so nothing is
// subscribed twice). Every request but the scrape is timed by its route pattern; /metrics and
// the health probes are open without the app token.
func NewServer(port int, p Parts) (*http.Server, error) {
	handler, err := Routes(p)
	if err != nil {
		return nil, err
	}
	return &http.Server{
		Addr:              fmt.Sprintf("127.0.0.1:%d", port),
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		// Longer than daprd's idle app connections (90 s): the sidecar, not the app, closes an
		// idle one, so it never sends a request on a connection the app has just closed.
		IdleTimeout: 95 * time.Second,
	}, nil
}

// Routes is the server's handler: timing, then the app token check, then the routes.
func Routes(p Parts) (http.Handler, error) {
	mux := chi.NewRouter()
	mux.Use(RoutePatterns)
	mux.Get(LivePath, p.Health.Live)
	mux.Get(ReadyPath, p.Health.Ready)
	mux.Method(http.MethodGet, MetricsPath, p.Metrics.Handler())
	mux.Post(TrailRoute, p.Trail)
	deliveries := daprhttp.NewServiceWithMux("", mux)
	for topic, route := range EventRoutes {
		sub := &common.Subscription{PubsubName: EventsPubsub, Topic: topic, Route: route}
		if err := deliveries.AddTopicEventHandler(sub, p.Recorder.Handler(topic)); err != nil {
			return nil, fmt.Errorf("route %s: %w", route, err)
		}
	}
	mux.NotFound(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "ROUTE_NOT_FOUND", fmt.Sprintf("No route for %s %s", r.Method, r.URL.Path))
	})
	return p.Metrics.TimeRequests(RequireAppToken(p.AppToken, mux)), nil
}
