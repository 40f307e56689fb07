package council

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"inteqra/internal/i18n"
	"inteqra/internal/pdfdoc"
)

// WriteMinutesPDF writes a meeting's minutes as an A4 document in p's
// language: the meeting's time and place, attendance, agenda, decisions
// with their votes, the text of the minutes and how they were approved.
// Minutes not yet translated into the language print in Azerbaijani, with
// a note saying so. Attendees without names (the public's copy) print as
// counts only. The output depends only on m and p.
func WriteMinutesPDF(w io.Writer, p *i18n.Printer, m Meeting) error {
	if m.Minutes.Az == "" {
		return errors.New("council: minutes PDF of a meeting without minutes")
	}
	f := pdfdoc.New()
	f.SetCatalogSort(true)
	f.SetCreationDate(m.ApprovedAt)
	f.SetModificationDate(m.ApprovedAt)
	title := p.T("council.minutes.pdf.title", "Date", p.Date(m.StartsAt))
	f.SetTitle(title, true)
	f.SetAuthor(p.T("council.minutes.pdf.author"), true)
	f.SetLang(string(p.Lang()))
	f.SetMargins(20, 20, 20)
	f.SetAutoPageBreak(true, 20)
	f.SetFooterFunc(func() {
		f.SetY(-14)
		f.SetFont(pdfdoc.Family, "", 8)
		f.CellFormat(0, 5, p.T("council.minutes.pdf.page", "Page", f.PageNo()), "", 0, "C", false, 0, "")
	})
	f.AddPage()
	d := minutesDoc{f: f}
	d.text("B", 15, p.T("council.minutes.pdf.author"))
	d.text("B", 13, title)
	d.gap()
	place := m.Venue
	if m.OnlineURL != "" {
		place = fmt.Sprintf("%s %s", place, m.OnlineURL)
	}
	d.pair(p.T("council.meeting.starts_at"), p.DateTime(m.StartsAt))
	d.pair(p.T("council.meeting.venue"), place)
	d.pair(p.T("council.attendance.presence"), p.T("council.minutes.pdf.present", "Present", m.PresentCount(),
		"Invited", len(m.Invited), "Quorum", m.Quorum(), "Guests", len(m.Guests)))
	var present []string
	for _, a := range m.Invited {
		if a.Presence == Present && a.Name != "" {
			present = append(present, a.Name)
		}
	}
	if len(present) > 0 {
		d.pair(p.T("council.presence.present"), strings.Join(present, ", "))
	}
	if !m.Translated(p.Lang()) {
		d.gap()
		d.text("", 9.5, p.T("council.minutes.pdf.untranslated"))
	}
	if len(m.Items) > 0 {
		d.heading(p.T("council.meeting.agenda"))
		for _, it := range m.Items {
			line := fmt.Sprintf("%d. %s", it.Position, it.Title.In(p.Lang()))
			if it.Presenter != "" {
				line += " (" + it.Presenter + ")"
			}
			d.text("", 10.5, line)
		}
	}
	if len(m.Decisions) > 0 {
		d.heading(p.T("council.meeting.decisions"))
		for i, dec := range m.Decisions {
			d.text("B", 10.5, fmt.Sprintf("%d. %s", i+1, dec.Title(p)))
			d.text("", 10, dec.Vote(p))
		}
	}
	d.heading(p.T("council.meeting.minutes"))
	d.text("", 10.5, m.MinutesIn(p.Lang()))
	if !m.ApprovedAt.IsZero() {
		d.gap()
		d.text("", 10, m.Approval(p))
	}
	return f.Output(w)
}

// minutesDoc writes the minutes top to bottom.
type minutesDoc struct{ f *fpdf.Fpdf }

func (d minutesDoc) text(style string, size float64, s string) {
	d.f.SetFont(pdfdoc.Family, style, size)
	d.f.MultiCell(0, size*0.5, s, "", "L", false)
}

func (d minutesDoc) gap() { d.f.Ln(3) }

func (d minutesDoc) heading(s string) {
	d.f.Ln(4)
	d.text("B", 12, s)
	d.f.Ln(1)
}

func (d minutesDoc) pair(label, value string) {
	d.f.SetFont(pdfdoc.Family, "B", 10.5)
	d.f.CellFormat(45, 5.5, label, "", 0, "L", false, 0, "")
	d.f.SetFont(pdfdoc.Family, "", 10.5)
	d.f.MultiCell(0, 5.5, value, "", "L", false)
}

// Title is a decision's text in p's language, or for an election its name.
func (d Decision) Title(p *i18n.Printer) string {
	if d.Kind == Election {
		return p.T("council.election.title")
	}
	return d.Text.In(p.Lang())
}

// Vote is a decision's vote and outcome in words.
func (d Decision) Vote(p *i18n.Printer) string {
	if d.Kind == Election {
		if d.Outcome == Elected {
			return p.T("council.election.result_elected", "Name", d.Elected, "Votes", d.winnerVotes(), "Present", d.Present)
		}
		return p.T("council.outcome."+d.Outcome) + " " + p.T("council.election.result_present", "Present", d.Present)
	}
	return p.T("council.decision.result", "For", d.For, "Against", d.Against, "Abstained", d.Abstained,
		"Present", d.Present, "Outcome", p.T("council.outcome."+d.Outcome))
}

func (d Decision) winnerVotes() int {
	for _, t := range d.Tallies {
		if t.CandidateID == d.ElectedID {
			return t.Votes
		}
	}
	return 0
}

// Approval says in words who approved the minutes and when.
func (m Meeting) Approval(p *i18n.Printer) string {
	if m.ApprovedBy == ByChair {
		return p.T("council.approval.by_chair", "Date", p.Date(m.ApprovedAt))
	}
	return p.T("council.approval.by_council", "Date", p.Date(m.ApprovedAt))
}
