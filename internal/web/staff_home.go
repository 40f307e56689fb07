package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/cases"
	"inteqra/internal/council"
	"inteqra/internal/i18n"
	"inteqra/internal/stats"
	"inteqra/internal/training"
)

// StaffHomePage is the staff home: for each of the user's duties, what waits
// for them, with a count and the first few items.
type StaffHomePage struct {
	AccountPage
	Work []WorkSection
}

// WorkSection is one list of the staff home.
type WorkSection struct {
	Title string // catalogue key
	Count int
	Items []WorkItem // the first workItems of Count
	More  string     // the page with all of them
	None  string     // catalogue key of what an empty list says
}

// WorkItem is one thing that waits, already in the user's language.
type WorkItem struct {
	Text, Href, Note string
	Late             bool // overdue
}

// workItems is how many items each list of the staff home shows.
const workItems = 5

func section(title, more, none string, items []WorkItem) WorkSection {
	return WorkSection{Title: title, Count: len(items), Items: items[:min(len(items), workItems)], More: more, None: none}
}

// workList builds the staff home's lists for what the user may do; each
// list comes from the feature's store, so it holds only what they may see.
func (s *Server) workList(r *http.Request, p *i18n.Printer) ([]WorkSection, error) {
	ctx := r.Context()
	me := access.From(ctx)
	today := i18n.DayOf(time.Now())
	caseLine := func(id int64, name string) string { return p.T("contact.case_line", "ID", id, "Name", name) }
	var steps []func() (WorkSection, error)
	if me.Can(access.WorkCases) {
		steps = append(steps, func() (WorkSection, error) {
			list, err := s.cases.Cases(ctx, cases.Filter{Consultant: me.UserID, Open: true})
			var items []WorkItem
			for _, c := range list {
				next := p.T("work.next." + string(c.State))
				if c.ClosureRequested != "" {
					next = p.T("work.next.closure_requested")
				}
				items = append(items, WorkItem{Text: caseLine(c.ID, c.PersonName), Href: fmt.Sprintf("/cases/%d", c.ID), Note: next})
			}
			return section("work.my_cases", "/cases", "work.my_cases_none", items), err
		}, func() (WorkSection, error) {
			list, err := s.cases.MyTasks(ctx)
			var items []WorkItem
			for _, t := range list {
				if t.DueOn.After(today) {
					continue
				}
				items = append(items, WorkItem{Text: t.Title, Href: fmt.Sprintf("/cases/%d/tasks", t.CaseID),
					Note: p.Date(t.DueOn) + " · " + caseLine(t.CaseID, t.PersonName), Late: t.Overdue})
			}
			return section("work.tasks_due", "/tasks", "work.tasks_due_none", items), err
		}, func() (WorkSection, error) {
			list, err := s.cases.OverdueReferrals(ctx)
			var items []WorkItem
			for _, ref := range list {
				items = append(items, WorkItem{Text: p.T("domain." + ref.Domain), Href: fmt.Sprintf("/cases/%d/referrals", ref.CaseID),
					Note: p.Date(ref.DueOn) + " · " + p.T("cases.case_title") + " " + strconv.FormatInt(ref.CaseID, 10), Late: true})
			}
			return section("work.referrals_overdue", "/cases?team=1", "work.referrals_overdue_none", items), err
		})
	}
	if me.Can(access.SuperviseCases) {
		steps = append(steps, func() (WorkSection, error) {
			list, err := s.cases.Approvals(ctx)
			var items []WorkItem
			for _, a := range list {
				it := WorkItem{Text: caseLine(a.ID, a.PersonName), Href: fmt.Sprintf("/cases/%d", a.ID), Note: p.T("work.approve_closure")}
				if a.PlanID != 0 {
					it.Href, it.Note = fmt.Sprintf("/cases/%d/plan", a.ID), p.T("work.approve_plan")
				}
				items = append(items, it)
			}
			return section("work.approvals", "/cases?team=1", "work.approvals_none", items), err
		}, func() (WorkSection, error) {
			list, err := s.cases.OverdueGoals(ctx)
			var items []WorkItem
			for _, g := range list {
				items = append(items, WorkItem{Text: g.Action, Href: fmt.Sprintf("/cases/%d/plan", g.CaseID),
					Note: p.Date(g.DueOn) + " · " + caseLine(g.CaseID, g.PersonName), Late: true})
			}
			return section("work.goals_overdue", "/cases?team=1", "work.goals_overdue_none", items), err
		})
	}
	if me.Can(access.DecideEnrolments) {
		steps = append(steps, func() (WorkSection, error) {
			list, err := s.training.Pending(ctx)
			var items []WorkItem
			for _, e := range list {
				items = append(items, WorkItem{Text: e.PersonName, Href: fmt.Sprintf("/training/cohorts/%d", e.CohortID), Note: p.Date(e.AppliedAt)})
			}
			return section("work.applications", "/training/applications", "work.applications_none", items), err
		}, func() (WorkSection, error) {
			list, err := s.training.Cohorts(ctx, training.CohortFilter{States: []training.CohortState{training.Planned, training.Open}})
			var items []WorkItem
			for i := len(list) - 1; i >= 0; i-- { // soonest first
				c := list[i]
				if c.StartsOn.Before(today) || c.StartsOn.After(today.AddDate(0, 0, 14)) {
					continue
				}
				items = append(items, WorkItem{Text: c.Code, Href: fmt.Sprintf("/training/cohorts/%d", c.ID),
					Note: p.Date(c.StartsOn) + " · " + p.T("training.cohort_state."+string(c.State))})
			}
			return section("work.cohorts_soon", "/training", "work.cohorts_soon_none", items), err
		})
	}
	if me.Can(access.TeachCohorts) || me.Can(access.DecideEnrolments) {
		if me.Can(access.TeachCohorts) {
			steps = append(steps, func() (WorkSection, error) {
				list, err := s.training.LessonsOn(ctx, today)
				var items []WorkItem
				for _, l := range list {
					note := l.Start.String() + "–" + l.End.String()
					if l.Taken {
						note += " · " + p.T("work.register_taken")
					}
					items = append(items, WorkItem{Text: l.Course.TitleIn(p.Lang()) + " · " + l.Cohort.Code, Href: fmt.Sprintf("/training/lessons/%d", l.ID), Note: note})
				}
				return section("work.lessons_today", "/training", "work.lessons_today_none", items), err
			})
		}
		steps = append(steps, func() (WorkSection, error) {
			list, err := s.training.Untaken(ctx, today)
			var items []WorkItem
			for _, l := range list {
				items = append(items, WorkItem{Text: l.Course.TitleIn(p.Lang()) + " · " + l.Cohort.Code, Href: fmt.Sprintf("/training/lessons/%d", l.ID),
					Note: p.Date(l.Day) + " " + l.Start.String(), Late: true})
			}
			return section("work.registers_missing", "/training", "work.registers_missing_none", items), err
		})
	}
	if me.Can(access.AnswerReferrals) {
		steps = append(steps, func() (WorkSection, error) {
			list, err := s.cases.Inbox(ctx, string(cases.ReferralSent))
			var items []WorkItem
			for _, ref := range list {
				items = append(items, WorkItem{Text: p.T("domain." + ref.Domain), Href: fmt.Sprintf("/referrals/%d", ref.ID),
					Note: p.Date(ref.DueOn), Late: ref.Overdue})
			}
			return section("work.referrals_waiting", "/referrals", "work.referrals_waiting_none", items), err
		})
	}
	if me.Can(access.ManageCouncil) {
		proposals := func(title, more, none string, f council.Filter) func() (WorkSection, error) {
			return func() (WorkSection, error) {
				list, err := s.council.Proposals(ctx, f)
				var items []WorkItem
				for _, pr := range list {
					note := p.Date(pr.SubmittedAt)
					if f.Overdue {
						note = p.Date(pr.DueOn) + " · " + pr.UnitName
					}
					items = append(items, WorkItem{Text: pr.Reference + " · " + pr.Title, Href: fmt.Sprintf("/council/manage/%d", pr.ID),
						Note: note, Late: pr.Overdue})
				}
				return section(title, more, none, items), err
			}
		}
		steps = append(steps,
			proposals("work.answers_overdue", "/council/manage?overdue=1", "work.answers_overdue_none", council.Filter{Overdue: true}),
			proposals("work.proposals_waiting", "/council/manage?state=submitted", "work.proposals_waiting_none", council.Filter{State: council.Submitted}),
			func() (WorkSection, error) {
				m, ok, err := s.council.NextMeeting(ctx)
				if !ok {
					return section("work.next_meeting", "/council/manage/meetings", "work.next_meeting_none", nil), err
				}
				note := p.T("work.next_meeting_ready")
				if lacks := m.Lacks(); len(lacks) > 0 {
					for i, code := range lacks {
						lacks[i] = p.T("council.missing." + code)
					}
					note = p.T("council.missing.title") + " " + strings.Join(lacks, "; ")
				}
				return section("work.next_meeting", "/council/manage/meetings", "work.next_meeting_none", []WorkItem{{
					Text: p.T("council.meeting.title_on", "Date", p.DateTime(m.StartsAt)), Href: meetingPath(m.ID), Note: note,
					Late: len(m.Lacks()) > 0}}), nil
			},
			func() (WorkSection, error) {
				list, err := s.council.MinutesWaiting(ctx)
				var items []WorkItem
				for _, m := range list {
					items = append(items, WorkItem{Text: p.T("council.meeting.title_on", "Date", p.Date(m.StartsAt)), Href: meetingPath(m.ID),
						Note: p.T("work.minutes_next." + string(m.State))})
				}
				return section("work.minutes_waiting", "/council/manage/meetings", "work.minutes_waiting_none", items), err
			})
		steps = append(steps, func() (WorkSection, error) {
			list, err := s.council.TermsEnding(ctx)
			var items []WorkItem
			for _, m := range list {
				items = append(items, WorkItem{Text: m.Name + " · " + p.T("council.role."+string(m.Role)), Href: fmt.Sprintf("/council/members/%d", m.ID),
					Note: p.Date(m.Term.EndsOn), Late: true})
			}
			return section("work.terms_ending", "/council/members", "work.terms_ending_none", items), err
		})
	}
	if me.Can(access.ManageStrategy) || me.Role == access.FocalPoint {
		steps = append(steps, s.measuresSection(r, p))
	}
	if me.Can(access.ManageStrategy) {
		steps = append(steps, s.reviewSection(r, p))
	}
	if me.Can(access.ReportStrategy) {
		steps = append(steps, s.reportsSection(r, p))
	}
	if me.Can(access.ReadAudit) {
		steps = append(steps, func() (WorkSection, error) {
			cp, err := s.audit.LatestCheckpoint(ctx)
			if err != nil {
				return section("work.audit", "/audit", "work.audit_none", nil), nil
			}
			return section("work.audit", "/audit", "work.audit_none", []WorkItem{{Text: p.T("work.audit_checkpoint", "Events", cp.Events),
				Href: "/audit", Note: p.DateTime(cp.At)}}), nil
		})
	}
	if me.Can(access.ReadDashboards) {
		steps = append(steps, func() (WorkSection, error) {
			st, err := s.stats.State(ctx)
			var items []WorkItem
			for _, d := range stats.Dashboards {
				items = append(items, WorkItem{Text: p.T("stats.dashboard." + d.Code), Href: "/dashboards/" + d.Code})
			}
			if !st.RefreshedAt.IsZero() {
				items[0].Note = p.T("work.dashboards_as_of", "Time", p.DateTime(st.RefreshedAt))
			}
			return section("work.dashboards", "/dashboards", "work.dashboards_none", items), err
		})
	}
	out := make([]WorkSection, len(steps))
	for i, step := range steps {
		var err error
		if out[i], err = step(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
