package chain

import "fmt"

// Verification is what checking a whole chain found.
type Verification struct {
	Intact  bool  `json:"intact"`
	Checked int64 `json:"checked"`
	// BrokenAtSeq is the first entry that does not hold (nil when intact).
	BrokenAtSeq *int64  `json:"brokenAtSeq"`
	Reason      *string `json:"reason"`
}

// Verifier checks a chain fed to it in order, a page at a time, so a long chain is never
// held in memory at once.
type Verifier struct {
	expected Head
	checked  int64
	broken   *int64
	reason   string
	gap      bool
}

// NewVerifier starts at the empty chain.
func NewVerifier() *Verifier { return &Verifier{expected: Genesis} }

// Add checks the next entries; after the first break it only counts.
func (v *Verifier) Add(entries ...Entry) {
	for _, e := range entries {
		v.checked++
		if v.broken != nil {
			continue
		}
		if reason := v.problem(e); reason != "" {
			seq := v.expected.Seq + 1
			v.broken, v.reason = &seq, reason
			continue
		}
		v.expected = Head{Seq: e.Seq, Hash: e.Hash}
	}
}

// Missing records that the entry expected next could not be found.
func (v *Verifier) Missing(seq int64) {
	v.checked++
	v.gap = true
	if v.broken == nil {
		v.broken, v.reason = &seq, fmt.Sprintf("entry %d is missing", seq)
	}
}

// HasGap says an entry was missing: reading on would only count more (a head whose sequence
// was raised to a huge number must not make a reader walk it).
func (v *Verifier) HasGap() bool { return v.gap }

// Beyond records that an entry exists after the chain's head: the head was set back or
// removed, cutting entries off.
func (v *Verifier) Beyond(seq int64) {
	if v.broken == nil {
		v.broken, v.reason = &seq, fmt.Sprintf("entry %d exists past the chain's head", seq)
	}
}

func (v *Verifier) problem(e Entry) string {
	switch {
	case e.Seq != v.expected.Seq+1:
		return fmt.Sprintf("entry %d has sequence %d", v.expected.Seq+1, e.Seq)
	case e.PreviousHash != v.expected.Hash:
		return fmt.Sprintf("entry %d does not link to entry %d's hash", e.Seq, v.expected.Seq)
	case e.ComputeHash() != e.Hash:
		return fmt.Sprintf("entry %d's content does not match its hash", e.Seq)
	}
	return ""
}

// Result compares what was checked with the head the store keeps: a chain cut short or
// extended behind the head's back does not verify either.
func (v *Verifier) Result(head Head) Verification {
	if v.broken == nil && (v.expected != head) {
		seq := v.expected.Seq + 1
		if head.Seq < seq {
			seq = head.Seq
		}
		if seq < 1 {
			seq = 1
		}
		v.broken, v.reason = &seq, fmt.Sprintf("the chain ends at entry %d but its head records entry %d", v.expected.Seq, head.Seq)
	}
	if v.broken == nil {
		return Verification{Intact: true, Checked: v.checked}
	}
	reason := v.reason
	return Verification{Intact: false, Checked: v.checked, BrokenAtSeq: v.broken, Reason: &reason}
}
