// Package config reads audit's settings from its environment (the dev runner, `dapr run -f`
// and Kubernetes set them the same way).
package config

import (
	"fmt"
	"os"
	"strconv"
)

// Config is everything audit needs to start.
type Config struct {
	AppPort      int
	DaprHTTPPort int
	// DaprGRPCPort is read by the Dapr client itself (DAPR_GRPC_PORT); kept for the log line.
	DaprGRPCPort int
	AppToken     string
	LogLevel     string
	// SchemasDir holds the JSON Schemas generated from the zod contracts.
	SchemasDir string
	StoreName  string
}

// FromEnv reads the environment, naming the variable that is wrong.
func FromEnv() (Config, error) {
	c := Config{
		AppToken:   os.Getenv("APP_API_TOKEN"),
		LogLevel:   orDefault(os.Getenv("LOG_LEVEL"), "info"),
		SchemasDir: orDefault(os.Getenv("AUDIT_SCHEMAS_DIR"), "mesh/contracts/schemas"),
		StoreName:  orDefault(os.Getenv("AUDIT_STORE"), "auditstore"),
	}
	var err error
	if c.AppPort, err = port("APP_PORT", 7900); err != nil {
		return c, err
	}
	if c.DaprHTTPPort, err = port("DAPR_HTTP_PORT", 3500); err != nil {
		return c, err
	}
	c.DaprGRPCPort, err = port("DAPR_GRPC_PORT", 50001)
	return c, err
}

func orDefault(v, d string) string {
	if v == "" {
		return d
	}
	return v
}

func port(name string, fallback int) (int, error) {
	v := os.Getenv(name)
	if v == "" {
		return fallback, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 65535 {
		return 0, fmt.Errorf("%s must be a port number (1-65535), got %q", name, v)
	}
	return n, nil
}
