package people

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
)

// Edit returns the input that reproduces a person, for the edit form.
func (p Person) Edit() Input {
	in := Input{Names: p.Names, Sex: p.Sex, BirthYear: p.BirthYear, Stateless: p.Stateless, Citizenships: p.Citizenships,
		Languages: p.Languages, Script: p.Script, Education: p.Education, Phone: p.Phone, Email: p.Email,
		Address: p.Address, RegionID: p.RegionID}
	if !p.BirthDate.IsZero() {
		in.BirthDate = p.BirthDate.Format("2006-01-02")
	}
	return in
}

// UpdatePerson replaces a person's details with in and records which
// fields changed. Statuses, consents and family links are not touched.
func (s *Store) UpdatePerson(ctx context.Context, id int64, in Input) error {
	if err := access.Require(ctx, access.WritePeople); err != nil {
		return err
	}
	verr := errors.Join(in.Validate(s.now()), in.CheckScripts())
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		if err := errors.Join(verr, checkRegion(ctx, tx, "people.region", in.RegionID)); err != nil {
			return err
		}
		old, err := loadPerson(ctx, tx, id)
		if err != nil {
			return err
		}
		if old.State != Active {
			return errNotActive
		}
		changed := diffInput(old.Edit(), in)
		if len(changed) == 0 {
			return nil
		}
		oldKeys, err := keysOf(ctx, tx, id)
		if err != nil {
			return err
		}
		p := Person{ID: id, DisplayName: displayName(in.Names), Names: in.Names, Sex: in.Sex, BirthDate: in.birthDate,
			BirthYear: in.BirthYear, Stateless: in.Stateless, Citizenships: in.Citizenships, Languages: in.Languages,
			Script: in.Script, Education: in.Education, Phone: in.Phone, Email: in.Email, Address: in.Address, RegionID: in.RegionID}
		_, err = tx.ExecContext(ctx, `UPDATE persons SET display_name = $1, sex = $2, birth_date = $3, birth_year = $4, stateless = $5,
			script = $6, education = $7, phone = $8, email = $9, address = $10, region_id = $11, updated_at = $12 WHERE id = $13`,
			p.DisplayName, p.Sex, nullDate(p.BirthDate), db.NullID(int64(p.BirthYear)), p.Stateless, p.Script, p.Education,
			p.Phone, p.Email, p.Address, db.NullID(p.RegionID), s.now(), id)
		if err != nil {
			return fmt.Errorf("people: update %d: %w", id, err)
		}
		for _, q := range []string{`DELETE FROM person_names WHERE person_id = $1`,
			`DELETE FROM person_citizenships WHERE person_id = $1`, `DELETE FROM person_languages WHERE person_id = $1`} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return fmt.Errorf("people: update %d: %w", id, err)
			}
		}
		if err := insertDetails(ctx, tx, p); err != nil {
			return err
		}
		if err := addDocument(ctx, tx, id, in.DocumentNo); err != nil {
			return err
		}
		if err := updateKeys(ctx, tx, id, oldKeys); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "person.update", "person", strconv.FormatInt(id, 10), changed...)
	})
}

// diffInput names the fields that differ between two validated inputs.
func diffInput(a, b Input) []string {
	var out []string
	add := func(name string, differ bool) {
		if differ {
			out = append(out, name)
		}
	}
	add("names", !slices.Equal(a.Names, b.Names))
	add("sex", a.Sex != b.Sex)
	add("birth", a.BirthDate != b.BirthDate || a.BirthYear != b.BirthYear)
	add("citizenships", a.Stateless != b.Stateless || !slices.Equal(a.Citizenships, b.Citizenships))
	add("languages", !slices.Equal(a.Languages, b.Languages))
	add("script", a.Script != b.Script)
	add("education", a.Education != b.Education)
	add("phone", a.Phone != b.Phone)
	add("email", a.Email != b.Email)
	add("address", a.Address != b.Address)
	add("region", a.RegionID != b.RegionID)
	add("document_no", b.DocumentNo != "")
	return out
}
