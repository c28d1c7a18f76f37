// Package store keeps each auction's chain in a Dapr state store (Components.auditStore):
// entries under "<auction>/<seq>", the head under "<auction>/head", and one marker per fact
// under "<auction>/fact/<hash of the fact id>", all written in one transaction, so a redelivered event
// adds nothing and a crash leaves either the whole append or none of it.
package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"

	dapr "github.com/dapr/go-sdk/client"

	"auction-mesh/audit/internal/chain"
)

// State is the part of the Dapr client the store uses.
type State interface {
	GetState(ctx context.Context, storeName, key string, meta map[string]string) (*dapr.StateItem, error)
	GetBulkState(ctx context.Context, storeName string, keys []string, meta map[string]string, parallelism int32) ([]*dapr.BulkStateItem, error)
	ExecuteStateTransaction(ctx context.Context, storeName string, meta map[string]string, ops []*dapr.StateOperation) error
}

// bulkPage is how many keys one bulk read asks for.
const bulkPage = 500

// Store appends to and reads the chains.
type Store struct {
	state State
	name  string
	// One append at a time per auction in this process (audit runs as one replica: see
	// guardedUpsert).
	locks sync.Map
}

// New keeps chains in the state store component called name.
func New(state State, name string) *Store { return &Store{state: state, name: name} }

// Keys never hold "||" (daprd's separator of the app id prefix); auction ids hold no "/".
func headKey(auction string) string             { return auction + "/head" }
func entryKey(auction string, seq int64) string { return auction + "/" + strconv.FormatInt(seq, 10) }

// A fact id is the producer's (a settlement eventId may hold any character, "||" too): its
// marker is keyed by its hash.
func factKey(auction string, factID string) string {
	sum := sha256.Sum256([]byte(factID))
	return auction + "/fact/" + hex.EncodeToString(sum[:16])
}

func (s *Store) lock(auction string) func() {
	m, _ := s.locks.LoadOrStore(auction, &sync.Mutex{})
	mu := m.(*sync.Mutex)
	mu.Lock()
	return mu.Unlock
}

// Append records the facts of one auction not recorded before; it answers how many were new.
func (s *Store) Append(ctx context.Context, auction string, facts []chain.Fact, recordedAt string) (int, error) {
	defer s.lock(auction)()
	head, etag, err := s.head(ctx, auction)
	if err != nil {
		return 0, err
	}
	fresh, err := s.unrecorded(ctx, auction, facts)
	if err != nil || len(fresh) == 0 {
		return 0, err
	}
	entries, newHead := chain.Link(head, fresh, recordedAt)
	ops, err := appendOps(auction, entries, newHead, etag)
	if err != nil {
		return 0, err
	}
	if err := s.state.ExecuteStateTransaction(ctx, s.name, nil, ops); err != nil {
		return 0, fmt.Errorf("appending %d entries to %s: %w", len(entries), auction, err)
	}
	return len(entries), nil
}

// head reads the auction's head and its ETag ("" before the first entry).
func (s *Store) head(ctx context.Context, auction string) (chain.Head, string, error) {
	item, err := s.state.GetState(ctx, s.name, headKey(auction), nil)
	if err != nil {
		return chain.Head{}, "", fmt.Errorf("reading %s's head: %w", auction, err)
	}
	if item == nil || len(item.Value) == 0 {
		return chain.Genesis, "", nil
	}
	var h chain.Head
	if err := json.Unmarshal(item.Value, &h); err != nil {
		return chain.Head{}, "", fmt.Errorf("%s's head is not a head: %w", auction, err)
	}
	return h, item.Etag, nil
}

// unrecorded drops the facts already in the chain, and repeats within facts.
func (s *Store) unrecorded(ctx context.Context, auction string, facts []chain.Fact) ([]chain.Fact, error) {
	keys := make([]string, 0, len(facts))
	for _, f := range facts {
		keys = append(keys, factKey(auction, f.FactID))
	}
	items, err := s.state.GetBulkState(ctx, s.name, keys, nil, 1)
	if err != nil {
		return nil, fmt.Errorf("reading %s's recorded facts: %w", auction, err)
	}
	seen := map[string]bool{}
	for _, it := range items {
		if it.Error != "" {
			return nil, fmt.Errorf("reading %s: %s", it.Key, it.Error)
		}
		seen[it.Key] = len(it.Value) > 0
	}
	fresh := make([]chain.Fact, 0, len(facts))
	for _, f := range facts {
		if k := factKey(auction, f.FactID); !seen[k] {
			seen[k] = true
			fresh = append(fresh, f)
		}
	}
	return fresh, nil
}

func appendOps(auction string, entries []chain.Entry, head chain.Head, headEtag string) ([]*dapr.StateOperation, error) {
	ops := make([]*dapr.StateOperation, 0, 2*len(entries)+1)
	for _, e := range entries {
		value, err := json.Marshal(e)
		if err != nil {
			return nil, err
		}
		ops = append(ops,
			upsert(entryKey(auction, e.Seq), value),
			upsert(factKey(auction, e.FactID), []byte(strconv.FormatInt(e.Seq, 10))))
	}
	value, err := json.Marshal(head)
	if err != nil {
		return nil, err
	}
	return append(ops, guardedUpsert(headKey(auction), value, headEtag)), nil
}

func upsert(key string, value []byte) *dapr.StateOperation {
	return &dapr.StateOperation{Type: dapr.StateOperationTypeUpsert, Item: &dapr.SetStateItem{Key: key, Value: value}}
}

// guardedUpsert writes the head only if it is still the one read (its ETag), or, before the
// first entry, only if there is none yet (first-write without an ETag: insert only), so two
// appenders cannot both extend the same head. On the SQL stores the whole transaction then fails;
// Redis does not roll back a transaction (its MULTI/EXEC keeps the other writes), so audit runs
// as one replica, whose appends one lock per auction already serialises.
func guardedUpsert(key string, value []byte, etag string) *dapr.StateOperation {
	item := &dapr.SetStateItem{Key: key, Value: value, Options: &dapr.StateOptions{Concurrency: dapr.StateConcurrencyFirstWrite, Consistency: dapr.StateConsistencyStrong}}
	if etag != "" {
		item.Etag = &dapr.ETag{Value: etag}
	}
	return &dapr.StateOperation{Type: dapr.StateOperationTypeUpsert, Item: item}
}
