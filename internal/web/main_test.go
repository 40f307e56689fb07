package web

import (
	"log/slog"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	// Request logs would drown the test output; errors still show.
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})))
	os.Exit(m.Run())
}
