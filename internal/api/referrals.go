package api

import (
	"context"
	"net/http"
	"strconv"

	"inteqra/internal/auth"
	"inteqra/internal/cases"
	"inteqra/internal/i18n"
)

// The referrals a partner organisation's system answers: those sent to
// the organisation of the token's user, as the partner's inbox shows them.
func (s *Server) referralRoutes() []route {
	return []route{
		{pattern: "GET " + Prefix + "/referrals", scope: auth.Read("referrals"), h: s.referrals},
		{pattern: "GET " + Prefix + "/referrals/{id}", scope: auth.Read("referrals"), h: s.referral},
		{pattern: "POST " + Prefix + "/referrals/{id}/accept", scope: auth.Write("referrals"), h: s.answerReferral(accept, "")},
		{pattern: "POST " + Prefix + "/referrals/{id}/decline", scope: auth.Write("referrals"), h: s.answerReferral(decline, "reason")},
		{pattern: "POST " + Prefix + "/referrals/{id}/complete", scope: auth.Write("referrals"), h: s.answerReferral(complete, "outcome")},
		{pattern: "POST " + Prefix + "/referrals/{id}/no-show", scope: auth.Write("referrals"), h: s.answerReferral(noShow, "note")},
	}
}

// Referral is a referral as the partner organisation sees it: the minimum
// of the person's data it needs, nothing else of the case.
type Referral struct {
	ID          int64   `json:"id"`
	PersonName  string  `json:"person_name"`
	BirthYear   int     `json:"birth_year,omitempty"`
	Language    string  `json:"language"`
	Interpreter bool    `json:"interpreter"`
	Domain      string  `json:"domain"`
	Need        string  `json:"need"`
	DueOn       string  `json:"due_on"`
	State       string  `json:"state"`
	Overdue     bool    `json:"overdue"`
	Answer      string  `json:"answer"`
	SentAt      *string `json:"sent_at"`
	AnsweredAt  *string `json:"answered_at"`
	ClosedAt    *string `json:"closed_at"`
}

// ReferralView is a referral as the API shows it, for the data of the
// events webhooks send: one shape for a partner's system to read.
func ReferralView(r cases.PartnerReferral) any { return referralOf(r) }

func referralOf(r cases.PartnerReferral) Referral {
	return Referral{ID: r.ID, PersonName: r.PersonName, BirthYear: r.BirthYear, Language: r.Language, Interpreter: r.Interpreter,
		Domain: r.Domain, Need: r.Need, DueOn: day(r.DueOn), State: string(r.State), Overdue: r.Overdue, Answer: r.Answer,
		SentAt: stamp(r.SentAt), AnsweredAt: stamp(r.AnsweredAt), ClosedAt: stamp(r.ClosedAt)}
}

// referrals lists the organisation's referrals by id, optionally in one
// state ("overdue" for the overdue ones); the cursor is the last id seen.
func (s *Server) referrals(w http.ResponseWriter, r *http.Request) error {
	limit, after, err := idPage(r)
	if err != nil {
		return err
	}
	list, err := s.cfg.Cases.InboxAfter(r.Context(), r.URL.Query().Get("state"), after, limit+1)
	if err != nil {
		return withFields(err, map[i18n.Key]string{"referral.filter": "state"})
	}
	out := List[Referral]{Data: []Referral{}}
	for i, pr := range list {
		if i == limit {
			out.Next = s.nextLink(w, r, strconv.FormatInt(list[i-1].ID, 10))
			break
		}
		out.Data = append(out.Data, referralOf(pr))
	}
	return s.reply(w, r, http.StatusOK, out)
}

func (s *Server) referral(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	pr, err := s.cfg.Cases.PartnerReferral(r.Context(), id)
	if err != nil {
		return err
	}
	return s.reply(w, r, http.StatusOK, referralOf(pr))
}

// An answer moves a referral; text is the reason, outcome or note the
// request's body gives.
type answer func(cs *cases.Store, ctx context.Context, id int64, text string) error

func accept(cs *cases.Store, ctx context.Context, id int64, _ string) error {
	return cs.Accept(ctx, id)
}
func decline(cs *cases.Store, ctx context.Context, id int64, t string) error {
	return cs.Decline(ctx, id, t)
}
func complete(cs *cases.Store, ctx context.Context, id int64, t string) error {
	return cs.Complete(ctx, id, t)
}
func noShow(cs *cases.Store, ctx context.Context, id int64, t string) error {
	return cs.NoShow(ctx, id, t)
}

// ReferralAnswer is the body of an answer: the reason of a decline, the
// outcome of a completion, the note of a no-show; accepting needs none.
type ReferralAnswer struct {
	Reason  string `json:"reason,omitempty"`
	Outcome string `json:"outcome,omitempty"`
	Note    string `json:"note,omitempty"`
}

func (a ReferralAnswer) text(field string) string {
	switch field {
	case "reason":
		return a.Reason
	case "outcome":
		return a.Outcome
	}
	return a.Note
}

// answerReferral moves a referral as its state's rules allow. The client
// names in If-Match the ETag of the referral it read: an answer to a
// referral that changed since (cancelled by the consultant, answered by a
// colleague) is refused with 412 and changes nothing.
func (s *Server) answerReferral(move answer, field string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		var in ReferralAnswer
		// Accepting takes no body; the other answers take one, however sent.
		if r.ContentLength > 0 || r.Header.Get("Content-Type") != "" {
			if err := decode(r, &in); err != nil {
				return err
			}
		}
		ctx := r.Context()
		current, err := s.cfg.Cases.PartnerReferral(ctx, id)
		if err != nil {
			return err
		}
		if err := precondition(r, referralOf(current)); err != nil {
			return err
		}
		if err := move(s.cfg.Cases, ctx, id, in.text(field)); err != nil {
			return withFields(err, map[i18n.Key]string{"referral.outcome": field})
		}
		pr, err := s.cfg.Cases.PartnerReferral(ctx, id)
		if err != nil {
			return err
		}
		return s.reply(w, r, http.StatusOK, referralOf(pr))
	}
}
