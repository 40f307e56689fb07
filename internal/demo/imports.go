package demo

import (
	"context"
	"fmt"
	"strings"

	"golang.org/x/text/encoding/charmap"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/imports"
)

// demoImportFile is an extract of residence-permit holders as an older
// Russian Excel saves it: Windows-1251, semicolons, one row with a date
// that does not exist.
var demoImportFile = strings.Join([]string{
	"Фамилия;Имя;Отчество;Дата рождения;Гражданство;Номер документа",
	"Бондаренко;Олег;Петрович;12.04.1986;UA;TRP 810001",
	"Гончаренко;Ірина;Василівна;03.09.1991;UA;TRP 810002",
	"Ёлкина;Мария;Сергеевна;31.02.1990;RU;TRP 810003",
	"Абдуллаев;Шерзод;Рустамович;22.01.1984;UZ;TRP 810004",
	"Нуриева;Айгуль;Маратовна;17.06.1995;KZ;TRP 810005",
	"Гелашвили;Давид;Гиоргиевич;08.11.1979;GE;TRP 810006",
	"Эмирова;Эльмира;Рашидовна;29.03.1988;RU;TRP 810007",
}, "\r\n") + "\r\n"

// seedImports imports demoImportFile as the consultant would from the
// import pages, then uploads it again: the second batch's report warns
// that the file was imported before and asks for a confirmation. It
// returns the two batches.
func seedImports(ctx context.Context, a *app.App, consultant access.Principal) ([2]int64, error) {
	ctx = access.With(ctx, consultant)
	var ids [2]int64
	content, err := charmap.Windows1251.NewEncoder().String(demoImportFile)
	if err != nil {
		return ids, fmt.Errorf("demo: import file: %w", err)
	}
	for i := range ids {
		b, err := a.Imports.CreateBatch(ctx, "vnj-2026-11.csv", []byte(content), true)
		if err != nil {
			return ids, fmt.Errorf("demo: import batch: %w", err)
		}
		ids[i] = b.ID
		run, err := a.Imports.StartCheck(ctx, b.ID)
		if err == nil {
			_, err = run.Do(ctx, nil)
		}
		if err != nil {
			return ids, fmt.Errorf("demo: import check: %w", err)
		}
		if i > 0 {
			break // the repeat waits for the user's confirmation
		}
		if run, err = a.Imports.StartImport(ctx, b.ID, imports.ValidOnly); err == nil {
			_, err = run.Do(ctx, nil)
		}
		if err != nil {
			return ids, fmt.Errorf("demo: import: %w", err)
		}
	}
	return ids, nil
}
