package schemas

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The schemas generated from the zod contracts, and messages the real producers published
// (captured from a mesh run; mesh/contracts' tests parse the same files with zod).
const (
	schemaDir  = "../../../../mesh/contracts/schemas"
	messageDir = "../../testdata/messages"
)

var topics = []string{"auction.events", "catalogue.lifecycle", "settlement.events"}

func load(t *testing.T) *Validator {
	t.Helper()
	names := []string{}
	for _, topic := range topics {
		names = append(names, TopicSchema(topic))
	}
	v, err := Load(schemaDir, names...)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

type message struct {
	file string
	data map[string]any
}

func messages(t *testing.T, topic string) []message {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(messageDir, topic, "*.json"))
	if len(files) == 0 {
		t.Fatalf("no captured messages of %s in %s", topic, messageDir)
	}
	out := []message{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out = append(out, message{file: filepath.Base(f), data: m})
	}
	return out
}

func TestEveryCapturedProducerMessagePasses(t *testing.T) {
	v := load(t)
	for _, topic := range topics {
		for _, m := range messages(t, topic) {
			raw, _ := json.Marshal(m.data)
			if err := v.Validate(TopicSchema(topic), raw); err != nil {
				t.Errorf("%s/%s is refused: %v", topic, m.file, err)
			}
		}
	}
}

// Each way a message can break its contract, applied to every captured message: the schema
// must refuse every one.
var breakages = map[string]func(m map[string]any){
	"without its auctionId": func(m map[string]any) { delete(m, "auctionId") },
	"with a numeric type":   func(m map[string]any) { event(m)["type"] = 7 },
	"with an unknown type":  func(m map[string]any) { event(m)["type"] = "auction-exploded" },
	"with a bad auction id": func(m map[string]any) { m["auctionId"] = "../../etc/passwd" },
	"with an overlong id":   func(m map[string]any) { m["auctionId"] = strings.Repeat("a", 65) },
	"as a list":             nil, // handled below
}

func TestBrokenMessagesAreRefused(t *testing.T) {
	v := load(t)
	for _, topic := range topics {
		for _, m := range messages(t, topic) {
			for name, breakIt := range breakages {
				var raw []byte
				if breakIt == nil {
					raw, _ = json.Marshal([]any{m.data})
				} else {
					broken := clone(m.data)
					breakIt(broken)
					raw, _ = json.Marshal(broken)
				}
				if v.Validate(TopicSchema(topic), raw) == nil {
					t.Errorf("%s/%s %s is accepted: %s", topic, m.file, name, raw)
				}
			}
		}
	}
}

func TestABidBatchWithABrokenEventIsRefused(t *testing.T) {
	v := load(t)
	for _, m := range messages(t, "auction.events") {
		for name, breakIt := range map[string]func(e map[string]any){
			"a negative amount":     func(e map[string]any) { e["amount"] = -1; e["currentPrice"] = -1; e["finalPrice"] = -1 },
			"a fractional sequence": func(e map[string]any) { e["sequence"] = 1.5 },
			"a time without a zone": func(e map[string]any) { e["at"] = "2026-11-28 10:00:00" },
		} {
			broken := clone(m.data)
			events := broken["events"].([]any)
			breakIt(events[0].(map[string]any))
			raw, _ := json.Marshal(broken)
			if v.Validate(TopicSchema("auction.events"), raw) == nil {
				t.Errorf("%s with %s is accepted", m.file, name)
			}
		}
	}
}

func TestAnUnloadedSchemaIsAnError(t *testing.T) {
	if err := load(t).Validate("topics/nope", []byte(`{}`)); err == nil {
		t.Fatal("validated against a schema that was never loaded")
	}
}

func clone(m map[string]any) map[string]any {
	raw, _ := json.Marshal(m)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return out
}

// event is the message itself, or the first event of a bid batch.
func event(m map[string]any) map[string]any {
	if events, ok := m["events"].([]any); ok {
		return events[0].(map[string]any)
	}
	return m
}
