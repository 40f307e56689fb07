package demo

import (
	"context"
	"fmt"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
	"inteqra/internal/training"
)

// demoCourses are the Centre's courses in the demo, with the kinds the
// integration page names: the language, history, culture and the law.
var demoCourses = []struct {
	kind, hours string
	title, desc [3]string // az, en, ru
	modules     string
}{
	{"lang_a1", "60",
		[3]string{"Azərbaycan dili: başlanğıc (A1)", "Azerbaijani for beginners (A1)", "Азербайджанский язык для начинающих (A1)"},
		[3]string{"Əlifba, salamlaşma, özünü təqdim etmək, mağazada və poliklinikada ünsiyyət.", "The alphabet, greetings, introducing yourself, talking in a shop and at the clinic.", "Алфавит, приветствия, рассказ о себе, общение в магазине и в поликлинике."},
		"Əlifba və tələffüz\nSalamlaşma və tanışlıq\nGündəlik həyat\nŞəhərdə"},
	{"lang_a2", "80",
		[3]string{"Azərbaycan dili: elementar (A2)", "Azerbaijani, elementary (A2)", "Азербайджанский язык, элементарный уровень (A2)"},
		[3]string{"İş, təhsil və dövlət xidmətləri ilə bağlı sadə mətnlər və söhbətlər.", "Simple texts and conversations about work, study and public services.", "Простые тексты и разговоры о работе, учёбе и государственных услугах."},
		"Ailə və ev\nİş və peşə\nDövlət xidmətləri\nSəyahət"},
	{"lang_b1", "100",
		[3]string{"Azərbaycan dili: orta (B1)", "Azerbaijani, intermediate (B1)", "Азербайджанский язык, средний уровень (B1)"},
		[3]string{"Rəsmi məktublar, iş müsahibəsi, xəbərlər və ictimai mövzularda danışıq.", "Formal letters, job interviews, the news and talking about public life.", "Официальные письма, собеседование, новости и разговор на общественные темы."},
		""},
	{"legislation", "24",
		[3]string{"Əcnəbilərin hüquq və vəzifələri", "Rights and duties of foreigners", "Права и обязанности иностранцев"},
		[3]string{"Miqrasiya Məcəlləsi: yaşamaq üçün icazələr, qeydiyyat, əmək fəaliyyəti, vətəndaşlıq.", "The Migration Code: residence permits, registration, work, citizenship.", "Миграционный кодекс: разрешения на проживание, регистрация, трудовая деятельность, гражданство."},
		"Yaşamaq üçün icazələr\nQeydiyyat qaydaları\nƏmək hüquqları\nVətəndaşlıq"},
	{"history", "30",
		[3]string{"Azərbaycan tarixi", "History of Azerbaijan", "История Азербайджана"},
		[3]string{"Qədim dövrdən müstəqilliyin bərpasına qədər əsas hadisələr.", "The main events from antiquity to the restoration of independence.", "Основные события от древности до восстановления независимости."},
		""},
	{"culture", "20",
		[3]string{"Azərbaycan mədəniyyəti və adət-ənənələri", "Azerbaijani culture and traditions", "Культура и традиции Азербайджана"},
		[3]string{"Novruz, muğam, xalça sənəti, mətbəx və gündəlik adətlər.", "Novruz, mugham, carpet weaving, cuisine and everyday customs.", "Новруз, мугам, ковроткачество, кухня и повседневные обычаи."},
		""},
}

// demoApplicants apply online to the first cohort, so the coordinator's
// queue is not empty.
var demoApplicants = []struct {
	names    []people.Name
	sex      people.Sex
	birth    string
	country  string
	phone    string
	kind     people.StatusKind
	document string
	speaks   []string
}{
	{[]people.Name{{Kind: people.NameAz, Surname: "Kovalenko", Given: "Oksana"}, {Kind: people.NameCyrillic, Surname: "Коваленко", Given: "Оксана"}},
		people.Female, "1986-04-12", "UA", "+994 50 311 22 41", people.PermanentPermit, "DYİ 0045812", []string{"uk", "ru"}},
	{[]people.Name{{Kind: people.NameAz, Surname: "Əhmədi", Given: "Mürtəza"}, {Kind: people.NameNative, Surname: "احمدی", Given: "مرتضی"}},
		people.Male, "1979-09-30", "AF", "+994 55 402 18 77", people.Refugee, "QV 001233", []string{"fa", "ps"}},
	{[]people.Name{{Kind: people.NameAz, Surname: "Beridze", Given: "Nino"}, {Kind: people.NameNative, Surname: "ბერიძე", Given: "ნინო"}},
		people.Female, "1992-01-05", "GE", "+994 70 515 63 02", people.PermanentPermit, "DYİ 0051177", []string{"ka", "ru"}},
}

// seedTraining adds the demo courses, cohorts starting in the coming weeks
// (two open for applications) and a few online applications.
func seedTraining(ctx context.Context, a *app.App, trainerID int64) error {
	ctx = access.With(ctx, access.System())
	var courses []training.Course
	for _, dc := range demoCourses {
		in := training.CourseInput{Kind: dc.kind, Hours: dc.hours, PassMark: "60", Modules: dc.modules,
			Title:       map[i18n.Lang]string{i18n.AZ: dc.title[0], i18n.EN: dc.title[1], i18n.RU: dc.title[2]},
			Description: map[i18n.Lang]string{i18n.AZ: dc.desc[0], i18n.EN: dc.desc[1], i18n.RU: dc.desc[2]},
			Eligible:    training.DefaultEligible}
		c, err := a.Training.SaveCourse(ctx, 0, in)
		if err != nil {
			return fmt.Errorf("demo: course %s: %w", dc.kind, err)
		}
		courses = append(courses, c)
	}
	monday := i18n.DayOf(db.Now()).AddDate(0, 0, 14)
	for monday.Weekday() != time.Monday {
		monday = monday.AddDate(0, 0, 1)
	}
	day := func(weeks, days int) string { return monday.AddDate(0, 0, 7*weeks+days).Format(time.DateOnly) }
	evening := []training.SlotInput{{Weekday: "1", Start: "18:30", End: "20:00"}, {Weekday: "3", Start: "18:30", End: "20:00"}}
	cohorts := []struct {
		course int
		in     training.CohortInput
		open   bool
	}{
		{0, training.CohortInput{StartsOn: day(0, 0), EndsOn: day(10, 4), Slots: evening, Venue: "Bakı, Təlim-tədris mərkəzi, 2-ci otaq",
			TrainerID: trainerID, Capacity: "15", Language: "az"}, true},
		{3, training.CohortInput{StartsOn: day(1, 5), EndsOn: day(4, 5), Slots: []training.SlotInput{{Weekday: "6", Start: "10:00", End: "13:00"}},
			Venue: "Bakı, Təlim-tədris mərkəzi, akt zalı", TrainerID: trainerID, Capacity: "30", Language: "ru"}, true},
		{1, training.CohortInput{StartsOn: day(6, 1), EndsOn: day(18, 3), Slots: []training.SlotInput{{Weekday: "2", Start: "10:00", End: "12:00"},
			{Weekday: "4", Start: "10:00", End: "12:00"}}, OnlineURL: "https://meet.migration.gov.az/a2", Capacity: "20", Language: "az"}, false},
	}
	var first training.Cohort
	for i, dc := range cohorts {
		dc.in.CourseID = courses[dc.course].ID
		c, err := a.Training.CreateCohort(ctx, dc.in)
		if err != nil {
			return fmt.Errorf("demo: cohort of %s: %w", courses[dc.course].Kind, err)
		}
		if dc.open {
			if err := a.Training.MoveCohort(ctx, c.ID, training.Open, ""); err != nil {
				return err
			}
		}
		if i == 0 {
			first = c
		}
	}
	for i, ap := range demoApplicants {
		// Each applicant left an address and is written to (the e-mails wait
		// in the outbox), in the language of the portal they used.
		in := training.ApplicationInput{CohortID: first.ID, DeclaredKind: ap.kind, DeclaredDocument: ap.document,
			ConsentData: true, ConsentProgramme: true, Lang: i18n.Langs[i%len(i18n.Langs)],
			Person: people.Input{Names: ap.names, Sex: ap.sex, BirthDate: ap.birth, Citizenships: []string{ap.country}, Phone: ap.phone,
				Languages: ap.speaks, Email: fmt.Sprintf("applicant%d@example.org", i+1)}}
		if _, err := a.Training.Apply(ctx, in); err != nil {
			return fmt.Errorf("demo: application: %w", err)
		}
	}
	return nil
}
