package mydata

import (
	"strconv"
	"strings"
	"time"

	"inteqra/internal/i18n"
	"inteqra/internal/people"
)

// Section is one part of the data as a reader reads it: a heading and
// its items, each a small table of labels and values in the reader's
// language. The PDF prints them.
type Section struct {
	Title string
	Items []Item
	Empty string // shown when there are no items
}

// Item is one record of a section: a heading and its rows.
type Item struct {
	Heading string
	Rows    []Row
}

// Row is a label and its value.
type Row struct{ Label, Value string }

// item gathers an item's rows, leaving out empty values.
type item struct {
	p *i18n.Printer
	Item
}

func (it *item) add(label, value string) {
	if strings.TrimSpace(value) != "" {
		it.Rows = append(it.Rows, Row{Label: it.p.T(label), Value: value})
	}
}

func (it *item) day(label string, t time.Time) {
	if !t.IsZero() {
		it.add(label, it.p.Date(t))
	}
}

func (it *item) at(label string, t time.Time) {
	if !t.IsZero() {
		it.add(label, it.p.DateTime(t))
	}
}

// code adds a coded value by its catalogue key prefix+code.
func (it *item) code(label, prefix, code string) {
	if code != "" {
		it.add(label, it.p.T(prefix+code))
	}
}

// joinNames writes codes by their names, joined.
func joinNames(codes []string, name func(string) string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = name(c)
	}
	return strings.Join(out, ", ")
}

// Sections gives d as the reader of p reads it, section by section.
func Sections(p *i18n.Printer, d Data) []Section {
	return []Section{personSection(p, d), trainingSection(p, d), casesSection(p, d), proposalsSection(p, d),
		messagesSection(p, d), correctionsSection(p, d), accountSection(p, d)}
}

func accountSection(p *i18n.Printer, d Data) Section {
	s := Section{Title: p.T("mydata.section.account"), Empty: p.T("mydata.none")}
	if d.Account == nil {
		return s
	}
	it := item{p: p, Item: Item{Heading: d.Account.Email}}
	it.at("mydata.linked_at", d.Account.LinkedAt)
	it.code("mydata.linked_how", "account.how.", d.Account.How)
	s.Items = append(s.Items, it.Item)
	for _, r := range d.Account.Requests {
		it := item{p: p, Item: Item{Heading: p.T("mydata.link_request", "Date", p.DateTime(r.SentAt))}}
		it.add("users.name", r.Name)
		it.day("link.birth_date", r.BirthDate)
		it.add("link.document_no", r.DocumentNo)
		it.add("link.reference", r.Reference)
		it.add("link.message", r.Message)
		it.code("mydata.state", "link_requests.state.", string(r.State))
		it.add("link.reason", r.Reason)
		s.Items = append(s.Items, it.Item)
	}
	return s
}

func personSection(p *i18n.Printer, d Data) Section {
	r := d.Person
	s := Section{Title: p.T("mydata.section.person")}
	names := item{p: p, Item: Item{Heading: p.T("mydata.names")}}
	for _, n := range r.Names {
		names.add("people.name_kind."+string(n.Kind), strings.Join(strings.Fields(n.Surname+" "+n.Given+" "+n.Patronymic), " "))
	}
	s.Items = append(s.Items, names.Item)
	it := item{p: p, Item: Item{Heading: p.T("mydata.details")}}
	it.code("people.sex", "people.sex.", string(r.Sex))
	it.day("mydata.birth_date", r.BirthDate)
	if r.BirthDate.IsZero() && r.BirthYear != 0 {
		it.add("mydata.birth_year", strconv.Itoa(r.BirthYear))
	}
	if r.Stateless {
		it.add("mydata.stateless", p.T("mydata.yes"))
	}
	it.add("mydata.citizenships", joinNames(r.Citizenships, func(c string) string { return people.CountryName(p.Lang(), c) }))
	it.add("mydata.languages", joinNames(r.Languages, func(c string) string { return people.LanguageName(p.Lang(), c) }))
	it.add("mydata.document_no", strings.Join(r.Documents, ", "))
	it.code("people.education", "people.education.", r.Education)
	it.code("people.script", "people.script.", r.Script)
	it.add("mydata.phone", r.Phone)
	it.add("mydata.email", r.Email)
	it.add("mydata.address", r.Address)
	it.add("people.region", r.Region[string(p.Lang())])
	it.at("mydata.registered_at", r.RegisteredAt)
	it.at("mydata.updated_at", r.UpdatedAt)
	s.Items = append(s.Items, it.Item)
	for _, st := range r.Statuses {
		it := item{p: p, Item: Item{Heading: p.T("people.status_kind." + string(st.Kind))}}
		it.code("people.status_state", "people.status_state.", string(st.State))
		it.add("mydata.ground", st.Ground)
		it.add("mydata.document_no", st.DocumentNo)
		it.day("mydata.issued_on", st.IssuedOn)
		it.day("mydata.valid_from", st.ValidFrom)
		it.day("mydata.valid_to", st.ValidTo)
		s.Items = append(s.Items, it.Item)
	}
	for _, c := range r.Consents {
		it := item{p: p, Item: Item{Heading: p.T("mydata.consent", "Purpose", p.T("people.purpose."+string(c.Purpose)))}}
		it.day("mydata.given_on", c.GivenOn)
		it.day("mydata.withdrawn_on", c.WithdrawnOn)
		it.add("people.withdraw_reason", c.WithdrawalReason)
		s.Items = append(s.Items, it.Item)
	}
	if len(r.Family) > 0 {
		fam := item{p: p, Item: Item{Heading: p.T("mydata.family")}}
		for _, f := range r.Family {
			fam.add("people.relation."+f.Relation, f.Name)
		}
		s.Items = append(s.Items, fam.Item)
	}
	return s
}

func trainingSection(p *i18n.Printer, d Data) Section {
	s := Section{Title: p.T("mydata.section.training"), Empty: p.T("mydata.none")}
	lang := string(p.Lang())
	for _, e := range d.Training.Enrolments {
		it := item{p: p, Item: Item{Heading: e.Course[lang] + " (" + e.Cohort + ")"}}
		it.add("mydata.reference", e.Reference)
		it.code("mydata.state", "training.state.", string(e.State))
		it.code("training.channel", "training.channel.", e.Channel)
		it.add("mydata.dates", p.Date(e.StartsOn)+" – "+p.Date(e.EndsOn))
		it.at("mydata.applied_at", e.AppliedAt)
		it.at("mydata.decided_at", e.DecidedAt)
		it.add("mydata.reason", e.Reason)
		var marks []string
		for _, a := range e.Attendance {
			marks = append(marks, p.Date(a.Day)+": "+p.T("teach.mark."+a.Mark))
		}
		it.add("mydata.attendance", strings.Join(marks, "; "))
		for _, t := range e.Results {
			v := strconv.Itoa(t.Score)
			if t.Level != "" {
				v += " (" + t.Level + ")"
			}
			it.add("teach.kind."+t.Kind, v+", "+p.Date(t.TakenOn))
		}
		s.Items = append(s.Items, it.Item)
	}
	for _, c := range d.Training.Certificates {
		it := item{p: p, Item: Item{Heading: p.T("mydata.certificate", "Course", c.Course[lang])}}
		it.add("cert.number", c.Number)
		it.day("cert.issued_on", c.IssuedOn)
		it.code("cert.state", "cert.state.", string(c.State))
		s.Items = append(s.Items, it.Item)
	}
	return s
}

func casesSection(p *i18n.Printer, d Data) Section {
	s := Section{Title: p.T("mydata.section.cases"), Empty: p.T("mydata.none")}
	lang := string(p.Lang())
	for _, c := range d.Cases {
		it := item{p: p, Item: Item{Heading: p.T("mydata.case", "Number", c.ID)}}
		it.code("mydata.state", "cases.state.", string(c.State))
		it.at("mydata.opened_at", c.OpenedAt)
		it.at("mydata.closed_at", c.ClosedAt)
		it.add("cases.stated_needs", c.StatedNeeds)
		it.code("cases.outcome", "cases.outcome.", c.Outcome)
		for _, g := range c.Goals {
			v := g.Action + " — " + p.T("plan.progress."+g.Progress)
			if !g.DueOn.IsZero() {
				v += ", " + p.Date(g.DueOn)
			}
			it.add("mydata.goal", p.T("domain."+g.Domain)+": "+v)
		}
		for _, sc := range c.Contacts {
			it.add("mydata.service", sc.Service[lang]+", "+p.Date(sc.HeldOn)+strings.TrimRight(" "+sc.Outcome, " "))
		}
		for _, f := range c.Referrals {
			v := f.Organisation + " — " + p.T("domain."+f.Domain) + ": " + f.Need + " — " + p.T("referral.state."+f.State) +
				", " + p.Date(f.SentAt.UTC())
			if f.Answer != "" {
				v += " — " + f.Answer
			}
			it.add("mydata.referral", v)
		}
		s.Items = append(s.Items, it.Item)
	}
	return s
}

func proposalsSection(p *i18n.Printer, d Data) Section {
	s := Section{Title: p.T("mydata.section.proposals"), Empty: p.T("mydata.none")}
	lang := string(p.Lang())
	for _, pr := range d.Proposals {
		it := item{p: p, Item: Item{Heading: pr.Reference + " " + pr.Title}}
		it.add("mydata.topic", pr.Topic[lang])
		it.code("mydata.state", "council.state.", string(pr.State))
		it.at("mydata.submitted_at", pr.SubmittedAt)
		it.add("mydata.text", pr.Body)
		it.code("mydata.outcome", "council.outcome.", pr.Outcome)
		it.add("mydata.answer", pr.Answer[lang])
		it.at("mydata.answered_at", pr.AnsweredAt)
		s.Items = append(s.Items, it.Item)
	}
	return s
}

func messagesSection(p *i18n.Printer, d Data) Section {
	s := Section{Title: p.T("mydata.section.messages"), Empty: p.T("mydata.none")}
	for _, m := range d.Messages {
		it := item{p: p, Item: Item{Heading: m.Subject}}
		if m.Subject == "" {
			it.Heading = p.T("outbox.text_message")
		}
		it.code("mydata.channel", "outbox.channel.", m.Channel)
		it.add("mydata.to", m.To)
		it.at("mydata.written_at", m.Written)
		it.at("mydata.sent_at", m.SentAt)
		it.add("mydata.text", m.Body)
		s.Items = append(s.Items, it.Item)
	}
	return s
}

func correctionsSection(p *i18n.Printer, d Data) Section {
	s := Section{Title: p.T("mydata.section.corrections"), Empty: p.T("mydata.none")}
	for _, c := range d.Corrections {
		it := item{p: p, Item: Item{Heading: p.T("mydata.correction.heading", "Date", p.DateTime(c.CreatedAt))}}
		it.add("mydata.text", c.Text)
		it.code("mydata.state", "mydata.correction.state.", c.State)
		it.add("mydata.answer", c.Answer)
		it.at("mydata.answered_at", c.AnsweredAt)
		s.Items = append(s.Items, it.Item)
	}
	return s
}
