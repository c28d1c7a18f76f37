// Package logging writes JSON lines like the TypeScript services' pino logs (level as a word,
// ISO time, service, trace_id), so one query reads every service's logs.
package logging

import (
	"io"
	"log/slog"
	"regexp"
	"strings"
)

// New logs JSON at level ("debug", "info", "warn", "error") to w.
func New(w io.Writer, service, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	h := slog.NewJSONHandler(w, &slog.HandlerOptions{
		Level: l,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.LevelKey {
				return slog.String(slog.LevelKey, strings.ToLower(a.Value.String()))
			}
			return a
		},
	})
	return slog.New(h).With("service", service)
}

var traceparent = regexp.MustCompile(`^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$`)

// TraceAttrs are the trace and span ids of a W3C traceparent, or none when it is absent or
// malformed.
func TraceAttrs(header string) []any {
	m := traceparent.FindStringSubmatch(strings.ToLower(strings.TrimSpace(header)))
	if m == nil || strings.Trim(m[1], "0") == "" {
		return nil
	}
	return []any{"trace_id", m[1], "span_id", m[2]}
}
