package demo

import (
	"context"
	"fmt"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/council"
)

// pastProposals are what the Council proposed over the years, in the
// language each was written in; the history sends each year a dozen or
// more of them, in turn.
var pastProposals = []struct{ topic, lang, title, body string }{
	{"education", "az", "Uşaqlar üçün Azərbaycan dili yay məktəbi", "Miqrant ailələrinin uşaqları üçün yay aylarında Azərbaycan dili məşğələləri təşkil edilsin."},
	{"residence", "ru", "Напоминание об окончании срока разрешения", "Предлагаем отправлять SMS за месяц до окончания срока разрешения на проживание."},
	{"employment", "en", "Recognition of vocational certificates", "Many migrants hold vocational certificates from abroad; a simple recognition procedure would help them find work."},
	{"health", "az", "Poliklinikalarda tərcüməçi xidməti", "Böyük poliklinikalarda rus və ingilis dillərində tərcüməçi xidməti olsun."},
	{"community", "ru", "Дни культуры общин", "Проводить раз в квартал дни культуры разных общин в домах культуры."},
	{"housing", "az", "Kirayə müqavilələri üçün nümunə", "Kirayə müqaviləsinin bir neçə dildə nümunəsi saytda dərc edilsin."},
	{"education", "en", "Online classes for the legislation course", "People outside Baku cannot travel every week; the legislation course could run online as well."},
	{"residence", "az", "Regionlarda səyyar qəbul", "Uzaq rayonlarda yaşayan miqrantlar üçün ayda bir dəfə səyyar qəbul təşkil edilsin."},
	{"employment", "ru", "Консультации по трудовым правам", "Предлагаем ежемесячные консультации юриста по трудовым правам иностранцев."},
	{"other", "az", "Xidmətin saytında sadə dil", "Saytdakı təlimatlar sadə dildə və qısa yazılsın."},
	{"health", "en", "Vaccination calendar in several languages", "Publish the children's vaccination calendar in English and Russian."},
	{"community", "az", "Könüllü mentorlar proqramı", "Uzun müddət yaşayan miqrantlar yeni gələnlərə könüllü mentor olsun."},
	{"education", "ru", "Учебники для курса A2", "Просим выдавать учебники курса A2 слушателям бесплатно."},
	{"housing", "en", "Temporary shelter information", "A list of temporary shelters and how to reach them should be given at the first meeting."},
}

// pastAnswers are the Service's answers by outcome.
var pastAnswers = map[council.Outcome]council.Texts{
	council.Accepted: {Az: "Təklif qəbul edildi və icra planına daxil edildi.", En: "The proposal is accepted and included in the work plan.",
		Ru: "Предложение принято и включено в план работы."},
	council.PartlyAccepted: {Az: "Təklif qismən qəbul edildi: mövcud imkanlar daxilində icra ediləcək.",
		En: "The proposal is partly accepted: it will be carried out within the means available.",
		Ru: "Предложение принято частично: оно будет выполнено в пределах имеющихся возможностей."},
	council.Rejected: {Az: "Təklif rədd edildi: bu məsələ başqa dövlət orqanının səlahiyyətinə aiddir.",
		En: "The proposal is rejected: the matter lies with another state body.",
		Ru: "Предложение отклонено: вопрос относится к компетенции другого государственного органа."},
}

// pastOutcomes are the answers in turn: every year has some of each.
var pastOutcomes = []council.Outcome{council.Accepted, council.PartlyAccepted, council.Accepted, council.Rejected, council.Accepted,
	council.PartlyAccepted, council.Accepted, council.Rejected, council.PartlyAccepted}

// proposals sends each year's proposals for the secretariat, reviews and
// answers them, each on its day, and has some of the accepted ones
// implemented months later.
func (h *history) proposals(ctx context.Context) error {
	topics, err := h.a.Council.Topics(h.sys, false)
	if err != nil {
		return err
	}
	topicID := map[string]int64{}
	for _, t := range topics {
		topicID[t.Code] = t.ID
	}
	as := access.With(ctx, h.staff[access.CouncilSecretary])
	next := 0
	for year := h.from.Year(); year <= h.today.Year(); year++ {
		first := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
		span := min(365, int(h.today.Sub(first).Hours()/24)-60)
		if span <= 0 {
			continue
		}
		for range 12 + h.r.IntN(6) {
			d := pastProposals[next%len(pastProposals)]
			next++
			sent := h.officeHour(days(first, h.r.IntN(span)))
			reviewed := h.officeHour(days(sent, 2+h.r.IntN(8)))
			answered := h.officeHour(days(reviewed, 10+h.r.IntN(30)))
			outcome := pastOutcomes[next%len(pastOutcomes)]
			dated := func(t time.Time) *council.Store { return h.a.Council.Dated(func() time.Time { return t }) }
			p, err := dated(sent).SubmitFor(as, council.SubmitInput{Title: d.title, Body: d.body, TopicID: topicID[d.topic], Language: d.lang})
			if err != nil {
				return fmt.Errorf("demo: past proposal: %w", err)
			}
			if err := dated(reviewed).Review(as, p.ID, council.ReviewInput{UnitName: "Miqrasiya siyasəti və inteqrasiya şöbəsi"}); err != nil {
				return fmt.Errorf("demo: past review: %w", err)
			}
			if err := dated(answered).Answer(as, p.ID, council.AnswerInput{Outcome: outcome, Answer: pastAnswers[outcome]}); err != nil {
				return fmt.Errorf("demo: past answer: %w", err)
			}
			h.sum.Proposals++
			h.sum.Outcomes[outcome]++
			if done := h.officeHour(days(answered, 60+h.r.IntN(200))); outcome == council.Accepted && h.past(done) && h.r.IntN(2) == 0 {
				err := dated(done).Implement(as, p.ID, council.Texts{Az: "Həyata keçirildi.", En: "Carried out.", Ru: "Выполнено."})
				if err != nil {
					return fmt.Errorf("demo: past implementation: %w", err)
				}
				h.sum.Implemented++
			}
		}
	}
	return nil
}
