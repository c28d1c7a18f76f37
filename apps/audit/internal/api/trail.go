package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"

	"auction-mesh/audit/internal/chain"
	"auction-mesh/audit/internal/logging"
	"auction-mesh/audit/internal/schemas"
	"auction-mesh/audit/internal/store"
)

// TrailQuerySchema and TrailSchema name the contracts of the trail route (mesh/contracts).
const (
	TrailQuerySchema = "api/audit-trail-query"
	TrailSchema      = "api/audit-trail"
	defaultLimit     = 200
	maxBody          = 64 << 10
)

// TrailReader reads a page of a chain (store.Store).
type TrailReader interface {
	Trail(ctx context.Context, auction string, afterSeq int64, limit int) (store.Trail, error)
}

type trailQuery struct {
	AuctionID string `json:"auctionId"`
	AfterSeq  *int64 `json:"afterSeq"`
	Limit     *int   `json:"limit"`
}

// entryOut is AuditEntry of mesh/contracts: the payload as the event's JSON, not a string.
type entryOut struct {
	chain.Entry
	Payload json.RawMessage `json:"payload"`
}

type trailOut struct {
	AuctionID    string             `json:"auctionId"`
	Length       int64              `json:"length"`
	HeadHash     string             `json:"headHash"`
	Entries      []entryOut         `json:"entries"`
	NextAfterSeq *int64             `json:"nextAfterSeq"`
	Verification chain.Verification `json:"verification"`
}

// TrailHandler answers POST /audit/trail: a page of one auction's entries, the chain verified
// (each verification and store failure counted in metrics).
func TrailHandler(validator *schemas.Validator, trails TrailReader, log *slog.Logger, metrics *Metrics) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		log := log.With(logging.TraceAttrs(r.Header.Get("traceparent"))...)
		q, ok := readTrailQuery(w, r, validator)
		if !ok {
			return
		}
		t, err := trails.Trail(r.Context(), q.AuctionID, *q.AfterSeq, *q.Limit)
		if err != nil {
			log.Error("reading an audit trail failed", "auctionId", q.AuctionID, "error", err.Error())
			metrics.StoreFailed(OpTrail)
			writeError(w, http.StatusServiceUnavailable, "AUDIT_STORE_UNAVAILABLE", "The audit store could not be read; try again")
			return
		}
		metrics.Verified(t.Verification.Intact)
		if !t.Verification.Intact {
			log.Warn("an audit chain does not verify", "auctionId", q.AuctionID, "brokenAtSeq", *t.Verification.BrokenAtSeq, "reason", *t.Verification.Reason)
		}
		writeJSON(w, http.StatusOK, trailBody(q.AuctionID, t))
	}
}

func readTrailQuery(w http.ResponseWriter, r *http.Request, validator *schemas.Validator) (trailQuery, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		writeError(w, http.StatusRequestEntityTooLarge, "PAYLOAD_TOO_LARGE", "Request body is too large")
		return trailQuery{}, false
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "BAD_BODY", "The request body could not be read")
		return trailQuery{}, false
	}
	if !json.Valid(body) {
		writeError(w, http.StatusBadRequest, "MALFORMED_JSON", "Request body is not valid JSON")
		return trailQuery{}, false
	}
	if err := validator.Validate(TrailQuerySchema, body); err != nil {
		writeError(w, http.StatusBadRequest, "VALIDATION_FAILED", "Invalid body: "+fieldProblems(err))
		return trailQuery{}, false
	}
	var q trailQuery
	if err := json.Unmarshal(body, &q); err != nil {
		// The schema took it, so only a number Go cannot hold gets here.
		writeError(w, http.StatusBadRequest, "VALIDATION_FAILED", "Invalid body: a number is out of range")
		return trailQuery{}, false
	}
	if q.AfterSeq == nil {
		q.AfterSeq = new(int64)
	}
	if q.Limit == nil {
		limit := defaultLimit
		q.Limit = &limit
	}
	return q, true
}

// payloadOut is the event's JSON; a payload changed into something that is not JSON (tampered)
// is shown as the string it now is, so the trail still answers and says where the chain breaks.
func payloadOut(stored string) json.RawMessage {
	if json.Valid([]byte(stored)) {
		return json.RawMessage(stored)
	}
	quoted, _ := json.Marshal(stored)
	return quoted
}

func trailBody(auction string, t store.Trail) trailOut {
	entries := make([]entryOut, 0, len(t.Entries))
	for _, e := range t.Entries {
		entries = append(entries, entryOut{Entry: e, Payload: payloadOut(e.Payload)})
	}
	return trailOut{
		AuctionID: auction, Length: t.Head.Seq, HeadHash: t.Head.Hash, Entries: entries,
		NextAfterSeq: t.NextAfterSeq, Verification: t.Verification,
	}
}
