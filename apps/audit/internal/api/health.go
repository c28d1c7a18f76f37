package api

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"
)

// Health answers the probes: live while serving; ready once the Dapr client is connected and
// the sidecar's components are loaded, and not while shutting down.
type Health struct {
	DaprHTTPPort int
	Connected    *atomic.Bool
	ShuttingDown *atomic.Bool
}

func (h Health) Live(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "live"})
}

func (h Health) Ready(w http.ResponseWriter, r *http.Request) {
	if h.ShuttingDown.Load() {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "shutting-down", "checks": map[string]any{}})
		return
	}
	checks := map[string]any{"daprClient": check(h.Connected.Load(), "not connected to the sidecar's gRPC API yet")}
	checks["sidecar"] = h.sidecar(r.Context())
	ok := h.Connected.Load() && checks["sidecar"].(map[string]any)["ok"] == true
	status, word := http.StatusOK, "ready"
	if !ok {
		status, word = http.StatusServiceUnavailable, "not-ready"
	}
	writeJSON(w, status, map[string]any{"status": word, "checks": checks})
}

func (h Health) sidecar(ctx context.Context) map[string]any {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	url := fmt.Sprintf("http://127.0.0.1:%d/v1.0/healthz/outbound", h.DaprHTTPPort)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return check(false, "sidecar unreachable: "+err.Error())
	}
	res.Body.Close()
	return check(res.StatusCode < 300, fmt.Sprintf("sidecar outbound health answered %d", res.StatusCode))
}

func check(ok bool, detail string) map[string]any {
	if ok {
		return map[string]any{"ok": true}
	}
	return map[string]any{"ok": false, "detail": detail}
}
