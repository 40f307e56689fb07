package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"inteqra/internal/access"
	"inteqra/internal/council"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// meetingRoutes are the Council's meetings: the secretariat's list and
// record of each meeting, one route per thing it records, and the public
// page of a meeting with its minutes.
func (s *Server) meetingRoutes(h func(string, handler)) {
	h("GET /council/manage/meetings", s.meetingList)
	h("GET /council/manage/meetings/new", s.meetingNewForm)
	h("POST /council/manage/meetings", s.meetingNew)
	h("GET /council/manage/meetings/{id}", s.meetingRecord)
	h("POST /council/manage/meetings/{id}/edit", s.meetingEdit)
	h("POST /council/manage/meetings/{id}/cancel", s.meetingCancel)
	h("POST /council/manage/meetings/{id}/items", s.meetingAddItem)
	h("POST /council/manage/meetings/{id}/items/{item}/remove", s.meetingRemoveItem)
	h("POST /council/manage/meetings/{id}/items/{item}/papers", s.meetingAddPaper)
	h("GET /council/manage/meetings/{id}/papers/{paper}", s.meetingPaper)
	h("POST /council/manage/meetings/{id}/replies", s.meetingReplies)
	h("POST /council/manage/meetings/{id}/attendance", s.meetingAttendance)
	h("POST /council/manage/meetings/{id}/decisions", s.meetingDecision)
	h("POST /council/manage/meetings/{id}/election", s.meetingElection)
	h("POST /council/manage/meetings/{id}/minutes", s.meetingMinutes)
	h("POST /council/manage/meetings/{id}/approve", s.meetingApprove)
	h("POST /council/manage/meetings/{id}/publish", s.meetingPublish)
	h("GET /council/manage/meetings/{id}/minutes.pdf", s.meetingMinutesPDF)
	h("GET /council/meetings/{id}", s.publicMeeting)
	h("GET /council/meetings/{id}/minutes.pdf", s.publicMinutesPDF)
}

// MeetingsPage lists the Council's meetings for the staff.
type MeetingsPage struct {
	BasePage
	Meetings []council.Meeting
}

func (s *Server) meetingList(w http.ResponseWriter, r *http.Request) error {
	p := MeetingsPage{BasePage: s.base(r, "council.meetings.title")}
	var err error
	if p.Meetings, err = s.council.Meetings(r.Context()); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "council_meetings", p)
	return nil
}

// MeetingFormPage plans a meeting.
type MeetingFormPage struct {
	BasePage
	Edit council.MeetingInput
}

var meetingFields = Fields{"council.meeting.starts_at": "starts_at", "council.meeting.venue": "venue",
	"council.meeting.online_url": "online_url"}

func (s *Server) meetingNewForm(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.ManageCouncil); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "council_meeting_new", MeetingFormPage{BasePage: s.base(r, "council.meetings.new")})
	return nil
}

func meetingInput(r *http.Request) council.MeetingInput {
	return council.MeetingInput{StartsAt: r.PostFormValue("starts_at"), Venue: r.PostFormValue("venue"), OnlineURL: r.PostFormValue("online_url")}
}

func (s *Server) meetingNew(w http.ResponseWriter, r *http.Request) error {
	in := meetingInput(r)
	m, err := s.council.PlanMeeting(r.Context(), in)
	if s.userError(r, err) {
		p := MeetingFormPage{BasePage: s.base(r, "council.meetings.new"), Edit: in}
		p.refuse(err, meetingFields)
		s.render(w, r, http.StatusUnprocessableEntity, "council_meeting_new", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, meetingPath(m.ID), "council.flash.meeting_planned")
}

func meetingPath(id int64) string { return fmt.Sprintf("/council/manage/meetings/%d", id) }

// MeetingPage is a meeting's record for the staff, with the forms of what
// the secretariat may record next; a refused form comes back with what
// was typed.
type MeetingPage struct {
	BasePage
	Meeting   council.Meeting
	Manage    bool
	Edit      council.MeetingInput
	Item      council.ItemInput
	Proposals []council.Proposal // those an agenda item may take up
	Guests    string
	Decision  council.DecisionInput
	Minutes   council.MinutesInput
	Later     []council.Meeting // held meetings after this one, that may approve its minutes
}

// Presences are the choices of the attendance list.
func (MeetingPage) Presences() []council.Presence { return council.Presences }

// Present returns the members present, the candidates of an election.
func (p MeetingPage) Present() []council.Attendee {
	var out []council.Attendee
	for _, a := range p.Meeting.Invited {
		if a.Presence == council.Present {
			out = append(out, a)
		}
	}
	return out
}

func (s *Server) meetingPage(r *http.Request) (MeetingPage, error) {
	id, err := pathID(r)
	if err != nil {
		return MeetingPage{}, err
	}
	ctx := r.Context()
	p := MeetingPage{BasePage: s.base(r, "council.meeting.title"), Manage: access.From(ctx).Can(access.ManageCouncil)}
	if p.Meeting, err = s.council.Meeting(ctx, id); err != nil {
		return p, err
	}
	p.Edit = p.Meeting.Edit()
	p.Minutes = council.MinutesInput{Text: p.Meeting.Minutes, EnTranslated: p.Meeting.EnTranslated, RuTranslated: p.Meeting.RuTranslated}
	for _, g := range p.Meeting.Guests {
		p.Guests += g.Name
		if g.Organisation != "" {
			p.Guests += ", " + g.Organisation
		}
		p.Guests += "\n"
	}
	if !p.Manage {
		return p, nil
	}
	if p.Meeting.State == council.Planned {
		all, err := s.council.Proposals(ctx, council.Filter{})
		if err != nil {
			return p, err
		}
		for _, pr := range all {
			if pr.State != council.Withdrawn {
				p.Proposals = append(p.Proposals, pr)
			}
		}
	}
	if p.Meeting.State == council.Held {
		all, err := s.council.Meetings(ctx)
		if err != nil {
			return p, err
		}
		for _, m := range all {
			if (m.State == council.Held || m.State == council.Approved) && m.StartsAt.After(p.Meeting.StartsAt) {
				p.Later = append(p.Later, m)
			}
		}
	}
	return p, nil
}

func (s *Server) meetingRecord(w http.ResponseWriter, r *http.Request) error {
	p, err := s.meetingPage(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "council_meeting", p)
	return nil
}

// meetingStep records one thing about a meeting: the record again with the
// problems and what was typed, or back to the record with a flash.
func (s *Server) meetingStep(w http.ResponseWriter, r *http.Request, fields Fields, flash string, step func(p *MeetingPage) error) error {
	p, err := s.meetingPage(r)
	if err != nil {
		return err
	}
	err = step(&p)
	if s.userError(r, err) {
		p.refuse(err, fields)
		s.render(w, r, http.StatusUnprocessableEntity, "council_meeting", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, meetingPath(p.Meeting.ID), flash)
}

func (s *Server) meetingEdit(w http.ResponseWriter, r *http.Request) error {
	return s.meetingStep(w, r, meetingFields, "council.flash.meeting_saved", func(p *MeetingPage) error {
		p.Edit = meetingInput(r)
		return s.council.EditMeeting(r.Context(), p.Meeting.ID, p.Edit)
	})
}

func (s *Server) meetingCancel(w http.ResponseWriter, r *http.Request) error {
	return s.meetingStep(w, r, Fields{"council.meeting.cancel_reason": "cancel_reason"}, "council.flash.meeting_cancelled", func(p *MeetingPage) error {
		return s.council.CancelMeeting(r.Context(), p.Meeting.ID, r.PostFormValue("cancel_reason"))
	})
}

func (s *Server) meetingAddItem(w http.ResponseWriter, r *http.Request) error {
	fields := Fields{"council.item.title_az": "item_az", "council.item.title_en": "item_en", "council.item.title_ru": "item_ru",
		"council.item.presenter": "presenter", "council.item.proposals": "proposals"}
	return s.meetingStep(w, r, fields, "council.flash.item_added", func(p *MeetingPage) error {
		f := r.PostForm
		p.Item = council.ItemInput{Title: council.Texts{Az: f.Get("item_az"), En: f.Get("item_en"), Ru: f.Get("item_ru")},
			Presenter: f.Get("presenter")}
		for _, v := range f["proposals"] {
			p.Item.ProposalIDs = append(p.Item.ProposalIDs, chosenID(v))
		}
		_, err := s.council.AddItem(r.Context(), p.Meeting.ID, p.Item)
		return err
	})
}

func (s *Server) meetingRemoveItem(w http.ResponseWriter, r *http.Request) error {
	item, err := pathInt(r, "item")
	if err != nil {
		return err
	}
	return s.meetingStep(w, r, nil, "council.flash.item_removed", func(p *MeetingPage) error {
		return s.council.RemoveItem(r.Context(), p.Meeting.ID, item)
	})
}

func (s *Server) meetingAddPaper(w http.ResponseWriter, r *http.Request) error {
	item, err := pathInt(r, "item")
	if err != nil {
		return err
	}
	var name string
	var body io.Reader
	perr := r.ParseMultipartForm(1 << 20)
	if tooLarge := (*http.MaxBytesError)(nil); errors.As(perr, &tooLarge) {
		body = failingReader{i18n.Errorf("attachment.error.too_large", "MB", council.MaxPaper>>20, "Field", i18n.Key("council.paper.file"))}
	} else if f, hdr, ferr := r.FormFile("file"); ferr == nil {
		defer f.Close()
		name, body = hdr.Filename, f
	}
	return s.meetingStep(w, r, Fields{"council.paper.file": fmt.Sprintf("paper-%d", item)}, "council.flash.paper_added", func(p *MeetingPage) error {
		_, err := s.council.AddPaper(r.Context(), p.Meeting.ID, item, name, body)
		return err
	})
}

func (s *Server) meetingPaper(w http.ResponseWriter, r *http.Request) error {
	return servePaper(w, r, s.council.OpenPaper)
}

// servePaper answers with the paper of a meeting that open returns.
func servePaper(w http.ResponseWriter, r *http.Request, open func(ctx context.Context, meetingID, paperID int64) (council.Paper, io.ReadCloser, error)) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	paperID, err := pathInt(r, "paper")
	if err != nil {
		return err
	}
	p, body, err := open(r.Context(), id, paperID)
	if err != nil {
		return err
	}
	sendFile(w, r, p.Name, p.ContentType, p.Size, body)
	return nil
}

func (s *Server) meetingReplies(w http.ResponseWriter, r *http.Request) error {
	return s.meetingStep(w, r, nil, "council.flash.replies_saved", func(p *MeetingPage) error {
		replies := map[int64]council.Reply{}
		for _, a := range p.Meeting.Invited {
			replies[a.MemberID] = council.Reply(r.PostFormValue(fmt.Sprintf("reply-%d", a.MemberID)))
		}
		return s.council.RecordReplies(r.Context(), p.Meeting.ID, replies)
	})
}

func (s *Server) meetingAttendance(w http.ResponseWriter, r *http.Request) error {
	fields := Fields{"council.attendance.guests": "guests", "council.attendance.presence": "attendance"}
	return s.meetingStep(w, r, fields, "council.flash.attendance_saved", func(p *MeetingPage) error {
		in := council.AttendanceInput{Presence: map[int64]council.Presence{}, Guests: r.PostFormValue("guests")}
		for i, a := range p.Meeting.Invited {
			in.Presence[a.MemberID] = council.Presence(r.PostFormValue(fmt.Sprintf("presence-%d", a.MemberID)))
			p.Meeting.Invited[i].Presence = in.Presence[a.MemberID]
		}
		p.Guests = in.Guests
		return s.council.RecordAttendance(r.Context(), p.Meeting.ID, in)
	})
}

func (s *Server) meetingDecision(w http.ResponseWriter, r *http.Request) error {
	fields := Fields{"council.decision.text_az": "decision_az", "council.decision.text_en": "decision_en", "council.decision.text_ru": "decision_ru",
		"council.decision.votes_for": "votes_for", "council.decision.votes_against": "votes_against", "council.decision.abstained": "abstained"}
	return s.meetingStep(w, r, fields, "council.flash.decision_added", func(p *MeetingPage) error {
		f := r.PostForm
		p.Decision = council.DecisionInput{Text: council.Texts{Az: f.Get("decision_az"), En: f.Get("decision_en"), Ru: f.Get("decision_ru")},
			For: formNumber(f.Get("votes_for")), Against: formNumber(f.Get("votes_against")), Abstained: formNumber(f.Get("abstained"))}
		_, err := s.council.AddDecision(r.Context(), p.Meeting.ID, p.Decision)
		return err
	})
}

func (s *Server) meetingElection(w http.ResponseWriter, r *http.Request) error {
	fields := Fields{"council.election.votes": "election", "council.election.candidate": "election"}
	return s.meetingStep(w, r, fields, "council.flash.election_recorded", func(p *MeetingPage) error {
		in := council.ElectionInput{Tallies: map[int64]int{}, Ballots: map[int64]int64{}}
		for _, a := range p.Present() {
			if n := formNumber(r.PostFormValue(fmt.Sprintf("votes-%d", a.MemberID))); n != 0 {
				in.Tallies[a.MemberID] = n
			}
			if v := r.PostFormValue(fmt.Sprintf("ballot-%d", a.MemberID)); v != "" {
				in.Ballots[a.MemberID] = chosenID(v)
			}
		}
		_, err := s.council.ElectChair(r.Context(), p.Meeting.ID, in)
		return err
	})
}

func (s *Server) meetingMinutes(w http.ResponseWriter, r *http.Request) error {
	fields := Fields{"council.minutes.text_az": "minutes_az", "council.minutes.text_en": "minutes_en", "council.minutes.text_ru": "minutes_ru"}
	return s.meetingStep(w, r, fields, "council.flash.minutes_saved", func(p *MeetingPage) error {
		f := r.PostForm
		p.Minutes = council.MinutesInput{Text: council.Texts{Az: f.Get("minutes_az"), En: f.Get("minutes_en"), Ru: f.Get("minutes_ru")},
			EnTranslated: f.Get("en_translated") == "on", RuTranslated: f.Get("ru_translated") == "on"}
		return s.council.SaveMinutes(r.Context(), p.Meeting.ID, p.Minutes)
	})
}

func (s *Server) meetingApprove(w http.ResponseWriter, r *http.Request) error {
	fields := Fields{"council.approval.by": "approved_by_council", "council.approval.at": "approved_at"}
	return s.meetingStep(w, r, fields, "council.flash.minutes_approved", func(p *MeetingPage) error {
		return s.council.ApproveMinutes(r.Context(), p.Meeting.ID, council.ApprovalInput{By: r.PostFormValue("approved_by"),
			At: chosenID(r.PostFormValue("approved_at"))})
	})
}

func (s *Server) meetingPublish(w http.ResponseWriter, r *http.Request) error {
	return s.meetingStep(w, r, nil, "council.flash.minutes_published", func(p *MeetingPage) error {
		return s.council.PublishMinutes(r.Context(), p.Meeting.ID)
	})
}

// minutesPDF sends the minutes of m in the language the query names, or
// the page's.
func (s *Server) minutesPDF(w http.ResponseWriter, r *http.Request, m council.Meeting) error {
	if m.Minutes.Az == "" {
		return db.ErrNotFound
	}
	lang := langFrom(r.Context())
	if l, ok := i18n.Parse(r.URL.Query().Get("lang")); ok {
		lang = l
	}
	var buf bytes.Buffer
	if err := council.WriteMinutesPDF(&buf, s.catalog.Printer(lang), m); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", attachmentDisposition(fmt.Sprintf("minutes-%s-%s.pdf", m.StartsAt.In(i18n.Baku).Format("2006-01-02"), lang)))
	_, err := w.Write(buf.Bytes())
	return err
}

func (s *Server) meetingMinutesPDF(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := s.council.Meeting(r.Context(), id)
	if err != nil {
		return err
	}
	return s.minutesPDF(w, r, m)
}

// PublicMeetingPage is a meeting as the public sees it.
type PublicMeetingPage struct {
	BasePage
	Meeting council.Meeting
}

func (s *Server) publicMeetingOf(r *http.Request) (council.Meeting, error) {
	id, err := pathID(r)
	if err != nil {
		return council.Meeting{}, err
	}
	return s.council.PublicMeeting(r.Context(), id)
}

func (s *Server) publicMeeting(w http.ResponseWriter, r *http.Request) error {
	m, err := s.publicMeetingOf(r)
	if err != nil {
		return err
	}
	p := PublicMeetingPage{BasePage: s.base(r, "council.meeting.title"), Meeting: m}
	s.render(w, r, http.StatusOK, "council_meeting_public", p)
	return nil
}

func (s *Server) publicMinutesPDF(w http.ResponseWriter, r *http.Request) error {
	m, err := s.publicMeetingOf(r)
	if err != nil {
		return err
	}
	if !m.Published() {
		return db.ErrNotFound
	}
	return s.minutesPDF(w, r, m)
}
