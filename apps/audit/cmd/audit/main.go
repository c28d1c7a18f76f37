// audit keeps a tamper-evident log of everything that happens to each auction: config, wiring,
// start. The rules live in internal/chain and internal/facts.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"auction-mesh/audit/internal/api"
	"auction-mesh/audit/internal/config"
	"auction-mesh/audit/internal/facts"
	"auction-mesh/audit/internal/logging"
	"auction-mesh/audit/internal/schemas"
	"auction-mesh/audit/internal/sidecar"
	"auction-mesh/audit/internal/store"
)

func main() {
	// The container image's HEALTHCHECK: `audit healthcheck` probes the running service.
	if len(os.Args) == 2 && os.Args[1] == "healthcheck" {
		os.Exit(healthcheck())
	}
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "audit: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	cfg, err := config.FromEnv()
	if err != nil {
		return err
	}
	log := logging.New(os.Stdout, "audit", cfg.LogLevel)
	validator, err := schemas.Load(cfg.SchemasDir, contractSchemas()...)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	dapr := &sidecar.Client{}
	defer dapr.Close()
	chains := store.New(dapr, cfg.StoreName)
	var shuttingDown atomic.Bool
	metrics := api.NewMetrics("audit")
	server, err := api.NewServer(cfg.AppPort, api.Parts{
		Recorder: &api.Recorder{Validator: validator, Store: chains, Log: log, Now: time.Now, Metrics: metrics},
		Trail:    api.TrailHandler(validator, chains, log, metrics),
		Health:   api.Health{DaprHTTPPort: cfg.DaprHTTPPort, Connected: &dapr.Connected, ShuttingDown: &shuttingDown},
		Metrics:  metrics,
		AppToken: cfg.AppToken,
	})
	if err != nil {
		return err
	}
	return serve(ctx, server, func() { dapr.Connect(ctx, cfg.DaprGRPCPort, log) }, &shuttingDown, log)
}

// healthcheck asks the service on APP_PORT (7900 by default) whether it is live: 0 if so.
func healthcheck() int {
	port := os.Getenv("APP_PORT")
	if port == "" {
		port = "7900"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := api.ProbeLive(ctx, "http://127.0.0.1:"+port); err != nil {
		fmt.Fprintf(os.Stderr, "audit healthcheck: %v\n", err)
		return 1
	}
	return 0
}

// contractSchemas are the schemas audit checks: each topic's messages and the trail route's.
func contractSchemas() []string {
	names := []string{api.TrailQuerySchema, api.TrailSchema}
	for _, topic := range facts.Topics {
		names = append(names, schemas.TopicSchema(topic))
	}
	return names
}

// serve listens, then connects to the sidecar, and on a signal stops taking work and drains.
func serve(ctx context.Context, server *http.Server, connect func(), shuttingDown *atomic.Bool, log *slog.Logger) error {
	failed := make(chan error, 1)
	go func() { failed <- server.ListenAndServe() }()
	log.Info("audit listening", "address", server.Addr)
	go connect()
	select {
	case err := <-failed:
		return err
	case <-ctx.Done():
	}
	shuttingDown.Store(true)
	log.Info("shutting down")
	drain, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := server.Shutdown(drain); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
