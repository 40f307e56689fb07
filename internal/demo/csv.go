package demo

import (
	"context"
	"io"
	"strconv"
	"strings"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/people"
	"inteqra/internal/safecsv"
)

// csvColumns are the columns WritePersonsCSV writes, named as the import's
// fields so that `inteqra import persons` maps them without help.
var csvColumns = []string{
	"surname_az", "given_az", "patronymic_az",
	"surname_passport", "given_passport",
	"surname_cyrillic", "given_cyrillic", "patronymic_cyrillic",
	"surname_native", "given_native",
	"sex", "birth_date", "birth_year", "citizenship", "stateless", "languages", "phone", "email", "address",
	"document_no", "status_kind", "status_ground", "status_valid_from", "status_valid_to",
}

// WritePersonsCSV writes n realistic persons, drawn like the demo's, as an
// import file: the generator behind the registry's million-row figures.
// It needs the database only for the regions catalogue.
func WritePersonsCSV(ctx context.Context, a *app.App, w io.Writer, n int, seed int64) error {
	g, err := newDemoGen(access.With(ctx, access.System()), a, seed)
	if err != nil {
		return err
	}
	cw := safecsv.NewWriter(w)
	if err := cw.Write(csvColumns); err != nil {
		return err
	}
	row := make([]string, len(csvColumns))
	for i, o := range g.originQuotas(n) {
		if i%65536 == 0 && len(g.used) > 1<<20 {
			// Phones and e-mails only need to be unique nearby; a bounded
			// memory keeps a million-row file cheap to write.
			clear(g.used)
		}
		d := g.person(o)
		fillRow(row, d.input())
		// The file has no status state: a permit still applied for, which
		// has no end date yet, is left out rather than written as granted.
		if st, ok := lastGranted(d.statuses); ok {
			row[20], row[21], row[22], row[23] = string(st.Kind), st.Ground, st.ValidFrom, st.ValidTo
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	return cw.Flush()
}

func fillRow(row []string, in people.Input) {
	clear(row)
	for _, n := range in.Names {
		switch n.Kind {
		case people.NameAz:
			row[0], row[1], row[2] = n.Surname, n.Given, n.Patronymic
		case people.NamePassport:
			row[3], row[4] = n.Surname, n.Given
		case people.NameCyrillic:
			row[5], row[6], row[7] = n.Surname, n.Given, n.Patronymic
		case people.NameNative:
			row[8], row[9] = n.Surname, n.Given
		}
	}
	row[10], row[11] = string(in.Sex), in.BirthDate
	if in.BirthDate == "" && in.BirthYear != 0 {
		row[12] = strconv.Itoa(in.BirthYear)
	}
	row[13] = strings.Join(in.Citizenships, ";")
	if in.Stateless {
		row[14] = "yes"
	}
	row[15] = strings.Join(in.Languages, ";")
	row[16], row[17], row[18], row[19] = in.Phone, in.Email, in.Address, in.DocumentNo
}

func lastGranted(list []people.StatusInput) (people.StatusInput, bool) {
	for i := len(list) - 1; i >= 0; i-- {
		if st := list[i]; st.State != people.Applied && st.State != people.Revoked {
			return st, true
		}
	}
	return people.StatusInput{}, false
}
