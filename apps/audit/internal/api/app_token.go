package api

import (
	"crypto/subtle"
	"net/http"
	"strings"
)

// RequireAppToken refuses every call that does not carry the sidecar's app token
// (dapr-api-token), health probes and the metrics scrape apart (the runner probes health and
// Prometheus scrapes the app directly, neither through the sidecar): only the app's own sidecar
// may deliver events or invoke it. The SDK checks it on invocation handlers only, not on topic
// deliveries.
func RequireAppToken(token string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token == "" || strings.HasPrefix(r.URL.Path, "/healthz/") || r.URL.Path == MetricsPath {
			next.ServeHTTP(w, r)
			return
		}
		presented := r.Header.Get("dapr-api-token")
		if presented == "" {
			writeError(w, http.StatusUnauthorized, "APP_TOKEN_MISSING", "Calls to this app must come through its Dapr sidecar (dapr-api-token)")
			return
		}
		if subtle.ConstantTimeCompare([]byte(presented), []byte(token)) != 1 {
			writeError(w, http.StatusUnauthorized, "APP_TOKEN_INVALID", "Calls to this app must come through its Dapr sidecar (dapr-api-token)")
			return
		}
		next.ServeHTTP(w, r)
	})
}
