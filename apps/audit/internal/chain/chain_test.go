package chain

import (
	"fmt"
	"testing"
)

func facts(n int) []Fact {
	out := make([]Fact, n)
	for i := range out {
		out[i] = Fact{AuctionID: "a1", FactID: fmt.Sprintf("bid-placed:%d", i+1), Topic: "auction.events", Type: "bid-placed", At: "2026-11-28T10:00:00.000Z", Payload: fmt.Sprintf(`{"amount":%d}`, 100+i)}
	}
	return out
}

func linked(t *testing.T, n int) ([]Entry, Head) {
	t.Helper()
	entries, head := Link(Genesis, facts(n), "2026-11-28T10:00:01Z")
	if head.Seq != int64(n) || len(entries) != n {
		t.Fatalf("linked %d facts into %d entries, head %d", n, len(entries), head.Seq)
	}
	return entries, head
}

func verify(entries []Entry, head Head) Verification {
	v := NewVerifier()
	v.Add(entries...)
	return v.Result(head)
}

func TestAnUntouchedChainVerifies(t *testing.T) {
	entries, head := linked(t, 5)
	got := verify(entries, head)
	if !got.Intact || got.Checked != 5 || got.BrokenAtSeq != nil {
		t.Fatalf("want intact with 5 checked, got %+v", got)
	}
}

func TestEachEntryLinksToThePreviousOne(t *testing.T) {
	entries, _ := linked(t, 3)
	if entries[0].PreviousHash != GenesisHash {
		t.Fatalf("first entry links to %s", entries[0].PreviousHash)
	}
	for i := 1; i < len(entries); i++ {
		if entries[i].PreviousHash != entries[i-1].Hash {
			t.Fatalf("entry %d does not link to entry %d", i+1, i)
		}
	}
}

func TestAppendingLaterContinuesTheSameChain(t *testing.T) {
	first, head := Link(Genesis, facts(2), "t1")
	more, head := Link(head, facts(3)[2:], "t2")
	if got := verify(append(first, more...), head); !got.Intact {
		t.Fatalf("two appends do not verify as one chain: %+v", got)
	}
}

func TestAChangedPayloadIsFoundAtItsEntry(t *testing.T) {
	entries, head := linked(t, 5)
	entries[2].Payload = `{"amount":1}`
	got := verify(entries, head)
	if got.Intact || got.BrokenAtSeq == nil || *got.BrokenAtSeq != 3 || got.Checked != 5 {
		t.Fatalf("want broken at 3, got %+v", got)
	}
	if *got.Reason != "entry 3's content does not match its hash" {
		t.Fatalf("reason: %s", *got.Reason)
	}
}

func TestARehashedEntryBreaksTheNextLink(t *testing.T) {
	entries, head := linked(t, 4)
	entries[1].Payload = `{"amount":1}`
	entries[1].Hash = entries[1].ComputeHash()
	got := verify(entries, head)
	if got.Intact || *got.BrokenAtSeq != 3 {
		t.Fatalf("want broken at 3 (its link), got %+v", got)
	}
}

func TestEveryFieldIsCoveredByTheHash(t *testing.T) {
	entries, _ := linked(t, 1)
	mutations := map[string]func(e *Entry){
		"factId": func(e *Entry) { e.FactID = "x" }, "topic": func(e *Entry) { e.Topic = "x" },
		"type": func(e *Entry) { e.Type = "x" }, "at": func(e *Entry) { e.At = "x" },
		"recordedAt": func(e *Entry) { e.RecordedAt = "x" }, "seq": func(e *Entry) { e.Seq = 9 },
		"previousHash": func(e *Entry) { e.PreviousHash = "x" },
		"payload":      func(e *Entry) { e.Payload = `{"amount":101}` },
	}
	for field, mutate := range mutations {
		e := entries[0]
		mutate(&e)
		if e.ComputeHash() == entries[0].Hash {
			t.Errorf("changing %s does not change the hash", field)
		}
	}
}

func TestFieldsCannotBeShiftedIntoTheirNeighbours(t *testing.T) {
	a := Entry{Seq: 1, FactID: "ab", Topic: "c", PreviousHash: GenesisHash}
	b := Entry{Seq: 1, FactID: "a", Topic: "bc", PreviousHash: GenesisHash}
	if a.ComputeHash() == b.ComputeHash() {
		t.Fatal("moving a byte from one field to the next kept the hash")
	}
}

func TestARemovedEntryIsReported(t *testing.T) {
	entries, head := linked(t, 4)
	v := NewVerifier()
	v.Add(entries[0])
	v.Missing(2)
	v.Add(entries[2:]...)
	got := v.Result(head)
	if got.Intact || *got.BrokenAtSeq != 2 || *got.Reason != "entry 2 is missing" || got.Checked != 4 {
		t.Fatalf("want missing 2, got %+v", got)
	}
}

func TestAChainCutShortBehindItsHeadIsReported(t *testing.T) {
	entries, head := linked(t, 4)
	got := verify(entries[:3], head)
	if got.Intact || *got.BrokenAtSeq != 4 {
		t.Fatalf("want broken at 4, got %+v", got)
	}
}

func TestAnEmptyChainVerifies(t *testing.T) {
	if got := verify(nil, Genesis); !got.Intact || got.Checked != 0 {
		t.Fatalf("empty chain: %+v", got)
	}
}

func TestAnEntryPastTheHeadIsReported(t *testing.T) {
	entries, _ := linked(t, 3)
	v := NewVerifier()
	v.Add(entries[:2]...)
	v.Beyond(3)
	got := v.Result(Head{Seq: 2, Hash: entries[1].Hash})
	if got.Intact || *got.BrokenAtSeq != 3 || *got.Reason != "entry 3 exists past the chain's head" {
		t.Fatalf("want broken at 3 past the head, got %+v", got)
	}
}

func TestAGapStopsTheReading(t *testing.T) {
	v := NewVerifier()
	if v.HasGap() {
		t.Fatal("a new verifier has a gap")
	}
	v.Missing(1)
	if !v.HasGap() {
		t.Fatal("a missing entry is no gap")
	}
}
