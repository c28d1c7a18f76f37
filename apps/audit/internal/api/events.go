package api

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/dapr/go-sdk/service/common"

	"auction-mesh/audit/internal/chain"
	"auction-mesh/audit/internal/facts"
	"auction-mesh/audit/internal/logging"
	"auction-mesh/audit/internal/schemas"
)

// Appender is where facts go (store.Store).
type Appender interface {
	Append(ctx context.Context, auction string, facts []chain.Fact, recordedAt string) (int, error)
}

// Recorder turns each delivered message into entries of its auction's chain, and counts what
// became of each (new facts, facts already recorded, drops, store failures) in Metrics.
type Recorder struct {
	Validator *schemas.Validator
	Store     Appender
	Log       *slog.Logger
	Now       func() time.Time
	Metrics   *Metrics
}

// Handler is the delivery handler of one topic. A message that breaks its contract is dropped
// (daprd sends it to deadletters.audit, where the message hospital keeps it): resending it
// cannot fix it. A store failure is retried.
func (rec *Recorder) Handler(topic string) common.TopicEventHandler {
	return func(ctx context.Context, e *common.TopicEvent) (retry bool, err error) {
		log := rec.Log.With(logging.TraceAttrs(e.TraceParent)...).With("topic", topic, "cloudEventId", e.ID)
		if err := rec.Validator.Validate(schemas.TopicSchema(topic), e.RawData); err != nil {
			log.Warn("dropped a message that breaks its contract", "error", err.Error())
			rec.Metrics.Dropped(topic, DropContract)
			return false, fmt.Errorf("contract: %w", err)
		}
		found, err := facts.FromMessage(topic, e.RawData)
		if err != nil {
			log.Warn("dropped a message audit cannot read", "error", err.Error())
			rec.Metrics.Dropped(topic, DropUnreadable)
			return false, err
		}
		added, err := rec.record(ctx, topic, found)
		if err != nil {
			log.Error("could not record; the sidecar will deliver it again", "error", err.Error())
			return true, err
		}
		log.Debug("recorded", "facts", len(found), "added", added)
		return false, nil
	}
}

// record appends each auction's facts in the order they came, counting each append that went
// through: the facts it added are recorded, the rest were already in the chain. A failed append
// is counted as a store failure; the redelivery counts what the earlier appends added as
// duplicates, so each fact is counted as recorded once.
func (rec *Recorder) record(ctx context.Context, topic string, found []chain.Fact) (int, error) {
	byAuction := map[string][]chain.Fact{}
	order := []string{}
	for _, f := range found {
		if _, ok := byAuction[f.AuctionID]; !ok {
			order = append(order, f.AuctionID)
		}
		byAuction[f.AuctionID] = append(byAuction[f.AuctionID], f)
	}
	recordedAt := rec.Now().UTC().Format(time.RFC3339Nano)
	total := 0
	for _, auction := range order {
		n, err := rec.Store.Append(ctx, auction, byAuction[auction], recordedAt)
		if err != nil {
			rec.Metrics.StoreFailed(OpAppend)
			return total, err
		}
		rec.Metrics.Recorded(topic, len(byAuction[auction]), n)
		total += n
	}
	return total, nil
}
