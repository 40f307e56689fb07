package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/council"
	"inteqra/internal/db"
)

// demoPaper is a whole one-page PDF, the paper of an agenda item.
const demoPaper = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj " +
	"3 0 obj<</Type/Page/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

// demoMeeting is one meeting of the demo: its day (days from today, past
// negative), the agenda, how many of the members came, the decision, and
// its minutes with how far they went.
type demoMeeting struct {
	days     int
	items    []demoItem
	present  int // the first present of the active members; the rest excused
	decision council.DecisionInput
	elect    bool // the chair is elected at this meeting
	minutes  council.MinutesInput
	approve  string // council.ByCouncil (at the next meeting), council.ByChair, or "" (waiting)
	publish  bool
	replies  int // for the planned one: how many confirmed
}

// demoItem is an agenda item and the title of the demo proposal it takes up.
type demoItem struct {
	council.ItemInput
	proposal string
}

var demoMeetings = []demoMeeting{
	{days: -120, present: 7, elect: true, approve: council.ByCouncil, publish: true,
		items: []demoItem{
			{ItemInput: council.ItemInput{Title: council.Texts{Az: "Şuranın sədrinin seçilməsi", En: "Election of the chair", Ru: "Избрание председателя"}, Presenter: "Leyla Abbasova"}},
			{ItemInput: council.ItemInput{Title: council.Texts{Az: "İşləyən miqrantlar üçün axşam dil kursları", En: "Evening language courses for working migrants",
				Ru: "Вечерние языковые курсы для работающих мигрантов"}, Presenter: "Tədris-Təlim Mərkəzi"}},
		},
		decision: council.DecisionInput{Text: council.Texts{Az: "Axşam dil qruplarının açılması Xidmətə tövsiyə edilsin.",
			En: "The Council recommends that the Service open evening language groups.",
			Ru: "Рекомендовать Службе открыть вечерние языковые группы."}, For: 6, Abstained: 1},
		minutes: council.MinutesInput{Text: council.Texts{
			Az: "İclası Şuranın katibi açdı. Şura üzvləri sədr seçdilər. Tədris-Təlim Mərkəzinin nümayəndəsi dil kurslarının cədvəli barədə məlumat verdi; üzvlər işləyən miqrantlar üçün axşam qruplarının açılmasını təklif etdilər.",
			En: "The secretary of the Council opened the meeting. The members elected the chair. The Training-Education Centre reported on the schedule of language courses; the members proposed evening groups for working migrants.",
			Ru: "Заседание открыл секретарь Совета. Члены Совета избрали председателя. Представитель Учебно-тренингового центра рассказал о расписании языковых курсов; члены предложили открыть вечерние группы для работающих мигрантов."},
			EnTranslated: true, RuTranslated: true}},
	{days: -45, present: 6, approve: council.ByChair, publish: true,
		items: []demoItem{
			{ItemInput: council.ItemInput{Title: council.Texts{Az: "Yeni gələnlər üçün mənzil kirayəsi bələdçisi", En: "A guide to renting a flat for newcomers",
				Ru: "Памятка по аренде жилья для новоприбывших"}, Presenter: "Miqrasiya siyasəti və inteqrasiya şöbəsi"},
				proposal: "A guide to renting a flat for newcomers"},
		},
		decision: council.DecisionInput{Text: council.Texts{Az: "Regional idarələrdə onlayn növbə sisteminin tətbiqi təklif edilsin.",
			En: "The Council proposes an online queue at the regional offices.",
			Ru: "Предложить ввести онлайн-очередь в региональных управлениях."}, For: 4, Against: 1, Abstained: 1},
		minutes: council.MinutesInput{Text: council.Texts{
			Az: "Şura regional idarələrdə növbələri müzakirə etdi. Üzvlər onlayn növbə sisteminin tətbiqini təklif etdilər.",
			En: "The Council discussed the queues at the regional offices. The members proposed an online queue."},
			EnTranslated: true}},
	{days: -10, present: 5,
		items: []demoItem{
			{ItemInput: council.ItemInput{Title: council.Texts{Az: "Novruz bayramı tədbirinin hazırlığı", En: "Preparing the Novruz event", Ru: "Подготовка мероприятия к Новрузу"}}},
		},
		decision: council.DecisionInput{Text: council.Texts{Az: "İcmaların birgə Novruz tədbiri keçirilsin."}, For: 5},
		minutes:  council.MinutesInput{Text: council.Texts{Az: "Şura Novruz bayramı tədbirinin hazırlığını müzakirə etdi."}}},
	{days: 20, replies: 4,
		items: []demoItem{
			{ItemInput: council.ItemInput{Title: council.Texts{Az: "Dövlət dili kursları üçün axşam qrupları", En: "Evening groups of the state language course",
				Ru: "Вечерние группы курса азербайджанского языка"}, Presenter: "Tədris-Təlim Mərkəzi"},
				proposal: "Вечерние группы курса азербайджанского языка"},
			{ItemInput: council.ItemInput{Title: council.Texts{Az: "2027-ci il üçün iş planı", En: "Work plan for 2027", Ru: "План работы на 2027 год"}, Presenter: "Leyla Abbasova"}},
		}},
}

// seedMeetings holds the demo's meetings with the active members, each
// dated by a clock set to its day: held meetings with decisions, the
// chair's election and minutes approved and published, one whose minutes
// wait, and one to come with its agenda, papers and replies.
func seedMeetings(ctx context.Context, a *app.App, secretary access.Principal) (int, error) {
	as := access.With(ctx, secretary)
	members, err := a.Council.ActiveMembers(as)
	if err != nil {
		return 0, err
	}
	if len(members) < 7 {
		return 0, fmt.Errorf("demo: meetings need the demo's members, found %d active", len(members))
	}
	chair := members[0].ID // members list the chair first
	proposals, err := a.Council.Proposals(as, council.Filter{})
	if err != nil {
		return 0, err
	}
	proposalID := map[string]int64{}
	for _, p := range proposals {
		proposalID[p.Title] = p.ID
	}
	held := map[int]int64{}
	for i, d := range demoMeetings {
		day := dayFrom(d.days)
		at := func(h int) *council.Store {
			t := day.Add(time.Duration(h) * time.Hour)
			return a.Council.Dated(func() time.Time { return t })
		}
		m, err := at(-24*14).PlanMeeting(as, council.MeetingInput{StartsAt: day.Add(10 * time.Hour).Format(council.StartsAtLayout),
			Venue: "Dövlət Miqrasiya Xidməti, Bakı, Binəqədi ş., 3-cü km"})
		if err != nil {
			return 0, fmt.Errorf("demo: meeting %d: %w", i, err)
		}
		for j, it := range d.items {
			if it.proposal != "" {
				it.ProposalIDs = []int64{proposalID[it.proposal]}
			}
			item, err := at(-24*7).AddItem(as, m.ID, it.ItemInput)
			if err != nil {
				return 0, fmt.Errorf("demo: agenda of meeting %d: %w", i, err)
			}
			if j == 0 {
				name := "gundelik-" + strings.ToLower(strings.ReplaceAll(it.Title.En, " ", "-")) + ".pdf"
				if _, err := at(-24*7).AddPaper(as, m.ID, item.ID, name, strings.NewReader(demoPaper)); err != nil {
					return 0, err
				}
			}
		}
		if d.days > 0 {
			replies := map[int64]council.Reply{}
			for j, mb := range members {
				if j < d.replies {
					replies[mb.ID] = council.Confirmed
				} else if j == d.replies {
					replies[mb.ID] = council.Declined
				}
			}
			if err := a.Council.RecordReplies(as, m.ID, replies); err != nil {
				return 0, err
			}
			continue
		}
		in := council.AttendanceInput{Presence: map[int64]council.Presence{}, Guests: "Rəşad Məmmədov, Miqrasiya siyasəti və inteqrasiya şöbəsi"}
		for j, mb := range members {
			in.Presence[mb.ID] = council.Excused
			if j < d.present {
				in.Presence[mb.ID] = council.Present
			}
		}
		if err := at(9).RecordAttendance(as, m.ID, in); err != nil {
			return 0, fmt.Errorf("demo: attendance of meeting %d: %w", i, err)
		}
		if d.elect {
			tallies := map[int64]int{chair: d.present - 2, members[1].ID: 2}
			if _, err := at(9).ElectChair(as, m.ID, council.ElectionInput{Tallies: tallies}); err != nil {
				return 0, fmt.Errorf("demo: election: %w", err)
			}
		}
		if _, err := at(9).AddDecision(as, m.ID, d.decision); err != nil {
			return 0, fmt.Errorf("demo: decision of meeting %d: %w", i, err)
		}
		if err := at(30).SaveMinutes(as, m.ID, d.minutes); err != nil {
			return 0, err
		}
		held[i] = m.ID
	}
	// Approvals come once every meeting is held: the Council approves at
	// its next meeting.
	for i, d := range demoMeetings {
		if d.approve == "" || d.days > 0 {
			continue
		}
		in := council.ApprovalInput{By: d.approve}
		approvedOn := dayFrom(d.days + 3)
		if d.approve == council.ByCouncil {
			in.At, approvedOn = held[i+1], dayFrom(demoMeetings[i+1].days)
		}
		dated := a.Council.Dated(func() time.Time { return approvedOn.Add(10 * time.Hour) })
		if err := dated.ApproveMinutes(as, held[i], in); err != nil {
			return 0, fmt.Errorf("demo: approve minutes of meeting %d: %w", i, err)
		}
		if d.publish {
			if err := dated.PublishMinutes(as, held[i]); err != nil {
				return 0, err
			}
		}
	}
	return len(demoMeetings), nil
}

// dayFrom is the start of the day days from today, in UTC.
func dayFrom(days int) time.Time {
	return db.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, days)
}
