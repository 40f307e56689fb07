package audit

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// Whoever can write the database can also delete its checkpoints. Had the
// database been the only place that remembers what was signed, an attacker
// could rewrite an event, recompute the chain, delete every checkpoint
// covering it and wait: the next checkpoint, signed with the real key from
// event 1, would vouch for the forgery. So a store given a record (UseRecord)
// also appends every checkpoint it signs to a file beside the audit key, and
// signs nothing while the database is behind that file. The record protects
// against someone who can write the database but not the key's folder; one
// who can write both can also rewrite the record.

// UseRecord makes the store keep a local record of the checkpoints it signs
// in the file at path (config.Config.CheckpointRecord: beside the audit key),
// hold the database to it before signing, and check the chain against it in
// Verify. Without one (tests, throw-away databases) the database alone is
// trusted.
func (s *Store) UseRecord(path string) { s.record = path }

// RecordPath returns the file of the local record, or "" when none is kept.
func (s *Store) RecordPath() string { return s.record }

// appendRecord appends c to the local record as one JSON line, the same line
// audit checkpoint prints. The line is one write to a file opened with
// O_APPEND, so lines appended at once by several nodes sharing the folder
// land whole, one after another; it is synced before signing is reported
// done.
func (s *Store) appendRecord(c Checkpoint) error {
	if s.record == "" {
		return nil
	}
	line, err := c.MarshalText()
	if err != nil {
		return err
	}
	f, err := os.OpenFile(s.record, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("audit: local record of checkpoints: %w", err)
	}
	_, err = f.Write(append(line, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("audit: append to the local record of checkpoints %s: %w", s.record, err)
	}
	return nil
}

// recorded returns the checkpoints in the local record, in the order they
// were appended; none when no record is kept or none was written yet (a new
// installation).
func (s *Store) recorded() ([]Checkpoint, error) {
	if s.record == "" {
		return nil, nil
	}
	info, err := os.Stat(s.record)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("audit: local record of checkpoints: %w", err)
	}
	if info.Mode().Perm()&0o022 != 0 {
		return nil, fmt.Errorf("audit: the local record of checkpoints %s may be written by other users (mode %v); chmod 600 it", s.record, info.Mode().Perm())
	}
	text, err := os.ReadFile(s.record)
	if err != nil {
		return nil, fmt.Errorf("audit: local record of checkpoints: %w", err)
	}
	if len(bytes.TrimSpace(text)) == 0 {
		return nil, nil
	}
	list, err := ParseCheckpoints(text)
	if err != nil {
		return nil, fmt.Errorf("the local record of checkpoints %s cannot be read: %w", s.record, err)
	}
	for i := range list {
		list[i].Source = "the local record " + s.record
	}
	return list, nil
}

// behindRecord returns the first recorded checkpoint that the database's,
// stored, lack or hold with another head, and why, in plain words; ok is
// true when the database holds every one of them.
func behindRecord(stored, recorded []Checkpoint) (r Checkpoint, why string, ok bool) {
	heads := make(map[int64]string, len(stored))
	for _, c := range stored {
		heads[c.Events] = c.Head
	}
	for _, r := range recorded {
		head, found := heads[r.Events]
		switch {
		case !found:
			return r, fmt.Sprintf("the database holds no checkpoint of events 1-%d, which %s lists (signed at %s): checkpoints were deleted",
				r.Events, r.Source, r.At.Format(time.RFC3339)), false
		case head != r.Head:
			return r, fmt.Sprintf("the database's checkpoint of events 1-%d names another head than %s: it was altered", r.Events, r.Source), false
		}
	}
	return Checkpoint{}, "", true
}
