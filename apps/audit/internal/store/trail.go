package store

import (
	"context"
	"encoding/json"
	"fmt"

	"auction-mesh/audit/internal/chain"
)

// Trail is one page of an auction's chain with the whole chain verified.
type Trail struct {
	Head         chain.Head
	Entries      []chain.Entry
	NextAfterSeq *int64
	Verification chain.Verification
}

// Trail reads the entries after afterSeq (at most limit) and checks every entry of the chain
// from the first, reading it in pages.
func (s *Store) Trail(ctx context.Context, auction string, afterSeq int64, limit int) (Trail, error) {
	head, _, err := s.head(ctx, auction)
	if err != nil {
		return Trail{}, err
	}
	verifier := chain.NewVerifier()
	page := []chain.Entry{}
	for from := int64(1); from <= head.Seq; from += bulkPage {
		to := min(from+bulkPage-1, head.Seq)
		entries, err := s.entries(ctx, auction, from, to, verifier)
		if err != nil {
			return Trail{}, err
		}
		for _, e := range entries {
			if e.Seq > afterSeq && len(page) < limit {
				page = append(page, e)
			}
		}
		if verifier.HasGap() {
			break
		}
	}
	if err := s.checkNothingBeyond(ctx, auction, head, verifier); err != nil {
		return Trail{}, err
	}
	t := Trail{Head: head, Entries: page, Verification: verifier.Result(head)}
	if n := len(page); n > 0 && page[n-1].Seq < head.Seq {
		next := page[n-1].Seq
		t.NextAfterSeq = &next
	}
	return t, nil
}

// entries reads seq from..to in order, feeding each (or its absence) to the verifier.
func (s *Store) entries(ctx context.Context, auction string, from, to int64, verifier *chain.Verifier) ([]chain.Entry, error) {
	keys := make([]string, 0, to-from+1)
	for seq := from; seq <= to; seq++ {
		keys = append(keys, entryKey(auction, seq))
	}
	items, err := s.state.GetBulkState(ctx, s.name, keys, nil, 4)
	if err != nil {
		return nil, fmt.Errorf("reading %s's entries %d-%d: %w", auction, from, to, err)
	}
	byKey := make(map[string][]byte, len(items))
	for _, it := range items {
		if it.Error != "" {
			return nil, fmt.Errorf("reading %s: %s", it.Key, it.Error)
		}
		byKey[it.Key] = it.Value
	}
	out := make([]chain.Entry, 0, len(keys))
	for seq := from; seq <= to; seq++ {
		var e chain.Entry
		raw := byKey[entryKey(auction, seq)]
		if len(raw) == 0 || json.Unmarshal(raw, &e) != nil {
			verifier.Missing(seq)
			continue
		}
		verifier.Add(e)
		out = append(out, e)
	}
	return out, nil
}

// checkNothingBeyond looks for the entry after the head: there is none unless the head was set
// back or removed after the fact.
func (s *Store) checkNothingBeyond(ctx context.Context, auction string, head chain.Head, verifier *chain.Verifier) error {
	next := head.Seq + 1
	item, err := s.state.GetState(ctx, s.name, entryKey(auction, next), nil)
	if err != nil {
		return fmt.Errorf("reading %s's entry %d: %w", auction, next, err)
	}
	if item != nil && len(item.Value) > 0 {
		verifier.Beyond(next)
	}
	return nil
}
