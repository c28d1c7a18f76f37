package api

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dapr/go-sdk/service/common"
	"gopkg.in/yaml.v3"

	"auction-mesh/audit/internal/chain"
	"auction-mesh/audit/internal/schemas"
	"auction-mesh/audit/internal/store"
)

const schemaDir = "../../../../mesh/contracts/schemas"

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func validator(t *testing.T) *schemas.Validator {
	t.Helper()
	v, err := schemas.Load(schemaDir, TrailQuerySchema, TrailSchema, schemas.TopicSchema("catalogue.lifecycle"))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

type trails struct {
	t   store.Trail
	err error
	got struct {
		auction  string
		afterSeq int64
		limit    int
	}
}

func (f *trails) Trail(_ context.Context, auction string, afterSeq int64, limit int) (store.Trail, error) {
	f.got.auction, f.got.afterSeq, f.got.limit = auction, afterSeq, limit
	return f.t, f.err
}

func postTrail(t *testing.T, reader TrailReader, body string) *httptest.ResponseRecorder {
	t.Helper()
	return postTrailCounted(t, reader, NewMetrics("audit"), body)
}

func postTrailCounted(t *testing.T, reader TrailReader, m *Metrics, body string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	TrailHandler(validator(t), reader, quiet, m)(rec, httptest.NewRequest(http.MethodPost, TrailRoute, strings.NewReader(body)))
	return rec
}

func TestTheTrailAnswersItsContractWithDefaults(t *testing.T) {
	entries, head := chain.Link(chain.Genesis, []chain.Fact{{AuctionID: "a1", FactID: "bid-placed:1", Topic: "auction.events", Type: "bid-placed", At: "2026-11-28T10:00:00.000Z", Payload: `{"amount":100}`}}, "2026-11-28T10:00:01Z")
	v := chain.NewVerifier()
	v.Add(entries...)
	reader := &trails{t: store.Trail{Head: head, Entries: entries, Verification: v.Result(head)}}
	res := postTrail(t, reader, `{"auctionId":"a1"}`)
	if res.Code != http.StatusOK {
		t.Fatalf("status %d: %s", res.Code, res.Body)
	}
	if reader.got.afterSeq != 0 || reader.got.limit != 200 {
		t.Fatalf("defaults: %+v", reader.got)
	}
	if err := validator(t).Validate(TrailSchema, res.Body.Bytes()); err != nil {
		t.Fatalf("the answer breaks api/audit-trail.json: %v\n%s", err, res.Body)
	}
	if !strings.Contains(res.Body.String(), `"payload":{"amount":100}`) {
		t.Fatalf("payload is not the event's JSON: %s", res.Body)
	}
}

func TestBadTrailQueriesAreRefusedWithACode(t *testing.T) {
	for body, code := range map[string]string{
		`{`:                                   "MALFORMED_JSON",
		`{}`:                                  "VALIDATION_FAILED",
		`{"auctionId":"a/b"}`:                 "VALIDATION_FAILED",
		`{"auctionId":"a1","limit":501}`:      "VALIDATION_FAILED",
		`{"auctionId":"a1","afterSeq":-1}`:    "VALIDATION_FAILED",
		`{"auctionId":"a1","afterSeq":1.5}`:   "VALIDATION_FAILED",
		`{"auctionId":"a1","extra":true}`:     "VALIDATION_FAILED",
		`{"auctionId":"a1","limit":"twenty"}`: "VALIDATION_FAILED",
	} {
		res := postTrail(t, &trails{}, body)
		if res.Code != http.StatusBadRequest || !strings.Contains(res.Body.String(), `"code":"`+code+`"`) {
			t.Errorf("%s: %d %s", body, res.Code, res.Body)
		}
	}
}

func TestAStoreFailureIsA503(t *testing.T) {
	res := postTrail(t, &trails{err: errors.New("connection refused")}, `{"auctionId":"a1"}`)
	if res.Code != http.StatusServiceUnavailable || !strings.Contains(res.Body.String(), "AUDIT_STORE_UNAVAILABLE") {
		t.Fatalf("%d %s", res.Code, res.Body)
	}
}

type appender struct {
	err   error
	calls [][]chain.Fact
}

func (a *appender) Append(_ context.Context, _ string, facts []chain.Fact, _ string) (int, error) {
	a.calls = append(a.calls, facts)
	return len(facts), a.err
}

func deliver(t *testing.T, store Appender, data string) (bool, error) {
	t.Helper()
	return deliverCounted(t, store, NewMetrics("audit"), data)
}

func deliverCounted(t *testing.T, store Appender, m *Metrics, data string) (bool, error) {
	t.Helper()
	rec := &Recorder{Validator: validator(t), Store: store, Log: quiet, Now: time.Now, Metrics: m}
	return rec.Handler("catalogue.lifecycle")(context.Background(), &common.TopicEvent{RawData: []byte(data)})
}

const started = `{"type":"auction-started","auctionId":"a1","at":"2026-11-28T10:00:00.000Z","endsAt":"2026-11-28T10:05:00.000Z"}`

func TestADeliveryIsRecorded(t *testing.T) {
	a := &appender{}
	if retry, err := deliver(t, a, started); err != nil || retry {
		t.Fatalf("retry %v err %v", retry, err)
	}
	if len(a.calls) != 1 || a.calls[0][0].FactID != "auction-started@2026-11-28T10:00:00.000Z" {
		t.Fatalf("appended %+v", a.calls)
	}
}

func TestAMessageBreakingItsContractIsDroppedNotRetried(t *testing.T) {
	a := &appender{}
	retry, err := deliver(t, a, strings.Replace(started, `"endsAt":"2026-11-28T10:05:00.000Z"`, `"endsAt":"soon"`, 1))
	if err == nil || retry || len(a.calls) != 0 {
		t.Fatalf("retry %v err %v calls %d", retry, err, len(a.calls))
	}
}

func TestAStoreFailureIsRetried(t *testing.T) {
	retry, err := deliver(t, &appender{err: errors.New("database is locked")}, started)
	if err == nil || !retry {
		t.Fatalf("retry %v err %v", retry, err)
	}
}

func TestEveryRouteNeedsTheAppTokenButHealthAndMetrics(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) })
	h := RequireAppToken("secret", ok)
	for _, c := range []struct {
		path, token string
		want        int
	}{
		{"/events/auction", "", http.StatusUnauthorized},
		{"/audit/trail", "wrong", http.StatusUnauthorized},
		{"/audit/trail", "secret", http.StatusTeapot},
		{"/healthz/ready", "", http.StatusTeapot},
		{"/metrics", "", http.StatusTeapot},
		{"/metrics/more", "", http.StatusUnauthorized},
	} {
		req := httptest.NewRequest(http.MethodPost, c.path, nil)
		if c.token != "" {
			req.Header.Set("dapr-api-token", c.token)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != c.want {
			t.Errorf("%s with %q: %d, want %d", c.path, c.token, rec.Code, c.want)
		}
	}
}

// The subscriptions are declared once, in YAML; the routes here must be where they deliver.
func TestTheRoutesAreWhereTheDeclaredSubscriptionsDeliver(t *testing.T) {
	files, _ := filepath.Glob("../../../../dapr/subscriptions/*.yaml")
	declared := map[string]string{}
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		var sub struct {
			Spec struct {
				Pubsub string `yaml:"pubsubname"`
				Topic  string `yaml:"topic"`
				Routes struct {
					Default string `yaml:"default"`
				} `yaml:"routes"`
				DeadLetterTopic string `yaml:"deadLetterTopic"`
			} `yaml:"spec"`
			Scopes []string `yaml:"scopes"`
		}
		if err := yaml.Unmarshal(raw, &sub); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(sub.Scopes) == 1 && sub.Scopes[0] == "audit" {
			if sub.Spec.Pubsub != EventsPubsub || sub.Spec.DeadLetterTopic != "deadletters.audit" {
				t.Errorf("%s: pubsub %s, dead letters %s", f, sub.Spec.Pubsub, sub.Spec.DeadLetterTopic)
			}
			declared[sub.Spec.Topic] = sub.Spec.Routes.Default
		}
	}
	if len(declared) != len(EventRoutes) {
		t.Fatalf("declared %v, served %v", declared, EventRoutes)
	}
	for topic, route := range EventRoutes {
		if declared[topic] != route {
			t.Errorf("%s: declared %q, served %q", topic, declared[topic], route)
		}
	}
}

func TestATamperedPayloadThatIsNoLongerJSONIsShownAsItsText(t *testing.T) {
	entries, head := chain.Link(chain.Genesis, []chain.Fact{{AuctionID: "a1", FactID: "bid-placed:1", Topic: "auction.events", Type: "bid-placed", At: "2026-11-28T10:00:00.000Z", Payload: `{"amount":100}`}}, "2026-11-28T10:00:01Z")
	entries[0].Payload = `{"amount":1` // cut short in the store
	v := chain.NewVerifier()
	v.Add(entries...)
	res := postTrail(t, &trails{t: store.Trail{Head: head, Entries: entries, Verification: v.Result(head)}}, `{"auctionId":"a1"}`)
	if res.Code != http.StatusOK || !strings.Contains(res.Body.String(), `"payload":"{\"amount\":1"`) {
		t.Fatalf("%d %s", res.Code, res.Body)
	}
	if err := validator(t).Validate(TrailSchema, res.Body.Bytes()); err != nil {
		t.Fatalf("the answer breaks api/audit-trail.json: %v", err)
	}
	if !strings.Contains(res.Body.String(), `"brokenAtSeq":1`) {
		t.Fatalf("the broken entry is not named: %s", res.Body)
	}
}

func TestARefusedQueryNamesTheFieldNotTheSchemaFile(t *testing.T) {
	res := postTrail(t, &trails{}, `{"auctionId":"a1","limit":501}`)
	body := res.Body.String()
	if res.Code != http.StatusBadRequest || !strings.Contains(body, "/limit") || strings.Contains(body, "file://") {
		t.Fatalf("%d %s", res.Code, body)
	}
}
