package api

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"auction-mesh/audit/internal/chain"
	"auction-mesh/audit/internal/store"
)

// sample sums one sample (a counter, or a histogram's count) over the series whose labels
// include labels; every series must carry service="audit".
func sample(t *testing.T, m *Metrics, name string, labels map[string]string) float64 {
	t.Helper()
	families, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	total := 0.0
	for _, f := range families {
		for _, s := range f.GetMetric() {
			got := map[string]string{}
			for _, l := range s.GetLabel() {
				got[l.GetName()] = l.GetValue()
			}
			if got["service"] != "audit" {
				t.Errorf("%s%v has no service=\"audit\"", f.GetName(), got)
			}
			if f.GetName() != name {
				continue
			}
			match := true
			for k, want := range labels {
				match = match && got[k] == want
			}
			if !match {
				continue
			}
			switch {
			case s.GetCounter() != nil:
				total += s.GetCounter().GetValue()
			case s.GetHistogram() != nil:
				total += float64(s.GetHistogram().GetSampleCount())
			}
		}
	}
	return total
}

// chainOf remembers the facts appended, as the store does: a fact already there is not new.
type chainOf map[string]bool

func (c chainOf) Append(_ context.Context, auction string, facts []chain.Fact, _ string) (int, error) {
	added := 0
	for _, f := range facts {
		if key := auction + "/" + f.FactID; !c[key] {
			c[key] = true
			added++
		}
	}
	return added, nil
}

// app is the whole HTTP surface, as NewServer serves it, with the app token "secret".
func app(t *testing.T, m *Metrics, facts Appender, reader TrailReader) http.Handler {
	t.Helper()
	h, err := Routes(Parts{
		Recorder: &Recorder{Validator: validator(t), Store: facts, Log: quiet, Now: time.Now, Metrics: m},
		Trail:    TrailHandler(validator(t), reader, quiet, m),
		Health:   Health{Connected: &atomic.Bool{}, ShuttingDown: &atomic.Bool{}},
		Metrics:  m,
		AppToken: "secret",
	})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func call(h http.Handler, method, path, token, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("dapr-api-token", token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func intactTrail() *trails {
	return &trails{t: store.Trail{Head: chain.Genesis, Entries: []chain.Entry{}, Verification: chain.NewVerifier().Result(chain.Genesis)}}
}

func TestMetricsAreServedWithoutTheTokenInTheExpositionFormat(t *testing.T) {
	m := NewMetrics("audit")
	h := app(t, m, chainOf{}, intactTrail())
	res := call(h, http.MethodGet, MetricsPath, "", "")
	if res.Code != http.StatusOK || !strings.HasPrefix(res.Header().Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("%d %q: %s", res.Code, res.Header().Get("Content-Type"), res.Body)
	}
	for _, want := range []string{
		"# TYPE audit_facts_recorded_total counter",
		`audit_facts_recorded_total{service="audit",topic="auction.events"} 0`,
		`audit_facts_duplicate_total{service="audit",topic="settlement.events"} 0`,
		`audit_messages_dropped_total{reason="unreadable",service="audit",topic="catalogue.lifecycle"} 0`,
		`audit_store_failures_total{operation="trail",service="audit"} 0`,
		`audit_chain_verifications_total{result="broken",service="audit"} 0`,
		`go_goroutines{service="audit"}`,
		`process_cpu_seconds_total{service="audit"}`,
	} {
		if !strings.Contains(res.Body.String(), want) {
			t.Errorf("no %s in\n%s", want, res.Body)
		}
	}
	// Everything else still needs the token; the health probes do not.
	for _, c := range []struct {
		method, path string
		want         int
	}{
		{http.MethodPost, TrailRoute, http.StatusUnauthorized},
		{http.MethodPost, EventRoutes["catalogue.lifecycle"], http.StatusUnauthorized},
		{http.MethodGet, LivePath, http.StatusOK},
	} {
		if res := call(h, c.method, c.path, "", `{"auctionId":"a1"}`); res.Code != c.want {
			t.Errorf("%s %s without the token: %d, want %d", c.method, c.path, res.Code, c.want)
		}
	}
	// The scrape is not timed.
	call(h, http.MethodGet, MetricsPath, "", "")
	if n := sample(t, m, "http_server_request_duration_seconds", map[string]string{"method": http.MethodGet, "route": MetricsPath}); n != 0 {
		t.Fatalf("the scrape was counted %v times", n)
	}
}

func TestADeliveryCountsNewFactsAndARedeliveryDuplicates(t *testing.T) {
	m, facts := NewMetrics("audit"), chainOf{}
	topic := map[string]string{"topic": "catalogue.lifecycle"}
	for i, want := range []struct{ recorded, duplicate float64 }{{1, 0}, {1, 1}} {
		if retry, err := deliverCounted(t, facts, m, started); err != nil || retry {
			t.Fatalf("delivery %d: retry %v err %v", i+1, retry, err)
		}
		recorded, duplicate := sample(t, m, "audit_facts_recorded_total", topic), sample(t, m, "audit_facts_duplicate_total", topic)
		if recorded != want.recorded || duplicate != want.duplicate {
			t.Fatalf("after delivery %d: recorded %v duplicate %v, want %+v", i+1, recorded, duplicate, want)
		}
	}
	if n := sample(t, m, "audit_facts_recorded_total", map[string]string{"topic": "auction.events"}); n != 0 {
		t.Fatalf("another topic counted %v", n)
	}
}

func TestAMessageBreakingItsContractIsCountedAsDropped(t *testing.T) {
	m := NewMetrics("audit")
	if _, err := deliverCounted(t, chainOf{}, m, strings.Replace(started, `"endsAt":"2026-11-28T10:05:00.000Z"`, `"endsAt":"soon"`, 1)); err == nil {
		t.Fatal("a broken message was accepted")
	}
	topic := "catalogue.lifecycle"
	for reason, want := range map[string]float64{DropContract: 1, DropUnreadable: 0} {
		if n := sample(t, m, "audit_messages_dropped_total", map[string]string{"topic": topic, "reason": reason}); n != want {
			t.Errorf("dropped{reason=%q} %v, want %v", reason, n, want)
		}
	}
	if n := sample(t, m, "audit_facts_recorded_total", nil) + sample(t, m, "audit_facts_duplicate_total", nil); n != 0 {
		t.Fatalf("a dropped message counted %v facts", n)
	}
}

func TestStoreFailuresAndVerificationsAreCounted(t *testing.T) {
	m := NewMetrics("audit")
	if retry, _ := deliverCounted(t, &appender{err: errors.New("database is locked")}, m, started); !retry {
		t.Fatal("not retried")
	}
	postTrailCounted(t, &trails{err: errors.New("connection refused")}, m, `{"auctionId":"a1"}`)
	postTrailCounted(t, intactTrail(), m, `{"auctionId":"a1"}`)
	broken := chain.NewVerifier()
	broken.Missing(1)
	postTrailCounted(t, &trails{t: store.Trail{Head: chain.Head{Seq: 1, Hash: chain.Genesis.Hash}, Verification: broken.Result(chain.Head{Seq: 1})}}, m, `{"auctionId":"a1"}`)
	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"audit_store_failures_total", map[string]string{"operation": OpAppend}, 1},
		{"audit_store_failures_total", map[string]string{"operation": OpTrail}, 1},
		{"audit_chain_verifications_total", map[string]string{"result": ChainIntact}, 1},
		{"audit_chain_verifications_total", map[string]string{"result": ChainBroken}, 1},
		{"audit_facts_recorded_total", nil, 0},
	} {
		if n := sample(t, m, c.name, c.labels); n != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, n, c.want)
		}
	}
}

func TestRequestDurationsAreLabelledByRoutePatternNeverTheURL(t *testing.T) {
	m := NewMetrics("audit")
	h := app(t, m, chainOf{}, intactTrail())
	event := `{"specversion":"1.0","id":"e1","source":"catalogue","type":"com.dapr.event.sent","datacontenttype":"application/json","data":` + started + `}`
	for _, c := range []struct {
		method, path, token, body string
		want                      int
	}{
		{http.MethodPost, EventRoutes["catalogue.lifecycle"], "secret", event, http.StatusOK},
		{http.MethodPost, TrailRoute, "secret", `{"auctionId":"a1"}`, http.StatusOK},
		{http.MethodPost, TrailRoute + "/a1", "secret", "", http.StatusNotFound},
		{http.MethodPost, EventRoutes["catalogue.lifecycle"], "", event, http.StatusUnauthorized},
		{http.MethodGet, MetricsPath, "", "", http.StatusOK},
	} {
		if res := call(h, c.method, c.path, c.token, c.body); res.Code != c.want {
			t.Fatalf("%s %s: %d, want %d: %s", c.method, c.path, res.Code, c.want, res.Body)
		}
	}
	if n := sample(t, m, "audit_facts_recorded_total", map[string]string{"topic": "catalogue.lifecycle"}); n != 1 {
		t.Fatalf("the delivery recorded %v facts", n)
	}
	families, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, f := range families {
		if f.GetName() != "http_server_request_duration_seconds" {
			continue
		}
		for _, s := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range s.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			got = append(got, labels["method"]+" "+labels["route"]+" "+labels["status_class"]+" "+
				strings.Repeat("|", int(s.GetHistogram().GetSampleCount())))
		}
	}
	sort.Strings(got)
	want := []string{"POST /audit/trail 2xx |", "POST /events/lifecycle 2xx |", "POST unmatched 4xx ||"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("series (method route status_class, one | per request):\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// audit's own routes hold no ids; a route that does is labelled by its pattern all the same.
func TestARouteWithAnIdIsLabelledByItsPattern(t *testing.T) {
	m := NewMetrics("audit")
	mux := chi.NewRouter()
	mux.Use(RoutePatterns)
	mux.Get("/auctions/{auctionId}/entries", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	h := m.TimeRequests(mux)
	call(h, http.MethodGet, "/auctions/a1/entries", "", "")
	call(h, http.MethodGet, "/auctions/a2/entries", "", "")
	if n := sample(t, m, "http_server_request_duration_seconds", map[string]string{"method": http.MethodGet, "route": "/auctions/{auctionId}/entries", "status_class": "2xx"}); n != 2 {
		t.Fatalf("%v requests under the pattern", n)
	}
	if n := sample(t, m, "http_server_request_duration_seconds", nil); n != 2 {
		t.Fatalf("%v requests in all", n)
	}
}
