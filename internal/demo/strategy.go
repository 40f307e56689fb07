package demo

import (
	"context"
	"fmt"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/council"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/stats"
	"inteqra/internal/strategy"
)

// demoGoal is a strategic goal of the demo's plan with its objectives.
type demoGoal struct {
	title      strategy.Texts
	objectives []demoObjective
}

type demoObjective struct {
	title    strategy.Texts
	measures []demoMeasure
}

// demoMeasure is a measure of the demo's plan: org and partners are
// indexes into demoOrgs; planned and spent are in manat (spent -1: not
// reported).
type demoMeasure struct {
	title          strategy.Texts
	org            int
	partners       []int
	starts, ends   string
	planned, spent int64
	source         strategy.Source
	status         strategy.Status
	carries        string // the title of the Council proposal it carries out
}

// FocalPointOrganisation is the organisation of the demo's focal point, whose
// measures they see and report on.
var FocalPointOrganisation = func() string {
	for _, u := range demoUsers {
		if u.role == access.FocalPoint {
			return demoOrgs[u.org].Name
		}
	}
	return ""
}()

var demoStrategyTitle = strategy.Texts{Az: "Miqrantların inteqrasiyası strategiyası",
	En: "Migrant Integration Strategy", Ru: "Стратегия интеграции мигрантов"}

// demoPlan is the Action Plan of the demo: its measures across the
// ministries, some already past their end without being completed, so
// that they show as delayed.
var demoPlan = []demoGoal{
	{title: strategy.Texts{Az: "Dövlət dilinin öyrənilməsi və təhsilə çıxış", En: "Learning the state language and access to education",
		Ru: "Изучение государственного языка и доступ к образованию"}, objectives: []demoObjective{
		{title: strategy.Texts{Az: "Azərbaycan dili kurslarının əlçatanlığını artırmaq", En: "Make Azerbaijani language courses easier to reach",
			Ru: "Повысить доступность курсов азербайджанского языка"}, measures: []demoMeasure{
			{title: strategy.Texts{Az: "Bakı və Sumqayıtda A1–A2 səviyyəli axşam qruplarının açılması", En: "Open evening A1–A2 groups in Baku and Sumgait",
				Ru: "Открыть вечерние группы уровня A1–A2 в Баку и Сумгайыте"},
				org: 1, partners: []int{4}, starts: "2026-02-01", ends: "2027-06-30", planned: 120000, spent: 45000, source: strategy.StateBudget, status: strategy.InProgress},
			{title: strategy.Texts{Az: "Pulsuz onlayn A1 kursunun hazırlanması", En: "Prepare a free online A1 course",
				Ru: "Подготовить бесплатный онлайн-курс уровня A1"},
				org: 1, partners: []int{6}, starts: "2026-03-01", ends: "2027-06-30", planned: 80000, spent: 20000, source: strategy.Donor, status: strategy.InProgress},
			{title: strategy.Texts{Az: "Azərbaycan dilini ikinci dil kimi tədris edən 40 müəllimin hazırlanması", En: "Train 40 teachers of Azerbaijani as a second language",
				Ru: "Подготовить 40 преподавателей азербайджанского языка как второго"},
				org: 4, partners: []int{1}, starts: "2026-01-15", ends: "2026-09-30", planned: 60000, spent: 38000, source: strategy.StateBudget, status: strategy.InProgress},
			{title: strategy.Texts{Az: "Regional miqrasiya idarələrində dil dərslərinin təşkili", En: "Hold language classes at the regional migration offices",
				Ru: "Организовать языковые занятия в региональных миграционных управлениях"},
				org: 2, partners: []int{1}, starts: "2027-01-01", ends: "2028-12-31", planned: 90000, spent: -1, source: strategy.StateBudget, status: strategy.NotStarted},
		}},
		{title: strategy.Texts{Az: "Miqrant uşaqların təhsilini və diplomların tanınmasını asanlaşdırmaq", En: "Ease the schooling of migrant children and the recognition of diplomas",
			Ru: "Облегчить обучение детей мигрантов и признание дипломов"}, measures: []demoMeasure{
			{title: strategy.Texts{Az: "Xarici diplomların tanınması qaydasının sadələşdirilməsi", En: "Simplify the recognition of foreign diplomas",
				Ru: "Упростить порядок признания иностранных дипломов"},
				org: 4, partners: []int{9}, starts: "2026-01-01", ends: "2026-10-31", planned: 20000, spent: 18500, source: strategy.StateBudget, status: strategy.Completed},
			{title: strategy.Texts{Az: "Məktəblərdə miqrant uşaqlar üçün uyğunlaşma siniflərinin açılması", En: "Open adaptation classes for migrant children in schools",
				Ru: "Открыть адаптационные классы для детей мигрантов в школах"},
				org: 4, partners: []int{5}, starts: "2026-09-01", ends: "2027-06-30", planned: 150000, spent: 30000, source: strategy.StateBudget, status: strategy.InProgress},
			{title: strategy.Texts{Az: "Uşağın məktəbə qəbulu üzrə valideynlər üçün bələdçi", En: "A guide for parents on enrolling a child in school",
				Ru: "Памятка для родителей о зачислении ребёнка в школу"},
				org: 4, partners: []int{0}, starts: "2026-02-01", ends: "2026-05-31", planned: 10000, spent: -1, source: strategy.Donor, status: strategy.NotStarted},
		}},
	}},
	{title: strategy.Texts{Az: "Məşğulluq və sosial müdafiə", En: "Employment and social protection", Ru: "Занятость и социальная защита"}, objectives: []demoObjective{
		{title: strategy.Texts{Az: "Daimi yaşayan miqrantların əmək bazarına çıxışını artırmaq", En: "Widen permanent residents' access to the labour market",
			Ru: "Расширить доступ постоянно проживающих мигрантов к рынку труда"}, measures: []demoMeasure{
			{title: strategy.Texts{Az: "Məşğulluq mərkəzlərində iş axtarışı üzrə məsləhətlər", En: "Job-search counselling at the employment centres",
				Ru: "Консультации по поиску работы в центрах занятости"},
				org: 3, partners: []int{0}, starts: "2026-01-01", ends: "2027-12-31", planned: 70000, spent: 25000, source: strategy.StateBudget, status: strategy.InProgress},
			{title: strategy.Texts{Az: "Regional idarələrdə işəgötürənlərlə aylıq görüşlər", En: "Monthly meetings with employers at the regional offices",
				Ru: "Ежемесячные встречи с работодателями в региональных управлениях"},
				org: 2, partners: []int{3, 7}, starts: "2026-04-01", ends: "2026-11-30", planned: 15000, spent: 14200, source: strategy.StateBudget, status: strategy.Completed},
			{title: strategy.Texts{Az: "Peşə bacarıqlarının tanınması sisteminin yaradılması", En: "Set up the recognition of vocational skills",
				Ru: "Создать систему признания профессиональных навыков"},
				org: 3, partners: []int{4, 6}, starts: "2026-10-01", ends: "2028-06-30", planned: 110000, spent: -1, source: strategy.Donor, status: strategy.NotStarted},
		}},
		{title: strategy.Texts{Az: "Sosial müdafiə haqqında məlumatlılığı və dəstəyi gücləndirmək", En: "Strengthen information on and support from social protection",
			Ru: "Усилить информирование о социальной защите и поддержку"}, measures: []demoMeasure{
			{title: strategy.Texts{Az: "Sosial müavinətlər haqqında üç dildə məlumat", En: "Information on social benefits in three languages",
				Ru: "Информация о социальных пособиях на трёх языках"},
				org: 3, partners: []int{0}, starts: "2026-01-01", ends: "2026-08-31", planned: 8000, spent: 3000, source: strategy.StateBudget, status: strategy.InProgress},
			{title: strategy.Texts{Az: "Həssas miqrantlara QHT-lər vasitəsilə dəstək", En: "Support for vulnerable migrants through NGOs",
				Ru: "Поддержка уязвимых мигрантов через НПО"},
				org: 3, partners: []int{5}, starts: "2026-06-01", ends: "2028-12-31", planned: 200000, spent: 40000, source: strategy.Donor, status: strategy.InProgress},
			{title: strategy.Texts{Az: "İnteqrasiya işlərində sosial işçinin pilot layihəsi", En: "Pilot of a social worker in integration cases",
				Ru: "Пилотный проект социального работника в делах интеграции"},
				org: 0, partners: []int{3}, starts: "2026-03-01", ends: "2026-06-30", planned: 30000, spent: 0, source: strategy.Donor, status: strategy.Cancelled},
		}},
	}},
	{title: strategy.Texts{Az: "Səhiyyə və dövlət xidmətlərinə çıxış", En: "Access to health care and public services", Ru: "Доступ к здравоохранению и государственным услугам"}, objectives: []demoObjective{
		{title: strategy.Texts{Az: "Tibbi xidmətlərə çıxışı asanlaşdırmaq", En: "Make health care easier to reach", Ru: "Облегчить доступ к медицинской помощи"}, measures: []demoMeasure{
			{title: strategy.Texts{Az: "Poliklinikaların siyahısı və qeydiyyat qaydası rus və ingilis dillərində", En: "The list of polyclinics and how to register, in Russian and English",
				Ru: "Список поликлиник и порядок записи на русском и английском языках"},
				org: 8, partners: []int{0}, starts: "2026-03-01", ends: "2026-09-30", planned: 5000, spent: 4800, source: strategy.StateBudget, status: strategy.Completed,
				carries: "Информация о поликлиниках на русском и английском"},
			{title: strategy.Texts{Az: "Bakının 10 poliklinikasında tərcüməçi xidməti", En: "Interpreters at 10 polyclinics in Baku",
				Ru: "Услуги переводчика в 10 поликлиниках Баку"},
				org: 8, partners: []int{5}, starts: "2026-07-01", ends: "2027-12-31", planned: 95000, spent: 12000, source: strategy.Donor, status: strategy.InProgress},
			{title: strategy.Texts{Az: "Miqrant ailələri üçün peyvənd haqqında məlumat", En: "Information on vaccination for migrant families",
				Ru: "Информация о вакцинации для семей мигрантов"},
				org: 8, partners: []int{4}, starts: "2026-01-01", ends: "2026-07-31", planned: 12000, spent: 5000, source: strategy.StateBudget, status: strategy.InProgress},
		}},
		{title: strategy.Texts{Az: "İnteqrasiya xidmətlərini genişləndirmək", En: "Extend the integration services", Ru: "Расширить услуги по интеграции"}, measures: []demoMeasure{
			{title: strategy.Texts{Az: "Bütün regional idarələrdə inteqrasiya konsultantları", En: "Integration consultants at every regional office",
				Ru: "Консультанты по интеграции во всех региональных управлениях"},
				org: 0, partners: []int{2, 6}, starts: "2026-01-01", ends: "2028-12-31", planned: 400000, spent: 110000, source: strategy.Donor, status: strategy.InProgress},
			{title: strategy.Texts{Az: "Yaşayış icazəsinin uzadılması üçün onlayn növbə", En: "Online booking to extend a residence permit",
				Ru: "Онлайн-запись на продление вида на жительство"},
				org: 0, partners: nil, starts: "2026-05-01", ends: "2027-03-31", planned: 60000, spent: 22000, source: strategy.StateBudget, status: strategy.InProgress},
			{title: strategy.Texts{Az: "Miqrantlar üçün pulsuz hüquqi yardım klinikaları", En: "Free legal aid clinics for migrants",
				Ru: "Бесплатные юридические клиники для мигрантов"},
				org: 9, partners: []int{5}, starts: "2026-02-01", ends: "2026-11-30", planned: 40000, spent: -1, source: strategy.StateBudget, status: strategy.NotStarted},
		}},
	}},
	{title: strategy.Texts{Az: "Cəmiyyət həyatında iştirak və qarşılıqlı anlaşma", En: "Participation in society and mutual understanding",
		Ru: "Участие в жизни общества и взаимопонимание"}, objectives: []demoObjective{
		{title: strategy.Texts{Az: "Miqrantların qərarların hazırlanmasında iştirakını təmin etmək", En: "Involve migrants in preparing decisions",
			Ru: "Обеспечить участие мигрантов в подготовке решений"}, measures: []demoMeasure{
			{title: strategy.Texts{Az: "Miqrant Şurasının katibliyinə dəstək", En: "Support for the Migrant Council's secretariat",
				Ru: "Поддержка секретариата Совета мигрантов"},
				org: 0, partners: nil, starts: "2026-01-01", ends: "2030-12-31", planned: 125000, spent: 25000, source: strategy.StateBudget, status: strategy.InProgress},
			{title: strategy.Texts{Az: "Novruz bayramında icmaların birgə tədbiri", En: "A joint Novruz event of the communities",
				Ru: "Совместное мероприятие общин на праздник Новруз"},
				org: 10, partners: []int{0, 5}, starts: "2026-03-01", ends: "2026-03-31", planned: 20000, spent: 19000, source: strategy.StateBudget, status: strategy.Completed},
			{title: strategy.Texts{Az: "Strategiyanın ara qiymətləndirməsi üzrə miqrantlarla məsləhətləşmələr", En: "Consult migrants on the strategy's mid-term review",
				Ru: "Консультации с мигрантами по промежуточной оценке стратегии"},
				org: 0, partners: []int{6}, starts: "2028-01-01", ends: "2028-06-30", planned: 15000, spent: -1, source: strategy.Donor, status: strategy.NotStarted},
		}},
		{title: strategy.Texts{Az: "Ayrı-seçkiliyə qarşı ictimai maarifləndirmə", En: "Raise public awareness against discrimination",
			Ru: "Просвещение общества против дискриминации"}, measures: []demoMeasure{
			{title: strategy.Texts{Az: "Ayrı-seçkiliyə qarşı maarifləndirmə kampaniyası", En: "An awareness campaign against discrimination",
				Ru: "Просветительская кампания против дискриминации"},
				org: 10, partners: []int{6}, starts: "2026-09-01", ends: "2027-08-31", planned: 75000, spent: 10000, source: strategy.Donor, status: strategy.InProgress},
			{title: strategy.Texts{Az: "Dövlət qulluqçuları üçün miqrantların hüquqları üzrə təlim", En: "Training for civil servants on migrants' rights",
				Ru: "Обучение государственных служащих по правам мигрантов"},
				org: 9, partners: []int{0, 6}, starts: "2026-04-01", ends: "2026-10-31", planned: 35000, spent: 20000, source: strategy.Donor, status: strategy.InProgress},
			{title: strategy.Texts{Az: "Kurslara mədəni oriyentasiya modulunun əlavə edilməsi", En: "Add a cultural orientation module to the courses",
				Ru: "Добавить в курсы модуль культурной ориентации"},
				org: 1, partners: []int{10}, starts: "2026-01-01", ends: "2026-06-30", planned: 18000, spent: 17500, source: strategy.StateBudget, status: strategy.Completed},
		}},
	}},
}

// seedStrategy writes the demo's Action Plan as the strategy officer would,
// sets the measures' statuses and publishes it; it returns how many
// measures the plan holds.
func seedStrategy(ctx context.Context, a *app.App, officer, secretary access.Principal) (int, error) {
	ctx = access.With(ctx, officer)
	carries := map[string]int64{} // a proposal's title: the measure that carries it out
	orgIDs, err := orgIDsByName(ctx, a)
	if err != nil {
		return 0, err
	}
	id, err := a.Strategy.CreateStrategy(ctx, strategy.StrategyInput{Title: demoStrategyTitle, FirstYear: 2026, LastYear: 2030})
	if err != nil {
		return 0, fmt.Errorf("demo: strategy: %w", err)
	}
	measures := 0
	for _, g := range demoPlan {
		gid, err := a.Strategy.AddItem(ctx, id, strategy.ItemInput{Title: g.title})
		if err != nil {
			return 0, fmt.Errorf("demo: goal: %w", err)
		}
		for _, o := range g.objectives {
			oid, err := a.Strategy.AddItem(ctx, id, strategy.ItemInput{ParentID: gid, Title: o.title})
			if err != nil {
				return 0, fmt.Errorf("demo: objective: %w", err)
			}
			for _, m := range o.measures {
				in := strategy.ItemInput{ParentID: oid, Title: m.title, ResponsibleID: orgIDs[demoOrgs[m.org].Name],
					StartsOn: m.starts, EndsOn: m.ends, Planned: fmt.Sprint(m.planned), Source: m.source}
				for _, p := range m.partners {
					in.PartnerIDs = append(in.PartnerIDs, orgIDs[demoOrgs[p].Name])
				}
				if m.spent >= 0 {
					in.Spent = fmt.Sprint(m.spent)
				}
				mid, err := a.Strategy.AddItem(ctx, id, in)
				if err != nil {
					return 0, fmt.Errorf("demo: measure %q: %w", m.title.En, err)
				}
				if m.carries != "" {
					carries[m.carries] = mid
				}
				if m.status != strategy.NotStarted {
					if err := a.Strategy.SetStatus(ctx, mid, m.status); err != nil {
						return 0, fmt.Errorf("demo: status of %q: %w", m.title.En, err)
					}
				}
				measures++
			}
		}
	}
	if err := seedIndicators(ctx, a, id); err != nil {
		return 0, err
	}
	if err := a.Strategy.Publish(ctx, id); err != nil {
		return 0, err
	}
	// The secretariat links the accepted proposals to their measures.
	ctx = access.With(ctx, secretary)
	proposals, err := a.Council.Proposals(ctx, council.Filter{})
	if err != nil {
		return 0, err
	}
	for _, p := range proposals {
		if m, ok := carries[p.Title]; ok {
			if err := a.Council.LinkMeasure(ctx, p.ID, m); err != nil {
				return 0, fmt.Errorf("demo: link %s: %w", p.Reference, err)
			}
		}
	}
	return measures, nil
}

// seedReports writes the progress reports of the plan's two latest ended
// periods, through the store as its focal points and strategy officer
// would (the periods before them all approved): some approved, some submitted and waiting for the officer, one of
// the focal point's returned with a comment, some drafted and the rest not
// written, so overdue. An approved report gives the status the measure has
// and no money, so the plan's figures stay the seeded ones. It returns how
// many reports it wrote.
func seedReports(ctx context.Context, a *app.App, officer, focal access.Principal) (int, error) {
	octx := access.With(ctx, officer)
	pl, err := a.Strategy.Published(octx)
	if err != nil {
		return 0, fmt.Errorf("demo: reports: %w", err)
	}
	today := i18n.DayOf(db.Now())
	written, returned, i := 0, false, 0
	for _, g := range pl.Goals {
		for _, o := range g.Children {
			for _, m := range o.Children {
				i++
				writer := octx
				if m.Responsible.ID == focal.OrgID {
					writer = access.With(ctx, focal)
				}
				slots, err := a.Strategy.Slots(octx, m.ID)
				if err != nil {
					return 0, fmt.Errorf("demo: reports of %s: %w", m.Number, err)
				}
				var ended []strategy.Slot
				for _, sl := range slots { // the latest first
					if sl.Period.End.Before(today) {
						ended = append(ended, sl)
					}
				}
				for k, sl := range ended {
					// k 0 is the latest ended period, 1 the one before;
					// the periods before those two were all approved.
					step := "approve"
					if k < 2 {
						step = demoReportSteps[(i+k)%len(demoReportSteps)]
					}
					if k == 0 && !returned && m.Responsible.ID == focal.OrgID {
						step, returned = "return", true
					}
					if step == "" {
						continue
					}
					in := strategy.ReportInput{Narrative: demoNarratives[(i+k)%len(demoNarratives)], Status: m.Status,
						Entries: demoEntries(m, i+k)}
					if step != "approve" {
						in.Spent = fmt.Sprint(500 * (1 + i%7))
					}
					if _, err := a.Strategy.SaveReport(writer, m.ID, sl.Period.Start, in, step != "draft"); err != nil {
						return 0, fmt.Errorf("demo: report of %s: %w", m.Number, err)
					}
					written++
					switch {
					case step == "approve":
						err = a.Strategy.ApproveReport(octx, m.ID, sl.Period.Start)
					case step == "return":
						err = a.Strategy.ReturnReport(octx, m.ID, sl.Period.Start, demoReturnComment)
					}
					if err != nil {
						return 0, fmt.Errorf("demo: report of %s: %w", m.Number, err)
					}
				}
			}
		}
	}
	return written, nil
}

// demoParticipants is the reported indicator every second measure of the
// demo has: the persons who took part, by sex and age band, with yearly
// targets.
var demoParticipants = strategy.IndicatorInput{
	Title: strategy.Texts{Az: "Tədbirdə iştirak edən şəxslərin sayı", En: "Persons who took part in the measure",
		Ru: "Число лиц, участвовавших в мероприятии"},
	Definition: strategy.Texts{Az: "Dövr ərzində tədbirin fəaliyyətlərində ən azı bir dəfə iştirak edən əcnəbilər və vətəndaşlığı olmayan şəxslər; hər şəxs bir dəfə sayılır.",
		En: "Foreigners and stateless persons who took part in the measure's activities at least once in the period; each person counts once.",
		Ru: "Иностранцы и лица без гражданства, хотя бы раз участвовавшие в мероприятиях за период; каждый человек учитывается один раз."},
	Kind: strategy.Output, Unit: strategy.Number, Baseline: "0", BaselineYear: "2025", Source: strategy.Reported,
	Breakdowns: []stats.Category{stats.Sex, stats.Age},
	Targets:    map[int]string{2026: "60", 2027: "120", 2028: "180", 2029: "240", 2030: "300"},
}

// demoComputed are the computed indicators of the demo's objectives, one
// each in turn: the programme's figures, which move with the demo's data.
var demoComputed = []strategy.IndicatorInput{
	{Title: strategy.Texts{Az: "Proqramın əhatə etdiyi şəxslər", En: "People reached by the programme", Ru: "Люди, охваченные программой"},
		Figure: "reached", Unit: strategy.Number, Targets: map[int]string{2026: "150", 2027: "200", 2028: "250"},
		Breakdowns: []stats.Category{stats.Sex}},
	{Title: strategy.Texts{Az: "Kursu başa vuranların payı", En: "Share of learners who complete their course", Ru: "Доля слушателей, завершивших курс"},
		Figure: "course_completion", Baseline: "55", BaselineYear: "2025", Targets: map[int]string{2026: "75", 2027: "78", 2028: "80"}},
	{Title: strategy.Texts{Az: "Verilən sertifikatlar", En: "Certificates issued", Ru: "Выданные сертификаты"},
		Figure: "certificates", Targets: map[int]string{2026: "60", 2027: "80"}},
	{Title: strategy.Texts{Az: "30 gün ərzində razılaşdırılmış planların payı", En: "Share of plans agreed within 30 days",
		Ru: "Доля планов, согласованных в течение 30 дней"}, Figure: "plan_on_time", Targets: map[int]string{2026: "60", 2027: "75"}},
	{Title: strategy.Texts{Az: "Uğurla başa çatan göndərişlərin payı", En: "Share of referrals completed", Ru: "Доля завершённых направлений"},
		Figure: "referrals_completed", Targets: map[int]string{2026: "70", 2027: "75"}},
	{Title: strategy.Texts{Az: "Qəbul edilən Şura təkliflərinin payı", En: "Share of Council proposals accepted",
		Ru: "Доля принятых предложений Совета"}, Figure: "proposals_accepted", Targets: map[int]string{2026: "50", 2027: "55"}},
	{Title: strategy.Texts{Az: "Qiymətləndirilən şəxslər", En: "Persons assessed", Ru: "Лица, прошедшие оценку"},
		Figure: "assessed", Targets: map[int]string{2026: "80", 2027: "120"}, Breakdowns: []stats.Category{stats.Sex}},
}

// demoComputedDefinition defines the demo's computed indicators.
var demoComputedDefinition = strategy.Texts{Az: "Proqramın göstəricisi, sistemin öz məlumatlarından hər dövr üçün hesablanır.",
	En: "The programme's figure, computed for each period from the system's own data.",
	Ru: "Показатель программы, вычисляемый за каждый период по данным самой системы."}

// seedIndicators gives each objective of the plan a computed indicator,
// every second measure the reported one and every fourth the count of
// certificates.
func seedIndicators(ctx context.Context, a *app.App, id int64) error {
	pl, err := a.Strategy.Plan(ctx, id)
	if err != nil {
		return err
	}
	k, i := 0, 0
	for _, g := range pl.Goals {
		for _, o := range g.Children {
			in := demoComputed[k%len(demoComputed)]
			k++
			in.Kind, in.Source, in.Definition = strategy.Outcome, strategy.Computed, demoComputedDefinition
			if _, err := a.Strategy.AddIndicator(ctx, o.ID, in); err != nil {
				return fmt.Errorf("demo: indicator of %s: %w", o.Number, err)
			}
			for _, m := range o.Children {
				if i++; i%4 == 0 { // the Centre's certificates, counted for each period
					in := demoComputed[2]
					in.Kind, in.Source, in.Definition = strategy.Output, strategy.Computed, demoComputedDefinition
					if _, err := a.Strategy.AddIndicator(ctx, m.ID, in); err != nil {
						return fmt.Errorf("demo: indicator of %s: %w", m.Number, err)
					}
				}
				if i%2 == 0 {
					continue
				}
				if _, err := a.Strategy.AddIndicator(ctx, m.ID, demoParticipants); err != nil {
					return fmt.Errorf("demo: indicator of %s: %w", m.Number, err)
				}
			}
		}
	}
	return nil
}

// demoEntries are the values a demo report gives its measure's reported
// indicators: the persons who took part, split by sex and age band.
func demoEntries(m *strategy.Item, n int) []strategy.EntryInput {
	var out []strategy.EntryInput
	for _, ind := range m.Indicators {
		if ind.Source != strategy.Reported {
			continue
		}
		total := 12 + n*7%31
		women := total * 3 / 5
		young := total / 3
		out = append(out,
			strategy.EntryInput{IndicatorID: ind.ID, Value: fmt.Sprint(total)},
			strategy.EntryInput{IndicatorID: ind.ID, Category: stats.Sex, Key: "f", Value: fmt.Sprint(women)},
			strategy.EntryInput{IndicatorID: ind.ID, Category: stats.Sex, Key: "m", Value: fmt.Sprint(total - women)},
			strategy.EntryInput{IndicatorID: ind.ID, Category: stats.Age, Key: string(stats.Age18to24), Value: fmt.Sprint(young)},
			strategy.EntryInput{IndicatorID: ind.ID, Category: stats.Age, Key: string(stats.Age25to34), Value: fmt.Sprint(total - young - 2)},
		)
	}
	return out
}

// demoReportSteps is how far the demo takes a measure's report: approved,
// submitted, drafted or not written ("").
var demoReportSteps = []string{"approve", "submit", "approve", "", "draft", "approve", "submit"}

// demoNarratives are the work done the demo's reports describe.
var demoNarratives = []string{
	"Dövr ərzində planlaşdırılan işlər görülüb: qruplar açılıb, iştirakçılar qeydiyyatdan keçib, tərəfdaşlarla görüş keçirilib.",
	"Hazırlıq işləri başa çatıb; tədbirin əsas hissəsi növbəti dövrdə keçiriləcək.",
	"Tədbir üzrə iş qrafikə uyğun gedir. Hesabat dövründə iki görüş keçirilib və materiallar hazırlanıb.",
}

// demoReturnComment is the strategy officer's comment on the report the
// demo returns to the focal point.
const demoReturnComment = "Zəhmət olmasa, dövrdə xərclənən məbləği və iştirakçıların sayını göstərin."
