package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/i18n"

	"inteqra/internal/imports"
)

const importUsage = "usage: inteqra import persons FILE [-db DSN] [-mode all|valid] [-dry-run] [-force] [-map column=field,...] [-lang az|en|ru] [-resume BATCH]\n" +
	"       inteqra import discard BATCH [-db DSN]  (remove what a cut-off import added)\n" +
	"       inteqra import reference FILE [-dir DIR]  (time an import beside C sqlite3 loading the same rows; docs/PERFORMANCE.md)"

func importCommand(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "reference" {
		return importReference(ctx, args, os.Stdout, os.Stderr)
	}
	if len(args) > 0 && args[0] == "discard" {
		return importDiscard(ctx, args[1:], os.Stdout)
	}
	return importPersons(ctx, args, os.Stdout, os.Stderr)
}

// importPersons imports a CSV or XLSX file of persons with the same engine
// as the web pages: the mapping is suggested from the headers and can be
// changed with -map, -dry-run checks every row and changes nothing, and the
// import runs in one transaction (Ctrl+C leaves nothing behind). A file
// already imported is refused without -force. The dry run shows the
// encoding the file was read in and the first names as read. The report
// goes to out, the progress bar to errOut.
func importPersons(ctx context.Context, args []string, out, errOut io.Writer) error {
	if len(args) == 0 || args[0] != "persons" {
		return errors.New(importUsage)
	}
	cfg, fs := parse("import persons")
	mode := fs.String("mode", "valid", "all: any bad row imports nothing; valid: bad rows are skipped and listed")
	dryRun := fs.Bool("dry-run", false, "check every row and report; change nothing")
	force := fs.Bool("force", false, "import a file that was already imported (rows it imported are skipped all the same)")
	spec := fs.String("map", "", "column=field,... over the suggested mapping; a column by header or number, field - to leave it out")
	langFlag := fs.String("lang", "en", "language of the report: az, en or ru")
	resume := fs.Int64("resume", 0, "the batch of a cut-off import of this file: import the rest")
	file, err := parseWithFile(fs, args[1:])
	if err != nil {
		return err
	}
	lang, ok := i18n.Parse(*langFlag)
	if !ok {
		return fmt.Errorf("-lang %q: want az, en or ru", *langFlag)
	}
	cat, err := i18n.Load()
	if err != nil {
		return err
	}
	pr := cat.Printer(lang)
	content, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	f, err := imports.ReadFile(file, content)
	if err != nil {
		return userError(pr, err)
	}
	defer f.Close()
	m, err := imports.ParseMapping(f.Headers, *spec, imports.SuggestMapping(f.Headers, f.Sample(20)))
	if err == nil {
		err = m.Check(f.Headers)
	}
	if err != nil {
		return userError(pr, err)
	}
	fmt.Fprintf(errOut, "%s\nencoding: %s\nmapping: %s\n", f, f.Encoding, m.Spec(f.Headers))

	a, err := openApp(ctx, *cfg)
	if err != nil {
		return err
	}
	defer closeApp(ctx, a)
	store := a.Imports
	sys := access.With(ctx, access.System())
	bar := newProgressBar(errOut)
	if *dryRun {
		rep, err := store.DryRun(sys, f, m, bar.show)
		bar.done()
		if err != nil {
			return userError(pr, err)
		}
		printReport(out, pr, rep)
		printNames(out, pr, f, m)
		if err := printEarlier(sys, out, pr, store, content); err != nil {
			return err
		}
		fmt.Fprintf(out, "dry run: %d rows, %d to import, %d bad, %d duplicates skipped, %d possible duplicates flagged; nothing was changed\n",
			rep.Rows, rep.Importable(), rep.Invalid, rep.Duplicates, rep.Flagged)
		return nil
	}
	var b imports.Batch
	if *resume != 0 {
		b, err = store.Resumable(sys, *resume, content)
	} else {
		b, err = store.CreateBatch(sys, f.Name, content, false)
		if err == nil {
			err = store.SetMapping(sys, b.ID, m)
		}
	}
	if err == nil && *force {
		err = store.ConfirmRepeat(sys, b.ID)
	}
	var run *imports.Run
	if err == nil {
		run, err = store.StartImport(sys, b.ID, imports.Mode(*mode))
	}
	if errors.Is(err, imports.ErrRepeatedFile) {
		return fmt.Errorf("%w (-force imports it again)", userError(pr, err))
	}
	if err != nil {
		return userError(pr, err)
	}
	run.OnProgress(bar.show)
	rep, err := run.Do(sys, f)
	bar.done()
	printReport(out, pr, rep)
	if err != nil && interrupted(context.WithoutCancel(sys), store, b.ID) {
		return fmt.Errorf("import %d interrupted: what it committed stays; import the rest with -resume %d, or remove it with: inteqra import discard %d",
			b.ID, b.ID, b.ID)
	}
	if err != nil {
		return fmt.Errorf("import %d: %w", b.ID, userError(pr, err))
	}
	fmt.Fprintf(out, "import %d: %d persons imported from %d rows; %d bad and %d duplicate rows skipped, %d flagged as possible duplicates\n",
		b.ID, rep.Imported, rep.Rows, rep.Invalid, rep.Duplicates, rep.Flagged)
	fmt.Fprintf(errOut, "the longest chunk held the writer for %v\n", run.Progress().LongestChunk.Round(time.Millisecond))
	return nil
}

// interrupted reports whether batch id was left interrupted.
func interrupted(ctx context.Context, store *imports.Store, id int64) bool {
	b, err := store.Batch(ctx, id)
	return err == nil && b.Interrupted()
}

// importDiscard removes what a cut-off import added.
func importDiscard(ctx context.Context, args []string, out io.Writer) error {
	cfg, fs := parse("import discard")
	batch, err := parseWithFile(fs, args)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(batch, 10, 64)
	if err != nil {
		return errors.New(importUsage)
	}
	cat, err := i18n.Load()
	if err != nil {
		return err
	}
	a, err := openApp(ctx, *cfg)
	if err != nil {
		return err
	}
	defer closeApp(ctx, a)
	n, err := a.Imports.Discard(access.With(ctx, access.System()), id)
	if err != nil {
		return fmt.Errorf("import %d: %w", id, userError(cat.Printer(i18n.EN), err))
	}
	fmt.Fprintf(out, "import %d discarded: %d persons removed\n", id, n)
	return nil
}

// userError is err in the report's language when it is meant for a user;
// anything else stays as it is, for the operator.
func userError(pr *i18n.Printer, err error) error {
	if _, ok := errors.AsType[*i18n.Error](err); ok {
		return errors.New(pr.Error(err))
	}
	return err
}

// parseWithFile parses flags before and after the one file argument.
func parseWithFile(fs *flag.FlagSet, args []string) (string, error) {
	var file string
	for {
		if err := fs.Parse(args); err != nil {
			return "", err
		}
		if fs.NArg() == 0 {
			break
		}
		if file != "" {
			return "", errors.New(importUsage)
		}
		file, args = fs.Arg(0), fs.Args()[1:]
	}
	if file == "" {
		return "", errors.New(importUsage)
	}
	return file, nil
}

// printReport lists every issue: line, column, what happens to the row and why.
func printReport(out io.Writer, pr *i18n.Printer, rep imports.Report) {
	for _, is := range rep.Issues {
		where := fmt.Sprintf("line %d", is.Line)
		if is.Column != "" {
			where += fmt.Sprintf(", %q", is.Column)
		}
		record := ""
		if is.PersonID != 0 {
			record = fmt.Sprintf(" [#%d]", is.PersonID)
		}
		fmt.Fprintf(out, "%s: %s: %s%s\n", where, pr.T("import.kind."+string(is.Kind)), pr.Error(is.Reason), record)
	}
}

// printNames shows how the first names of the file read under m, and the
// encoding it was read in, for the user to see the letters came out right.
func printNames(out io.Writer, pr *i18n.Printer, f *imports.File, m imports.Mapping) {
	fmt.Fprintf(out, "%s (%s: %s):\n", pr.T("import.names_sample"), pr.T("import.encoding"), f.Encoding)
	for _, s := range f.NameSample(m, 8) {
		fmt.Fprintf(out, "  line %d: %s\n", s.Line, strings.Join(s.Names, " / "))
	}
}

// printEarlier says when the file was imported before: its import needs -force.
func printEarlier(ctx context.Context, out io.Writer, pr *i18n.Printer, store *imports.Store, content []byte) error {
	same, err := store.SameFile(ctx, imports.Batch{ContentSHA256: imports.ContentHash(content)})
	if err != nil || len(same) == 0 {
		return err
	}
	fmt.Fprintf(out, "%s (-force)\n", pr.Error(imports.RepeatedFile(same[len(same)-1])))
	return nil
}

// progressBar draws rows done of the total, and the rate, on one line.
type progressBar struct {
	w     io.Writer
	start time.Time
	last  time.Time
	drawn bool
	every time.Duration // at most one update this often
	lead  string        // "\r" redraws the line on a terminal
}

func newProgressBar(w io.Writer) *progressBar {
	b := &progressBar{w: w, start: time.Now(), every: 200 * time.Millisecond, lead: "\r"}
	// Into a log file or a pipe, a line every few seconds instead of a
	// bar redrawn in place.
	if f, ok := w.(*os.File); !ok || !isTerminal(f) {
		b.every, b.lead = 5*time.Second, "\n"
	}
	return b
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func (b *progressBar) show(p imports.Progress) {
	now := time.Now()
	if now.Sub(b.last) < b.every && p.Done < p.Total {
		return
	}
	b.last, b.drawn = now, true
	const width = 30
	filled := p.Percent() * width / 100
	rate := float64(p.Done) / max(now.Sub(b.start).Seconds(), 0.001)
	fmt.Fprintf(b.w, "%s[%s%s] %3d%%  %d/%d rows  %.0f rows/s ", b.lead, strings.Repeat("#", filled), strings.Repeat("-", width-filled),
		p.Percent(), p.Done, p.Total, rate)
}

func (b *progressBar) done() {
	if b.drawn {
		fmt.Fprintf(b.w, "\n%s\n", time.Since(b.start).Round(time.Millisecond))
	}
}
