package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/council"
	"inteqra/internal/db"
	"inteqra/internal/people"
)

// demoProposal is one proposal of the demo and how far it went: the days
// before today when it was sent, reviewed, answered and implemented (0:
// not), and whether it was withdrawn.
type demoProposal struct {
	author                                []people.Name
	birth, email                          string
	topic                                 string
	lang, title, body                     string
	sent, reviewed, answered, implemented int
	due                                   int // days the unit has to answer
	outcome                               council.Outcome
	answer, done                          council.Texts
	withdrawn                             bool
}

var demoProposals = []demoProposal{
	{author: []people.Name{{Kind: people.NameAz, Surname: "Nazarova", Given: "Gulnora"}}, birth: "1988-09-17", email: "gulnora.nazarova@example.org",
		topic: "education", lang: "ru", title: "Вечерние группы курса азербайджанского языка",
		body: "Многие работающие мигранты не могут посещать занятия днём. Просим открыть вечерние группы курса A1 в Баку и Сумгайыте.",
		sent: 3},
	{author: []people.Name{{Kind: people.NameAz, Surname: "Hüseyni", Given: "Məryəm"}}, birth: "1992-02-05",
		topic: "residence", lang: "az", title: "Yaşayış icazəsinin uzadılması üçün onlayn növbə",
		body: "Regional idarələrdə növbə uzun olur. Yaşayış icazəsinin uzadılması üçün onlayn növbə sistemi təklif edirik.",
		sent: 12, reviewed: 9, due: 30},
	{topic: "housing", lang: "en", title: "A guide to renting a flat for newcomers",
		body: "Newcomers often sign rental agreements they cannot read. The Council proposes a short guide in several languages on renting safely.",
		sent: 55, reviewed: 50, due: 30},
	{author: []people.Name{{Kind: people.NameAz, Surname: "Tkachenko", Given: "Olha"}}, birth: "1983-12-01",
		topic: "health", lang: "ru", title: "Информация о поликлиниках на русском и английском",
		body: "Просим публиковать список поликлиник и порядок записи к врачу на русском и английском языках.",
		sent: 140, reviewed: 135, answered: 110, due: 30, outcome: council.Accepted,
		answer: council.Texts{Az: "Təklif qəbul edildi: siyahı Səhiyyə Nazirliyi ilə birlikdə hazırlanır.",
			En: "The proposal is accepted: the list is being prepared with the Ministry of Health.",
			Ru: "Предложение принято: список готовится вместе с Министерством здравоохранения."}},
	{topic: "employment", lang: "az", title: "İş axtaran miqrantlar üçün yarmarka",
		body: "Şura ildə bir dəfə işəgötürənlərlə miqrantların görüşdüyü əmək yarmarkası keçirilməsini təklif edir.",
		sent: 100, reviewed: 96, answered: 60, due: 30, outcome: council.PartlyAccepted,
		answer: council.Texts{Az: "Qismən qəbul edildi: yarmarka əvəzinə regional idarələrdə aylıq görüşlər keçiriləcək.",
			En: "Partly accepted: instead of a fair, regional offices will hold monthly meetings with employers.",
			Ru: "Принято частично: вместо ярмарки региональные управления будут проводить ежемесячные встречи с работодателями."}},
	{author: []people.Name{{Kind: people.NameAz, Surname: "Əzizi", Given: "Fərhad"}}, birth: "1979-06-30",
		topic: "other", lang: "az", title: "Bütün sənədlərin fars dilinə tərcüməsi",
		body: "Xidmətin bütün formalarının fars dilində də olmasını təklif edirəm.",
		sent: 80, reviewed: 78, answered: 50, due: 30, outcome: council.Rejected,
		answer: council.Texts{Az: "Rədd edildi: formalar dövlət dilində və ingilis, rus dillərində verilir; tərcüməçi xidməti konsultantlar vasitəsilə mövcuddur.",
			En: "Rejected: forms are issued in the state language, English and Russian; interpretation is available through the consultants.",
			Ru: "Отклонено: формы выпускаются на государственном, английском и русском языках; устный перевод доступен через консультантов."}},
	{topic: "community", lang: "az", title: "Novruz bayramında icmaların birgə tədbiri",
		body: "Şura Novruz bayramında müxtəlif icmaların iştirak etdiyi birgə tədbir təşkil edilməsini təklif edir.",
		sent: 400, reviewed: 395, answered: 380, implemented: 300, due: 30, outcome: council.Accepted,
		answer: council.Texts{Az: "Qəbul edildi.", En: "Accepted.", Ru: "Принято."},
		done: council.Texts{Az: "Tədbir Bakıda keçirildi, 12 icma iştirak etdi.", En: "The event was held in Baku with 12 communities taking part.",
			Ru: "Мероприятие прошло в Баку, участвовали 12 общин."}},
	{author: []people.Name{{Kind: people.NameAz, Surname: "Kim", Given: "Viktoriya"}}, birth: "1990-01-22",
		topic: "education", lang: "ru", title: "Скидки на курсы для студентов",
		body: "Предлагаю скидки на курсы для иностранных студентов.",
		sent: 30, reviewed: 28, due: 30, withdrawn: true},
}

// seedProposals sends the demo's proposals and takes each as far as it
// went, dated by a clock set back to each step's day; it returns the
// reference and birth date of the first of demoProposals (still waiting
// for review), to try the lookup with.
func seedProposals(ctx context.Context, a *app.App, secretary access.Principal) (string, string, error) {
	topics, err := a.Council.Topics(ctx, false)
	if err != nil {
		return "", "", err
	}
	topicID := map[string]int64{}
	for _, t := range topics {
		topicID[t.Code] = t.ID
	}
	as := access.With(ctx, secretary)
	var first, birth string
	// Sent oldest first, so that references run in the order of their days.
	for _, d := range slices.SortedStableFunc(slices.Values(demoProposals), func(a, b demoProposal) int { return b.sent - a.sent }) {
		at := func(days int) *council.Store {
			day := db.Now().AddDate(0, 0, -days)
			return a.Council.Dated(func() time.Time { return day })
		}
		var p council.Proposal
		if d.author != nil {
			p, err = at(d.sent).Submit(ctx, council.SubmitInput{Person: people.Input{Names: d.author, BirthDate: d.birth, Email: d.email,
				Phone: "+994 50 000 00 00"}, Title: d.title, Body: d.body, TopicID: topicID[d.topic], Language: d.lang, ConsentData: true})
		} else {
			p, err = at(d.sent).SubmitFor(as, council.SubmitInput{Title: d.title, Body: d.body, TopicID: topicID[d.topic], Language: d.lang})
		}
		if err != nil {
			return "", "", fmt.Errorf("demo: proposal %q: %w", d.title, err)
		}
		if d.title == demoProposals[0].title {
			first, birth = p.Reference, d.birth
		}
		if d.reviewed > 0 {
			due := db.Now().AddDate(0, 0, d.due-d.reviewed).Format(time.DateOnly)
			if err := at(d.reviewed).Review(as, p.ID, council.ReviewInput{UnitName: "Miqrasiya siyasəti və inteqrasiya şöbəsi", DueOn: due}); err != nil {
				return "", "", fmt.Errorf("demo: review %q: %w", d.title, err)
			}
		}
		if d.answered > 0 {
			if err := at(d.answered).Answer(as, p.ID, council.AnswerInput{Outcome: d.outcome, Answer: d.answer}); err != nil {
				return "", "", fmt.Errorf("demo: answer %q: %w", d.title, err)
			}
		}
		if d.implemented > 0 {
			if err := at(d.implemented).Implement(as, p.ID, d.done); err != nil {
				return "", "", err
			}
		}
		if d.withdrawn {
			if err := at(d.reviewed-1).Withdraw(as, p.ID); err != nil {
				return "", "", err
			}
		}
	}
	return first, birth, nil
}
