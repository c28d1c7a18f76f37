// Package facts turns a message of each topic into the facts audit records: which auction,
// what happened, when, and an id that stays the same however often it is delivered.
package facts

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"auction-mesh/audit/internal/chain"
)

// Topics audit subscribes to (mesh/contracts Topics; dapr/subscriptions/audit.yaml).
const (
	TopicAuctionEvents   = "auction.events"
	TopicLifecycle       = "catalogue.lifecycle"
	TopicSettlementEvent = "settlement.events"
)

// Topics lists them, for the schema check at start.
// Not auction.results: its closes are the same facts as on auction.events, and on JetStream an
// app's durable consumer serves one subject of a stream (both are in AUCTIONS).
var Topics = []string{TopicAuctionEvents, TopicLifecycle, TopicSettlementEvent}

// ErrUnknownTopic is a message of a topic audit does not know: a wiring mistake, never retried.
var ErrUnknownTopic = errors.New("audit does not record this topic")

// event is the part of every event audit reads; the rest is kept whole in the payload.
type event struct {
	Type      string       `json:"type"`
	AuctionID string       `json:"auctionId"`
	At        string       `json:"at"`
	Sequence  *json.Number `json:"sequence"`
	EventID   string       `json:"eventId"`
}

// FromMessage reads the facts in one message of topic (already checked against its schema).
func FromMessage(topic string, data []byte) ([]chain.Fact, error) {
	switch topic {
	case TopicAuctionEvents:
		var batch struct {
			Events []json.RawMessage `json:"events"`
		}
		if err := json.Unmarshal(data, &batch); err != nil {
			return nil, err
		}
		out := make([]chain.Fact, 0, len(batch.Events))
		for _, raw := range batch.Events {
			f, err := one(topic, raw, sequenced)
			if err != nil {
				return nil, err
			}
			out = append(out, f)
		}
		return out, nil
	case TopicLifecycle:
		return single(topic, data, func(e event) string { return e.Type + "@" + e.At })
	case TopicSettlementEvent:
		return single(topic, data, func(e event) string { return e.EventID })
	}
	return nil, fmt.Errorf("%w: %q", ErrUnknownTopic, topic)
}

// sequenced: bidding numbers each auction's events, so "outbid:41" names one event however
// often its batch is delivered.
func sequenced(e event) string { return e.Type + ":" + e.Sequence.String() }

func single(topic string, data []byte, id func(event) string) ([]chain.Fact, error) {
	f, err := one(topic, data, id)
	if err != nil {
		return nil, err
	}
	return []chain.Fact{f}, nil
}

func one(topic string, raw []byte, id func(event) string) (chain.Fact, error) {
	var e event
	if err := json.Unmarshal(raw, &e); err != nil {
		return chain.Fact{}, err
	}
	if e.Type == "" || e.AuctionID == "" || e.At == "" {
		return chain.Fact{}, fmt.Errorf("an event of %s without type, auctionId or at", topic)
	}
	if e.Sequence == nil && topic == TopicAuctionEvents || id(e) == "" {
		return chain.Fact{}, fmt.Errorf("a %s event of %s without its id", e.Type, topic)
	}
	payload, err := Canonical(raw)
	if err != nil {
		return chain.Fact{}, err
	}
	return chain.Fact{AuctionID: e.AuctionID, FactID: id(e), Topic: topic, Type: e.Type, At: e.At, Payload: payload}, nil
}

// Canonical is JSON with sorted keys and no spaces, numbers exactly as written: the same text
// however a store or broker reformatted the event on the way.
func Canonical(raw []byte) (string, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "", err
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return string(bytes.TrimRight(out.Bytes(), "\n")), nil
}
