package council

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"inteqra/internal/i18n"
	"inteqra/internal/pdfdoc/pdftest"
)

func TestMinutesPDF(t *testing.T) {
	t.Parallel()
	pdftest.Tool(t, "pdftotext")
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2027, 2, 10, 6, 0, 0, 0, time.UTC)
	m := Meeting{State: Approved, StartsAt: at, Venue: "Bakı, Dövlət Miqrasiya Xidməti", ApprovedAt: at.AddDate(0, 1, 0), ApprovedBy: ByChair,
		Minutes:      Texts{Az: "İclasda axşam dil qruplarının açılması müzakirə olunub.", Ru: "Обсуждено открытие вечерних языковых групп."},
		RuTranslated: true,
		Items:        []AgendaItem{{Position: 1, Title: Texts{Az: "Dil kursları", En: "Language courses", Ru: "Языковые курсы"}, Presenter: "Nino Beridze"}},
		Invited:      []Attendee{{Name: "Nino Beridze", Presence: Present}, {Name: "Ərtoğrul Şahin", Presence: Present}, {Name: "Олег Петренко", Presence: Absent}},
		Decisions: []Decision{{Kind: Resolution, Text: Texts{Az: "Axşam qrupları tövsiyə edilsin.", En: "Evening groups are recommended."},
			For: 2, Present: 2, Outcome: Adopted},
			{Kind: Election, Present: 2, Outcome: Elected, ElectedID: 7, Elected: "Ərtoğrul Şahin", Tallies: []Tally{{CandidateID: 7, Votes: 2}}}},
	}
	for _, tc := range []struct {
		lang i18n.Lang
		want []string
	}{
		{i18n.AZ, []string{"10.02.2027", "Dil kursları", "Axşam qrupları tövsiyə edilsin.", "İclasda axşam dil qruplarının", "Nino Beridze, Ərtoğrul Şahin", "Ərtoğrul Şahin"}},
		{i18n.EN, []string{"10 Feb 2027", "Language courses", "Evening groups are recommended.", "İclasda axşam dil qruplarının"}},
		{i18n.RU, []string{"10.02.2027", "Языковые курсы", "Обсуждено открытие вечерних языковых групп."}},
	} {
		p := cat.Printer(tc.lang)
		var buf bytes.Buffer
		if err := WriteMinutesPDF(&buf, p, m); err != nil {
			t.Fatal(err)
		}
		text := pdftest.Text(t, buf.Bytes())
		want := append(tc.want, p.T("council.minutes.pdf.title", "Date", p.Date(at)), p.T("council.meeting.agenda"),
			p.T("council.approval.by_chair", "Date", p.Date(m.ApprovedAt)), m.Decisions[1].Vote(p))
		if tc.lang == i18n.EN {
			want = append(want, p.T("council.minutes.pdf.untranslated"))
		}
		for _, s := range want {
			if !strings.Contains(text, strings.Join(strings.Fields(s), " ")) {
				t.Errorf("%s: the PDF lacks %q\n%s", tc.lang, s, text)
			}
		}
		if strings.Contains(text, "Олег Петренко") {
			t.Errorf("%s: an absent member is listed as present", tc.lang)
		}
	}
}
