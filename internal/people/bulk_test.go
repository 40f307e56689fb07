package people

import (
	"context"
	"fmt"
	"testing"
	"time"

	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

// TestBulkWriterKeys inserts persons in several calls with a writer that
// may hold only a few keys, so that it writes them in the middle as well
// as at Finish, and checks the key index against the persons' data.
func TestBulkWriterKeys(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := NewStore(d, nil)
		register(t, s, mammadov()) // a registered person, whose keys stay
		cache := NewKeyCache()
		err := d.TransactBulk(system, func(tx *db.Tx) error {
			w := s.BulkWriter(tx)
			w.limit = 40
			for call := range 5 {
				var persons []NewPerson
				for i := range 7 {
					in := Input{Names: []Name{{Kind: NameAz, Surname: fmt.Sprintf("Soyad%c", 'A'+rune(i)), Given: "Rəşad"},
						{Kind: NamePassport, Surname: fmt.Sprintf("SOYAD%c", 'A'+rune(i)), Given: "RASHAD"}},
						BirthYear: 1980 + call, Phone: fmt.Sprintf("+994 50 %03d %02d %02d", call, i, i), DocumentNo: fmt.Sprintf("AB%d%d", call, i)}
					if err := in.Validate(time.Now()); err != nil {
						return err
					}
					np := NewPerson{In: in, Keys: cache.Keys(in)}
					if i%2 == 0 { // the document is the status's
						st := StatusInput{Kind: TemporaryPermit, Ground: "work", DocumentNo: in.DocumentNo, ValidFrom: "2020-01-01", ValidTo: "2030-01-01"}
						if err := st.Validate(); err != nil {
							return err
						}
						np.Status = &st
					}
					persons = append(persons, np)
				}
				if _, err := w.Insert(context.Background(), persons); err != nil {
					return err
				}
			}
			return w.Finish(context.Background())
		})
		if err != nil {
			t.Fatal(err)
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM persons`); n != 36 {
			t.Errorf("persons: got %d, want 36", n)
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM person_documents`); n != 16 { // and the registered person's
			t.Errorf("documents without a status: got %d, want 16", n)
		}
		checkKeyList(t, d)
	})
}
