package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/i18n"
	"inteqra/internal/migrants"
	"inteqra/internal/training"
)

// mailTo returns the text of the latest e-mail of kind written to addr.
func (s *site) mailTo(addr, kind string) string {
	s.t.Helper()
	var text string
	err := s.app.DB.QueryRowContext(context.Background(), `SELECT text_body FROM outbox WHERE to_address = $1 AND kind = $2
		ORDER BY id DESC LIMIT 1`, addr, kind).Scan(&text)
	if err != nil {
		s.t.Fatalf("no %s e-mail to %s: %v", kind, addr, err)
	}
	return text
}

var accountLinkRE = regexp.MustCompile(`http://example\.test(/account/[a-z/]+\?token=[a-z0-9]+)`)

// linkIn returns the path of the one-time link in an e-mail's text.
func (s *site) linkIn(text string) string {
	s.t.Helper()
	m := accountLinkRE.FindStringSubmatch(text)
	if m == nil {
		s.t.Fatalf("no link in %q", text)
	}
	return m[1]
}

// signUp makes a migrant's account through the public form and confirms
// it by the link of its e-mail; the client is left signed in.
func (s *site) signUp(c *client, email string) {
	s.t.Helper()
	form := url.Values{"name": {"Leyla Məmmədova"}, "email": {email}, "new": {"bir yaxşı uzun parol"}, "confirm": {"bir yaxşı uzun parol"}}
	if r := c.post("/account/signup", form); r.status != http.StatusOK {
		s.t.Fatalf("sign up: status %d", r.status)
	}
	if r := c.get(s.linkIn(s.mailTo(email, "account.confirm"))); r.status != http.StatusSeeOther || r.location != "/login" {
		s.t.Fatalf("confirm: status %d to %q", r.status, r.location)
	}
	if r := c.post("/login", url.Values{"email": {email}, "password": {"bir yaxşı uzun parol"}}); r.status != http.StatusSeeOther {
		s.t.Fatalf("sign in after confirming: status %d", r.status)
	}
}

// TestSignUp: a visitor makes an account, which signs in only once the
// link of its e-mail confirmed the address; the link works once; an
// address with an account gets the same answer and an e-mail saying so.
func TestSignUp(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	en := s.app.Catalog.Printer(i18n.EN)
	c := s.client()
	c.get("/?lang=en")
	r := c.post("/account/signup", url.Values{"name": {""}, "email": {"not an address"}, "new": {"short"}, "confirm": {"other"}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad sign-up: status %d, want 422", r.status)
	}
	for _, want := range []string{`href="#name"`, `href="#email"`, `href="#confirm"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("bad sign-up: the error summary lacks %s", want)
		}
	}
	var n int
	s.app.DB.QueryRowContext(context.Background(), `SELECT count(*) FROM users WHERE role = 'migrant'`).Scan(&n)

	form := url.Values{"name": {"Leyla Məmmədova"}, "email": {"leyla@example.org"}, "new": {"bir yaxşı uzun parol"}, "confirm": {"bir yaxşı uzun parol"}}
	if r := c.post("/account/signup", form); r.status != http.StatusOK || !strings.Contains(r.body, htmlEscape(en.T("signup.sent", "Email", "leyla@example.org"))) {
		t.Fatalf("sign up: status %d", r.status)
	}
	var after int
	s.app.DB.QueryRowContext(context.Background(), `SELECT count(*) FROM users WHERE role = 'migrant'`).Scan(&after)
	if after != n+1 {
		t.Errorf("migrants' accounts: %d before, %d after one sign-up and one refused", n, after)
	}
	mail := s.mailTo("leyla@example.org", "account.confirm")
	link := s.linkIn(mail)
	if !strings.Contains(mail, "Leyla Məmmədova") {
		t.Errorf("the confirmation e-mail does not greet by name: %q", mail)
	}
	// Not yet confirmed: the right password is refused with a message,
	// and the link goes out again.
	r = c.post("/login", url.Values{"email": {"leyla@example.org"}, "password": {"bir yaxşı uzun parol"}})
	if r.status != http.StatusUnauthorized || !strings.Contains(r.body, htmlEscape(en.T("auth.error.unconfirmed"))) {
		t.Errorf("unconfirmed sign-in: status %d", r.status)
	}
	if r := c.get(link); r.status != http.StatusSeeOther || r.location != "/login" {
		t.Fatalf("confirm: status %d to %q", r.status, r.location)
	}
	if r := c.get(link); r.status != http.StatusBadRequest || !strings.Contains(r.body, htmlEscape(en.T("account.link_bad"))) {
		t.Errorf("the link used twice: status %d, want 400", r.status)
	}
	if r := c.get("/account/confirm?token=nonsense"); r.status != http.StatusBadRequest {
		t.Errorf("an unknown link: status %d, want 400", r.status)
	}
	if r := c.post("/login", url.Values{"email": {"leyla@example.org"}, "password": {"bir yaxşı uzun parol"}}); r.status != http.StatusSeeOther || r.location != "/me" {
		t.Fatalf("confirmed sign-in: status %d to %q", r.status, r.location)
	}
	if r := c.get("/me"); r.status != http.StatusOK || !strings.Contains(r.body, `action="/me/link"`) {
		t.Errorf("an unlinked account's area: status %d, want the linking forms", r.status)
	}

	// The same address again: the same answer, and an e-mail to its owner.
	other := s.client()
	if r := other.post("/account/signup", form); r.status != http.StatusOK {
		t.Fatalf("second sign-up: status %d", r.status)
	}
	if mail := s.mailTo("leyla@example.org", "account.exists"); !strings.Contains(mail, "/account/reset") {
		t.Errorf("the e-mail to an existing account does not offer a reset: %q", mail)
	}
	// The admins' outbox does not show the links.
	admin := s.client()
	admin.signIn(access.Admin)
	if page := admin.get("/admin/outbox").body; strings.Contains(page, "token=") {
		t.Error("the outbox shows a one-time link")
	}
}

// TestPasswordResetByLink: the reset form says the same for any address;
// the link sets a password once, under the policy, and ends every session.
func TestPasswordResetByLink(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	signedIn := s.client()
	s.signUp(signedIn, "reset@example.org")

	c := s.client()
	unknown := c.post("/account/reset", url.Values{"email": {"nobody@example.org"}})
	known := c.post("/account/reset", url.Values{"email": {"reset@example.org"}})
	if unknown.status != http.StatusOK || known.status != http.StatusOK || unknown.body != known.body {
		t.Errorf("reset: an unknown address answers differently (%d, %d)", unknown.status, known.status)
	}
	link := s.linkIn(s.mailTo("reset@example.org", "password.reset"))
	if r := c.get(link); r.status != http.StatusOK || !strings.Contains(r.body, `name="token"`) {
		t.Fatalf("reset form: status %d", r.status)
	}
	token := strings.SplitN(link, "token=", 2)[1]
	if r := c.post("/account/reset/new", url.Values{"token": {token}, "new": {"password"}, "confirm": {"password"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("a common password: status %d, want 422", r.status)
	}
	if r := c.post("/account/reset/new", url.Values{"token": {token}, "new": {"yeni və uzun bir parol"}, "confirm": {"yeni və uzun bir parol"}}); r.status != http.StatusSeeOther {
		t.Fatalf("reset: status %d", r.status)
	}
	if r := c.post("/account/reset/new", url.Values{"token": {token}, "new": {"başqa uzun bir parol"}, "confirm": {"başqa uzun bir parol"}}); r.status != http.StatusBadRequest {
		t.Errorf("the link used twice: status %d, want 400", r.status)
	}
	if r := signedIn.get("/me"); r.status != http.StatusSeeOther {
		t.Errorf("a session from before the reset still works: status %d", r.status)
	}
	if r := c.post("/login", url.Values{"email": {"reset@example.org"}, "password": {"yeni və uzun bir parol"}}); r.status != http.StatusSeeOther {
		t.Errorf("sign-in with the new password: status %d", r.status)
	}
	s.mailTo("reset@example.org", "password.changed")
}

// proofOf returns the reference, birth date and document number of the
// learner of a finished cohort.
func proofOf(t *testing.T, s *site) (training.Certificate, url.Values) {
	_, cert := s.finishedCohort()
	var ref string
	if err := s.app.DB.QueryRowContext(context.Background(), `SELECT reference FROM enrolments WHERE id = $1`, cert.EnrolmentID).Scan(&ref); err != nil {
		t.Fatal(err)
	}
	return cert, url.Values{"reference": {strings.ToLower(ref)}, "birth_date": {"1991-07-19"}, "document_no": {"prp-765432"}}
}

// TestLinkByProof: an account is linked only when reference, birth date
// and document number all match; each wrong combination is refused, the
// same way, and audited; the sixth try within the window is throttled.
func TestLinkByProof(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	cert, proof := proofOf(t, s)
	c := s.client()
	s.signUp(c, "learner@example.org")
	wrong := []url.Values{
		{"reference": proof["reference"], "birth_date": {"1991-07-20"}, "document_no": proof["document_no"]},
		{"reference": proof["reference"], "birth_date": proof["birth_date"], "document_no": {"PRP 765433"}},
		{"reference": {"TTM-AAAAAAAAAA"}, "birth_date": proof["birth_date"], "document_no": proof["document_no"]},
	}
	for i, form := range wrong {
		if r := c.post("/me/link", form); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `href="#reference"`) {
			t.Errorf("wrong proof %d: status %d, want 422", i, r.status)
		}
	}
	if r := c.post("/me/link", url.Values{}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `href="#birth_date"`) {
		t.Errorf("empty proof: status %d", r.status)
	}
	var failed int
	s.app.DB.QueryRowContext(context.Background(), `SELECT count(*) FROM audit_events WHERE action = 'account.link_failed'`).Scan(&failed)
	if failed != len(wrong) {
		t.Errorf("%d failed proofs audited, want %d", failed, len(wrong))
	}
	// The certificate number proves as the reference does, however typed.
	byCertificate := url.Values{"reference": {strings.ReplaceAll(cert.Number, "-", " ")}, "birth_date": proof["birth_date"], "document_no": proof["document_no"]}
	if r := c.post("/me/link", byCertificate); r.status != http.StatusSeeOther {
		t.Fatalf("proof by certificate: status %d", r.status)
	}
	page := c.get("/me").body
	for _, want := range []string{"Azərbaycan dili A2 (sınaq)", cert.Number, fmt.Sprintf(`href="/me/certificates/%d/pdf"`, cert.ID)} {
		if !strings.Contains(page, want) {
			t.Errorf("the linked area lacks %q", want)
		}
	}
	if r := c.get(fmt.Sprintf("/me/certificates/%d/pdf", cert.ID)); r.status != http.StatusOK || !strings.HasPrefix(r.body, "%PDF") {
		t.Errorf("own certificate: status %d", r.status)
	}
	if r := c.post("/me/link", proof); r.status != http.StatusUnprocessableEntity {
		t.Errorf("linking a linked account again: status %d, want 422", r.status)
	}

	// Throttled: another account guessing fails five times, then waits.
	guesser := s.client()
	s.signUp(guesser, "guesser@example.org")
	for range migrants.ProofFreeAttempts {
		guesser.post("/me/link", wrong[0])
	}
	az := s.app.Catalog.Printer(i18n.AZ)
	msg := az.T("link.error.throttled", "Minutes", 30)
	if r := guesser.post("/me/link", proof); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, htmlEscape(msg)) {
		t.Errorf("a sixth proof: status %d, want throttled", r.status)
	}
}

// TestLinkRequestsAndInvitations: a migrant without a reference asks;
// consultants are told; one links the account to the person and the
// migrant is told. A consultant invites a person from their page: the
// invitation's link sets the password and the account is linked.
func TestLinkRequestsAndInvitations(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	cert, _ := proofOf(t, s)
	c := s.client()
	s.signUp(c, "asks@example.org")
	if r := c.post("/me/link/request", url.Values{"name": {""}, "birth_date": {"2999-01-01"}}); r.status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.body, `href="#r-name"`) || !strings.Contains(r.body, `href="#r-birth_date"`) {
		t.Errorf("bad request: status %d", r.status)
	}
	if r := c.post("/me/link/request", url.Values{"name": {"Ülviyyə Zəfərquliyeva"}, "birth_date": {"1991-07-19"}, "message": {"Bakı ofisi"}}); r.status != http.StatusSeeOther {
		t.Fatalf("request: status %d", r.status)
	}
	if r := c.post("/me/link/request", url.Values{"name": {"Ülviyyə Zəfərquliyeva"}, "birth_date": {"1991-07-19"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("a second open request: status %d, want 422", r.status)
	}
	consultant := s.client()
	consultant.signIn(access.Consultant)
	if page := consultant.get("/notifications").body; !strings.Contains(page, htmlEscape(s.app.Catalog.Printer(i18n.AZ).T("notify.link.requested.subject"))) {
		t.Error("the consultant was not told of the request")
	}
	list := consultant.get("/link-requests")
	m := regexp.MustCompile(`href="/link-requests/(\d+)"`).FindStringSubmatch(list.body)
	if list.status != http.StatusOK || m == nil {
		t.Fatalf("requests list: status %d", list.status)
	}
	path := "/link-requests/" + m[1]
	if r := consultant.post(path+"/confirm", url.Values{"person": {"999999"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("an unknown person: status %d, want 422", r.status)
	}
	if r := consultant.post(path+"/confirm", url.Values{"person": {fmt.Sprint(cert.PersonID)}}); r.status != http.StatusSeeOther {
		t.Fatalf("confirm: status %d", r.status)
	}
	if r := consultant.post(path+"/refuse", url.Values{"reason": {"late"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("deciding twice: status %d, want 422", r.status)
	}
	if page := c.get("/me").body; !strings.Contains(page, cert.Number) {
		t.Error("the linked migrant does not see their certificate")
	}
	if page := c.get("/notifications").body; !strings.Contains(page, htmlEscape(s.app.Catalog.Printer(i18n.AZ).T("notify.link.confirmed.subject"))) {
		t.Error("the migrant was not told")
	}
	person := fmt.Sprintf("/people/%d", cert.PersonID)
	if page := consultant.get(person).body; !strings.Contains(page, "asks@example.org") {
		t.Error("the person's page does not show the account")
	}
	// Inviting a person who has an account is refused; after unlinking, the invitation goes.
	if r := consultant.post(person+"/account/invite", url.Values{"email": {"invited@example.org"}, "lang": {"ru"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("inviting a person with an account: status %d, want 422", r.status)
	}
	if r := consultant.post(person+"/account/unlink", nil); r.status != http.StatusSeeOther {
		t.Fatalf("unlink: status %d", r.status)
	}
	if page := c.get("/me").body; !strings.Contains(page, `action="/me/link"`) {
		t.Error("an unlinked account still sees the person")
	}
	if r := consultant.post(person+"/account/invite", url.Values{"email": {"invited@example.org"}, "lang": {"ru"}}); r.status != http.StatusSeeOther {
		t.Fatalf("invite: status %d", r.status)
	}
	mail := s.mailTo("invited@example.org", "account.invite")
	if !strings.Contains(mail, "Здравствуйте") {
		t.Errorf("the invitation is not in Russian: %q", mail)
	}
	invited := s.client()
	link := s.linkIn(mail)
	token := strings.SplitN(link, "token=", 2)[1]
	if r := invited.get(link); r.status != http.StatusOK {
		t.Fatalf("invitation form: status %d", r.status)
	}
	if r := invited.post("/account/invite", url.Values{"token": {token}, "new": {"мой длинный пароль"}, "confirm": {"мой длинный пароль"}}); r.status != http.StatusSeeOther {
		t.Fatalf("accept the invitation: status %d", r.status)
	}
	if r := invited.post("/login", url.Values{"email": {"invited@example.org"}, "password": {"мой длинный пароль"}}); r.status != http.StatusSeeOther {
		t.Fatalf("invited sign-in: status %d", r.status)
	}
	if page := invited.get("/me").body; !strings.Contains(page, cert.Number) {
		t.Error("the invited account does not see the person's certificate")
	}
	// A migrant cannot read the requests; a trainer neither.
	for _, who := range []*client{c, invited} {
		if r := who.get("/link-requests"); r.status != http.StatusForbidden {
			t.Errorf("a migrant reads the requests: status %d", r.status)
		}
	}
}
