package audit

import (
	"context"
	"sync"

	"inteqra/internal/db"
)

// RecordRead writes the event of a read that shows personal data (a search,
// a list of names, a download) in a transaction of its own, for reads that
// change nothing else. The caller shows the data only if this succeeds, so
// nobody sees personal data the log does not know they saw.
//
// The reads of requests served at the same time are written together
// (group commit): each caller waits for the transaction that holds its
// event, and one transaction writes every event that came in while the
// one before was being written. A commit is what costs: the database has
// one writer, and on SQLite every commit makes the readers drop their page
// caches, so a commit per search made searches wait on each other.
func RecordRead(ctx context.Context, d *db.DB, action, objectType, objectID string, fields ...string) error {
	r := pendingRead{ctx: context.WithoutCancel(ctx), action: action, objectType: objectType, objectID: objectID, fields: fields}
	b := reads.add(d, r)
	select {
	case <-b.done:
		return b.err
	case <-ctx.Done():
		// The event may still be written: a read logged but not shown.
		return ctx.Err()
	}
}

type pendingRead struct {
	ctx                          context.Context // of the request: who, from where
	action, objectType, objectID string
	fields                       []string
}

// readBatch is the events written in one transaction; done is closed once
// it committed or failed (err).
type readBatch struct {
	events []pendingRead
	done   chan struct{}
	err    error
}

// maxBatch bounds the events of one transaction.
const maxBatch = 256

// reads holds, for each database with a writer running, the batches
// waiting for it: the last one collects events until it is full.
var reads = readQueue{waiting: map[*db.DB][]*readBatch{}}

type readQueue struct {
	mu      sync.Mutex
	waiting map[*db.DB][]*readBatch // present while d's writer runs
}

// add puts r into a batch waiting for d's writer, starting the writer if
// none runs, and returns the batch.
func (q *readQueue) add(d *db.DB, r pendingRead) *readBatch {
	q.mu.Lock()
	defer q.mu.Unlock()
	list, running := q.waiting[d]
	if len(list) == 0 || len(list[len(list)-1].events) == maxBatch {
		list = append(list, &readBatch{done: make(chan struct{})})
	}
	b := list[len(list)-1]
	b.events = append(b.events, r)
	q.waiting[d] = list
	if !running {
		go q.write(d)
	}
	return b
}

// write writes d's waiting batches one after the other until none is left.
func (q *readQueue) write(d *db.DB) {
	for {
		q.mu.Lock()
		list := q.waiting[d]
		if len(list) == 0 {
			delete(q.waiting, d)
			q.mu.Unlock()
			return
		}
		b := list[0]
		q.waiting[d] = list[1:]
		q.mu.Unlock()
		b.err = d.Transact(context.Background(), func(tx *db.Tx) error {
			for _, r := range b.events {
				if err := Record(r.ctx, tx, r.action, r.objectType, r.objectID, r.fields...); err != nil {
					return err
				}
			}
			return nil
		})
		close(b.done)
	}
}
