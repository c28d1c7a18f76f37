// Package sidecar connects to the app's own daprd over gRPC with the Dapr Go SDK. The app
// listens first and connects after, so daprd (which waits for the app's port) and the app
// never wait on each other.
package sidecar

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"sync/atomic"
	"time"

	dapr "github.com/dapr/go-sdk/client"
)

// ErrNotConnected answers calls made before the client is connected (deliveries are retried).
var ErrNotConnected = errors.New("not connected to the Dapr sidecar yet")

// Client is the Dapr client once connected; its state calls fail with ErrNotConnected before.
type Client struct {
	current   atomic.Pointer[dapr.Client]
	Connected atomic.Bool
}

// Connect dials daprd's gRPC port until it answers or ctx ends.
func (c *Client) Connect(ctx context.Context, grpcPort int, log *slog.Logger) {
	for attempt := 1; ctx.Err() == nil; attempt++ {
		client, err := dapr.NewClientWithPort(strconv.Itoa(grpcPort))
		if err == nil {
			c.current.Store(&client)
			c.Connected.Store(true)
			log.Info("connected to the Dapr sidecar", "grpcPort", grpcPort, "attempts", attempt)
			return
		}
		log.Warn("the Dapr sidecar's gRPC API is not answering yet", "grpcPort", grpcPort, "error", err.Error())
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

// Close closes the connection, if any.
func (c *Client) Close() {
	if p := c.current.Load(); p != nil {
		(*p).Close()
	}
}

func (c *Client) client() (dapr.Client, error) {
	if p := c.current.Load(); p != nil {
		return *p, nil
	}
	return nil, ErrNotConnected
}

func (c *Client) GetState(ctx context.Context, storeName, key string, meta map[string]string) (*dapr.StateItem, error) {
	d, err := c.client()
	if err != nil {
		return nil, err
	}
	return d.GetState(ctx, storeName, key, meta)
}

func (c *Client) GetBulkState(ctx context.Context, storeName string, keys []string, meta map[string]string, parallelism int32) ([]*dapr.BulkStateItem, error) {
	d, err := c.client()
	if err != nil {
		return nil, err
	}
	return d.GetBulkState(ctx, storeName, keys, meta, parallelism)
}

func (c *Client) ExecuteStateTransaction(ctx context.Context, storeName string, meta map[string]string, ops []*dapr.StateOperation) error {
	d, err := c.client()
	if err != nil {
		return err
	}
	return d.ExecuteStateTransaction(ctx, storeName, meta, ops)
}
