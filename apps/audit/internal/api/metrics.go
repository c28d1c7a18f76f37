package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"auction-mesh/audit/internal/facts"
)

// UnmatchedRoute is the route label of a request no route answered (a 404, a token refusal).
const UnmatchedRoute = "unmatched"

// Why a delivered message was dropped (audit_messages_dropped_total's reason).
const (
	DropContract   = "contract"
	DropUnreadable = "unreadable"
)

// What the store failed at (audit_store_failures_total's operation).
const (
	OpAppend = "append"
	OpTrail  = "trail"
)

// What verifying a chain found (audit_chain_verifications_total's result).
const (
	ChainIntact = "intact"
	ChainBroken = "broken"
)

// Metrics are audit's Prometheus metrics, in a registry of its own (never the global default,
// which every test in a process would share), every series labelled service: Go's runtime and
// process metrics, the request durations by route pattern, and what the adapters counted. The
// rules (chain, facts) know nothing of them.
type Metrics struct {
	registry        *prometheus.Registry
	requestDuration *prometheus.HistogramVec
	factsRecorded   *prometheus.CounterVec
	factsDuplicate  *prometheus.CounterVec
	messagesDropped *prometheus.CounterVec
	storeFailures   *prometheus.CounterVec
	verifications   *prometheus.CounterVec
}

// NewMetrics registers every metric, labelled service, each known label value starting at 0
// (a rate over what has not happened yet is 0 rather than absent).
func NewMetrics(service string) *Metrics {
	registry := prometheus.NewRegistry()
	reg := prometheus.WrapRegistererWith(prometheus.Labels{"service": service}, registry)
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	factory := func(name, help string, labels ...string) *prometheus.CounterVec {
		c := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
		reg.MustRegister(c)
		return c
	}
	m := &Metrics{
		registry: registry,
		requestDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "http_server_request_duration_seconds",
			Help: "Time from a request's arrival to its response, by method, route pattern and status class (2xx, 4xx, 5xx).",
			// 5 ms to 10 s, as the TypeScript services' REQUEST_DURATION_BUCKETS.
			Buckets: prometheus.DefBuckets,
		}, []string{"method", "route", "status_class"}),
		factsRecorded:   factory("audit_facts_recorded_total", "Facts appended to their auction's chain as new entries, by topic.", "topic"),
		factsDuplicate:  factory("audit_facts_duplicate_total", "Facts delivered again that were already in their auction's chain (or repeated in one message), skipped, by topic.", "topic"),
		messagesDropped: factory("audit_messages_dropped_total", "Delivered messages dropped to deadletters.audit, by topic and reason (contract: breaks its schema; unreadable: no facts could be read).", "topic", "reason"),
		storeFailures:   factory("audit_store_failures_total", "Calls to the audit state store that failed, by operation (append: a delivery, retried; trail: a trail query, answered 503).", "operation"),
		verifications:   factory("audit_chain_verifications_total", "Chains verified again from their first entry for a trail query, by result (intact, broken).", "result"),
	}
	reg.MustRegister(m.requestDuration)
	for _, topic := range facts.Topics {
		m.factsRecorded.WithLabelValues(topic)
		m.factsDuplicate.WithLabelValues(topic)
		m.messagesDropped.WithLabelValues(topic, DropContract)
		m.messagesDropped.WithLabelValues(topic, DropUnreadable)
	}
	m.storeFailures.WithLabelValues(OpAppend)
	m.storeFailures.WithLabelValues(OpTrail)
	m.verifications.WithLabelValues(ChainIntact)
	m.verifications.WithLabelValues(ChainBroken)
	return m
}

// Registry is where the metrics are gathered from (for tests and diagnostics: Prometheus reads
// Handler).
func (m *Metrics) Registry() *prometheus.Registry { return m.registry }

// Handler serves GET /metrics: every metric, in the text exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// Recorded counts one successful append of found facts of topic, added of them new.
func (m *Metrics) Recorded(topic string, found, added int) {
	m.factsRecorded.WithLabelValues(topic).Add(float64(added))
	m.factsDuplicate.WithLabelValues(topic).Add(float64(found - added))
}

// Dropped counts a message of topic dropped for reason (DropContract, DropUnreadable).
func (m *Metrics) Dropped(topic, reason string) {
	m.messagesDropped.WithLabelValues(topic, reason).Inc()
}

// StoreFailed counts a failed store operation (OpAppend, OpTrail).
func (m *Metrics) StoreFailed(operation string) {
	m.storeFailures.WithLabelValues(operation).Inc()
}

// Verified counts a chain verified for a trail query.
func (m *Metrics) Verified(intact bool) {
	result := ChainIntact
	if !intact {
		result = ChainBroken
	}
	m.verifications.WithLabelValues(result).Inc()
}

// routeKey holds, in a request's context, where RoutePatterns writes the pattern chi matched.
type routeKey struct{}

// TimeRequests times every request but the scrape itself, by method, route pattern and status
// class. It wraps everything, the app token check included, so a refusal is counted (as
// UnmatchedRoute); the pattern comes from RoutePatterns inside the router.
func (m *Metrics) TimeRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == MetricsPath {
			next.ServeHTTP(w, r)
			return
		}
		start := time.Now()
		route := UnmatchedRoute
		status := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(status, r.WithContext(context.WithValue(r.Context(), routeKey{}, &route)))
		m.requestDuration.
			WithLabelValues(knownMethod(r.Method), route, strconv.Itoa(status.code()/100)+"xx").
			Observe(time.Since(start).Seconds())
	})
}

// RoutePatterns is chi middleware (mounted before every route) that hands the pattern of the
// route that answered (/events/auction, /audit/trail: never the URL) to TimeRequests. chi knows
// it only once routed, and recycles its routing context when its ServeHTTP returns, so it is
// read here, right after the route ran.
func RoutePatterns(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		route, _ := r.Context().Value(routeKey{}).(*string)
		if route == nil {
			return
		}
		if rctx := chi.RouteContext(r.Context()); rctx != nil && rctx.RoutePattern() != "" {
			*route = rctx.RoutePattern()
		}
	})
}

// statusWriter remembers the status a handler answered (200 when it wrote without one).
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(status int) {
	if s.status == 0 && status >= http.StatusOK {
		s.status = status
	}
	s.ResponseWriter.WriteHeader(status)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's writer (flush, deadlines).
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func (s *statusWriter) code() int {
	if s.status == 0 {
		return http.StatusOK
	}
	return s.status
}

// knownMethod keeps the method label to the standard methods: Go's server takes any token as a
// method, and each new one would be a new series.
func knownMethod(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
		return method
	}
	return "OTHER"
}
