// Package chain links audit entries into a hash chain and checks one. It knows nothing of
// Dapr or HTTP, so its rules are tested in milliseconds.
package chain

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
)

// GenesisHash is the "previous hash" of an auction's first entry.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// hashVersion starts every hashed text, so a later change of the layout cannot be confused
// with this one.
const hashVersion = "auction-mesh-audit/v1"

// Fact is one thing that happened to an auction, before it is linked into the chain.
type Fact struct {
	AuctionID string
	// FactID is the same however often the fact is delivered (dedupe key).
	FactID string
	Topic  string
	Type   string
	// At is when it happened (the event's own time, RFC 3339).
	At string
	// Payload is the event as canonical JSON (sorted keys, no spaces).
	Payload string
}

// Entry is a fact in the chain.
type Entry struct {
	Seq          int64  `json:"seq"`
	FactID       string `json:"factId"`
	Topic        string `json:"topic"`
	Type         string `json:"type"`
	At           string `json:"at"`
	RecordedAt   string `json:"recordedAt"`
	Payload      string `json:"payload"`
	PreviousHash string `json:"previousHash"`
	Hash         string `json:"hash"`
}

// Head is the newest link of an auction's chain: how many entries, and the last one's hash.
type Head struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
}

// Genesis is the head of an empty chain.
var Genesis = Head{Seq: 0, Hash: GenesisHash}

// ComputeHash is sha256 over the previous hash and every field, each written as
// "<length>:<bytes>" so no field's content can be shifted into its neighbour.
func (e Entry) ComputeHash() string {
	h := sha256.New()
	for _, field := range []string{hashVersion, e.PreviousHash, strconv.FormatInt(e.Seq, 10), e.FactID, e.Topic, e.Type, e.At, e.RecordedAt, e.Payload} {
		fmt.Fprintf(h, "%d:%s", len(field), field)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Link appends facts after head, in order, each recorded at recordedAt; it returns the new
// entries and the new head.
func Link(head Head, facts []Fact, recordedAt string) ([]Entry, Head) {
	entries := make([]Entry, 0, len(facts))
	for _, f := range facts {
		e := Entry{
			Seq: head.Seq + 1, FactID: f.FactID, Topic: f.Topic, Type: f.Type, At: f.At,
			RecordedAt: recordedAt, Payload: f.Payload, PreviousHash: head.Hash,
		}
		e.Hash = e.ComputeHash()
		entries = append(entries, e)
		head = Head{Seq: e.Seq, Hash: e.Hash}
	}
	return entries, head
}
