package facts

import (
	"errors"
	"testing"
)

const batch = `{"auctionId":"a1","events":[
 {"type":"bid-placed","auctionId":"a1","sequence":7,"at":"2026-11-28T10:00:00.000Z","bidderId":"b1","amount":9007199254740991,"auto":false,"minimumNextBid":9007199254740991},
 {"type":"outbid","auctionId":"a1","sequence":8,"at":"2026-11-28T10:00:00.000Z","bidderId":"b0","currentPrice":1200}]}`

func TestABatchIsOneFactPerEventKeyedBySequence(t *testing.T) {
	got, err := FromMessage(TopicAuctionEvents, []byte(batch))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].FactID != "bid-placed:7" || got[1].FactID != "outbid:8" || got[1].Type != "outbid" || got[0].AuctionID != "a1" {
		t.Fatalf("facts: %+v", got)
	}
}

func TestAPayloadKeepsLargeAmountsExactlyWithSortedKeys(t *testing.T) {
	got, _ := FromMessage(TopicAuctionEvents, []byte(batch))
	want := `{"amount":9007199254740991,"at":"2026-11-28T10:00:00.000Z","auctionId":"a1","auto":false,"bidderId":"b1","minimumNextBid":9007199254740991,"sequence":7,"type":"bid-placed"}`
	if got[0].Payload != want {
		t.Fatalf("payload\n got %s\nwant %s", got[0].Payload, want)
	}
}

func TestTheSameEventInAnotherBatchIsTheSameFact(t *testing.T) {
	closed := `{"type":"auction-closed","auctionId":"a1","sequence":9,"at":"2026-11-28T10:05:00.000Z","winnerId":"b1","finalPrice":1300,"reserveMet":true}`
	first, err := FromMessage(TopicAuctionEvents, []byte(`{"auctionId":"a1","events":[`+closed+`]}`))
	if err != nil {
		t.Fatal(err)
	}
	// Reformatted on the way (keys reordered, spaces): the same fact and the same payload.
	again, err := FromMessage(TopicAuctionEvents, []byte(`{ "events": [ {"reserveMet": true, "finalPrice": 1300, "winnerId": "b1", "at": "2026-11-28T10:05:00.000Z", "sequence": 9, "auctionId": "a1", "type": "auction-closed"} ], "auctionId": "a1" }`))
	if err != nil {
		t.Fatal(err)
	}
	if first[0].FactID != again[0].FactID || again[0].FactID != "auction-closed:9" || first[0].Payload != again[0].Payload {
		t.Fatalf("first %+v, again %+v", first[0], again[0])
	}
}

func TestLifecycleAndSettlementFactIDs(t *testing.T) {
	started, err := FromMessage(TopicLifecycle, []byte(`{"type":"auction-started","auctionId":"a1","at":"2026-11-28T10:00:00.000Z","endsAt":"2026-11-28T10:05:00.000Z"}`))
	if err != nil || started[0].FactID != "auction-started@2026-11-28T10:00:00.000Z" {
		t.Fatalf("lifecycle: %+v %v", started, err)
	}
	due, err := FromMessage(TopicSettlementEvent, []byte(`{"type":"payment-due","eventId":"a1:payment-due","auctionId":"a1","buyerId":"b","sellerId":"s","at":"2026-11-28T10:06:00.000Z","total":1430,"dueBy":"2026-11-30T10:06:00.000Z"}`))
	if err != nil || due[0].FactID != "a1:payment-due" || due[0].Type != "payment-due" {
		t.Fatalf("settlement: %+v %v", due, err)
	}
}

func TestAnEventWithoutItsIdentityIsRefused(t *testing.T) {
	for name, msg := range map[string]struct{ topic, data string }{
		"no sequence":  {TopicAuctionEvents, `{"auctionId":"a1","events":[{"type":"auction-closed","auctionId":"a1","at":"2026-11-28T10:05:00.000Z"}]}`},
		"no eventId":   {TopicSettlementEvent, `{"type":"payment-due","auctionId":"a1","at":"2026-11-28T10:06:00.000Z"}`},
		"no auctionId": {TopicLifecycle, `{"type":"auction-started","at":"2026-11-28T10:00:00.000Z"}`},
		"not JSON":     {TopicLifecycle, `{`},
	} {
		if _, err := FromMessage(msg.topic, []byte(msg.data)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestAnUnknownTopicIsAWiringMistake(t *testing.T) {
	if _, err := FromMessage("auction.results", []byte(`{}`)); !errors.Is(err, ErrUnknownTopic) {
		t.Fatalf("got %v", err)
	}
}
