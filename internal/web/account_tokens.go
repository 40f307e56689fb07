package web

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/i18n"
)

func (s *Server) tokenRoutes(h func(string, handler)) {
	h("GET /account/tokens", s.tokenList)
	h("POST /account/tokens", s.tokenCreate)
	h("POST /account/tokens/{id}/revoke", s.tokenRevoke)
}

// TokensPage lists an account's API tokens with the form of a new one;
// right after a token is made, its secret, shown this once.
type TokensPage struct {
	BasePage
	Tokens []auth.Token
	Input  auth.TokenInput
	Secret string
	Action string // where the form posts; a token is revoked at Action/{id}/revoke
	Today  time.Time
	// Account is the service account whose tokens an admin manages, zero
	// on one's own page; OrgName its organisation's name.
	Account auth.User
	OrgName string
}

// ScopeChoice is one checkbox of the form: an area read or written.
type ScopeChoice struct {
	Scope   auth.Scope
	Checked bool
}

// ID is the checkbox's id.
func (c ScopeChoice) ID() string { return "scope-" + strings.ReplaceAll(string(c.Scope), ":", "-") }

// Choices are the form's scopes, by area, each read then write.
func (p TokensPage) Choices() []ScopeChoice {
	var list []ScopeChoice
	for _, area := range auth.Areas {
		for _, sc := range []auth.Scope{auth.Read(area), auth.Write(area)} {
			list = append(list, ScopeChoice{Scope: sc, Checked: slices.Contains(p.Input.Scopes, sc)})
		}
	}
	return list
}

// ScopeLabel names a scope in the reader's language: "People: read".
func (p TokensPage) ScopeLabel(sc auth.Scope) string {
	area, level, _ := strings.Cut(string(sc), ":")
	return p.T("tokens.scope_label", "Area", p.T("tokens.area."+area), "Level", p.T("tokens.level."+level))
}

// Active reports whether t still works today.
func (p TokensPage) Active(t auth.Token) bool { return t.Active(time.Now()) }

// Expiry returns the last day t works, as the form asks for it.
func (p TokensPage) Expiry(t auth.Token) time.Time { return t.ExpiresAt.AddDate(0, 0, -1) }

// MaxExpiry is the latest last day the form accepts.
func (p TokensPage) MaxExpiry() string {
	return p.Today.Add(auth.MaxTokenLife - 24*time.Hour).Format(time.DateOnly)
}

// MinExpiry is the earliest: tomorrow.
func (p TokensPage) MinExpiry() string { return p.Today.AddDate(0, 0, 1).Format(time.DateOnly) }

// tokenFields ties the token form's inputs to the labels its errors name.
var tokenFields = Fields{"tokens.name": "name", "tokens.scopes": "scope-people-read", "tokens.expires": "expires"}

// defaultTokenLife is how long the form proposes a token lives.
const defaultTokenLife = 90

// tokensPage completes p, which names the page and the account, with the
// account's tokens and the form's values.
func (s *Server) tokensPage(r *http.Request, p TokensPage, in auth.TokenInput) (TokensPage, error) {
	p.Input, p.Today = in, i18n.DayOf(time.Now())
	if p.Input.Expires == "" {
		p.Input.Expires = p.Today.AddDate(0, 0, defaultTokenLife).Format(time.DateOnly)
	}
	var err error
	p.Tokens, err = s.users.Tokens(r.Context(), p.userID())
	return p, err
}

func (p TokensPage) userID() int64 {
	if p.Account.ID != 0 {
		return p.Account.ID
	}
	return p.Principal.UserID
}

// ownTokens is the frame of the signed-in user's own tokens page.
func (s *Server) ownTokens(r *http.Request) TokensPage {
	return TokensPage{BasePage: s.base(r, "tokens.title"), Action: "/account/tokens"}
}

func tokenInput(r *http.Request) auth.TokenInput {
	in := auth.TokenInput{Name: r.PostFormValue("name"), Expires: r.PostFormValue("expires")}
	for _, v := range r.PostForm["scope"] {
		in.Scopes = append(in.Scopes, auth.Scope(v))
	}
	return in
}

func (s *Server) tokenList(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.StaffArea); err != nil {
		return err
	}
	p, err := s.tokensPage(r, s.ownTokens(r), auth.TokenInput{})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "account_tokens", p)
	return nil
}

// tokenCreate answers with the page itself, not a redirect: the secret is
// shown in this one answer and kept nowhere, not even in the session.
func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request) error {
	in := tokenInput(r)
	_, secret, err := s.users.CreateToken(r.Context(), in)
	return s.tokenMade(w, r, s.ownTokens(r), "account_tokens", in, secret, err)
}

// tokenMade shows the tokens page after a token was made, with its secret,
// or refused, with the form as it was sent.
func (s *Server) tokenMade(w http.ResponseWriter, r *http.Request, base TokensPage, page string,
	in auth.TokenInput, secret string, err error) error {
	if err != nil && !s.userError(r, err) {
		return err
	}
	status := http.StatusCreated
	if err == nil {
		in = auth.TokenInput{}
	}
	p, perr := s.tokensPage(r, base, in)
	if perr != nil {
		return perr
	}
	if err != nil {
		status = http.StatusUnprocessableEntity
		p.refuse(err, tokenFields)
	} else {
		p.Secret = secret
		p.Flash = p.T("tokens.made")
	}
	// A page holding a secret stays out of every cache and history store.
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, page, p)
	return nil
}

func (s *Server) tokenRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.users.RevokeToken(r.Context(), id); err != nil {
		return err
	}
	return s.redirect(w, r, "/account/tokens", "tokens.revoked")
}
