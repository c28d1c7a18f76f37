package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestProbeLiveAcceptsALiveService(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+LivePath, Health{Connected: &atomic.Bool{}, ShuttingDown: &atomic.Bool{}}.Live)
	server := httptest.NewServer(mux)
	defer server.Close()
	if err := ProbeLive(context.Background(), server.URL); err != nil {
		t.Fatalf("a live service failed its probe: %v", err)
	}
}

func TestProbeLiveRefusesAnotherAnswer(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer server.Close()
	err := ProbeLive(context.Background(), server.URL)
	if err == nil || !strings.Contains(err.Error(), "503") {
		t.Fatalf("want an error naming 503, got %v", err)
	}
}

func TestProbeLiveRefusesNothingListening(t *testing.T) {
	server := httptest.NewServer(http.NotFoundHandler())
	url := server.URL
	server.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := ProbeLive(ctx, url); err == nil {
		t.Fatal("a probe of a closed port passed")
	}
}
