package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/council"
)

// TestMeetingPages plans a meeting through the secretariat's pages: the
// error summary of a refused plan, the record, an agenda item, and the
// public page of the meeting to come in three languages, without its papers.
func TestMeetingPages(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.client()
	c.signIn(access.CouncilSecretary)

	r := c.post("/council/manage/meetings", url.Values{"starts_at": {"next week"}, "online_url": {"http://meet"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "error-summary") {
		t.Fatalf("bad plan: status %d, want 422 with the error summary", r.status)
	}
	for _, id := range []string{"starts_at", "online_url"} {
		if !strings.Contains(r.body, `href="#`+id+`"`) || !strings.Contains(r.body, `id="`+id+`-error"`) {
			t.Errorf("refused plan: no problem linked to and shown at #%s", id)
		}
	}
	if !strings.Contains(r.body, `value="http://meet"`) {
		t.Error("refused plan lost the link typed")
	}
	r = c.post("/council/manage/meetings", url.Values{"starts_at": {"2031-03-04T11:30"}, "venue": {"DMX, Bakı"}})
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/council/manage/meetings/") {
		t.Fatalf("plan: status %d to %q", r.status, r.location)
	}
	path := r.location
	id := strings.TrimPrefix(path, "/council/manage/meetings/")
	if r = c.get(path); r.status != http.StatusOK || !strings.Contains(r.body, "04.03.2031 11:30") {
		t.Fatalf("record: status %d; want the meeting at 11:30 Baku time", r.status)
	}
	if r = c.post(path+"/items", url.Values{"item_en": {"Courses"}}); r.status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.body, `href="#item_az"`) || !strings.Contains(r.body, `value="Courses"`) {
		t.Errorf("item without its Azerbaijani title: status %d", r.status)
	}
	if r = c.post(path+"/items", url.Values{"item_az": {"Dil kursları"}, "item_en": {"Language courses"}, "item_ru": {"Языковые курсы"},
		"presenter": {"Tədris-Təlim Mərkəzi"}}); r.status != http.StatusSeeOther {
		t.Fatalf("item: status %d", r.status)
	}
	if r = c.post(path+"/minutes", url.Values{"minutes_az": {"Protokol"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("minutes of a planned meeting: status %d, want 422", r.status)
	}

	public := s.client()
	for lang, title := range map[string]string{"az": "Dil kursları", "en": "Language courses", "ru": "Языковые курсы"} {
		public.post("/lang", url.Values{"lang": {lang}, "next": {"/"}})
		r = public.get("/council/meetings/" + id)
		if r.status != http.StatusOK || !strings.Contains(r.body, title) || strings.Contains(r.body, "/papers/") {
			t.Errorf("public meeting in %s: status %d, title %q shown: %v", lang, r.status, title, strings.Contains(r.body, title))
		}
	}
	if r = public.get("/council/meetings/" + id + "/minutes.pdf"); r.status != http.StatusNotFound {
		t.Errorf("minutes PDF of a meeting to come: status %d, want 404", r.status)
	}

	// A past meeting, held, with minutes: the PDF is the staff's until the
	// minutes are published.
	sys := access.With(context.Background(), access.System())
	past, err := s.app.Council.PlanMeeting(sys, council.MeetingInput{StartsAt: "2021-01-01T10:00", Venue: "Bakı"})
	if err != nil {
		t.Fatal(err)
	}
	holdMeeting(t, s, past.ID)
	if r = c.post(fmt.Sprintf("/council/manage/meetings/%d/minutes", past.ID), url.Values{"minutes_az": {"İclas keçirildi."},
		"en_translated": {"on"}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `href="#minutes_en"`) {
		t.Errorf("English marked translated but empty: status %d", r.status)
	}
	if r = c.post(fmt.Sprintf("/council/manage/meetings/%d/minutes", past.ID), url.Values{"minutes_az": {"İclas keçirildi."}}); r.status != http.StatusSeeOther {
		t.Fatalf("minutes: status %d", r.status)
	}
	r = c.get(fmt.Sprintf("/council/manage/meetings/%d/minutes.pdf?lang=en", past.ID))
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(r.body, "%PDF") {
		t.Errorf("minutes PDF: status %d, %s", r.status, r.header.Get("Content-Type"))
	}
	if r = public.get(fmt.Sprintf("/council/meetings/%d", past.ID)); r.status != http.StatusNotFound {
		t.Errorf("unpublished past meeting: status %d, want 404", r.status)
	}
	if r = c.get("/council/manage/meetings/99999"); r.status != http.StatusNotFound {
		t.Errorf("unknown meeting: status %d, want 404", r.status)
	}
	if r = c.get("/council/manage/meetings/x/minutes.pdf"); r.status != http.StatusNotFound {
		t.Errorf("malformed id: status %d, want 404", r.status)
	}
}

// holdMeeting records every member invited to a past meeting as present.
func holdMeeting(t *testing.T, s *site, id int64) {
	t.Helper()
	sys := access.With(context.Background(), access.System())
	m, err := s.app.Council.Meeting(sys, id)
	if err != nil {
		t.Fatal(err)
	}
	in := council.AttendanceInput{Presence: map[int64]council.Presence{}}
	for _, a := range m.Invited {
		in.Presence[a.MemberID] = council.Present
	}
	if err := s.app.Council.RecordAttendance(sys, id, in); err != nil {
		t.Fatal(err)
	}
}
