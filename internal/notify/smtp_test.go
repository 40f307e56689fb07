package notify

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"
)

// backend is an SMTP server's backend that hands each message it receives
// to the test.
type backend struct {
	user, password string   // when set, the server requires AUTH
	mechs          []string // the AUTH mechanisms offered; PLAIN when empty
	rcptErr        error    // the reply to RCPT TO, when set
	got            chan received
}

type received struct {
	from, to string
	data     []byte
	tls      bool
}

func (b *backend) NewSession(c *gosmtp.Conn) (gosmtp.Session, error) {
	return &session{b: b, conn: c}, nil
}

type session struct {
	b      *backend
	conn   *gosmtp.Conn
	authed bool
	r      received
}

func (s *session) AuthMechanisms() []string {
	if s.b.mechs != nil {
		return s.b.mechs
	}
	return []string{sasl.Plain}
}

func (s *session) Auth(mech string) (sasl.Server, error) {
	check := func(user, password string) error {
		if user != s.b.user || password != s.b.password {
			return gosmtp.ErrAuthFailed
		}
		s.authed = true
		return nil
	}
	if mech == sasl.Login {
		return &loginServer{check: check}, nil
	}
	return sasl.NewPlainServer(func(_, user, password string) error { return check(user, password) }), nil
}

func (s *session) Mail(from string, _ *gosmtp.MailOptions) error {
	if s.b.user != "" && !s.authed {
		return gosmtp.ErrAuthRequired
	}
	s.r.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *gosmtp.RcptOptions) error {
	if s.b.rcptErr != nil {
		return s.b.rcptErr
	}
	s.r.to = to
	return nil
}

func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.r.data = data
	_, s.r.tls = s.conn.TLSConnectionState()
	s.b.got <- s.r
	return nil
}

func (s *session) Reset()        { s.r = received{} }
func (s *session) Logout() error { return nil }

// loginServer is the server side of AUTH LOGIN, which go-sasl lacks.
type loginServer struct {
	check      func(user, password string) error
	user       string
	askedUser  bool
	askedPassw bool
}

func (l *loginServer) Next(response []byte) ([]byte, bool, error) {
	switch {
	case !l.askedUser:
		l.askedUser = true
		return []byte("Username:"), false, nil
	case !l.askedPassw:
		l.user, l.askedPassw = string(response), true
		return []byte("Password:"), false, nil
	}
	return nil, true, l.check(l.user, string(response))
}

// serve starts an SMTP server for b on a loopback port and returns its
// address. With cert set it offers STARTTLS, or with implicit set it speaks
// TLS from the start.
func serve(t *testing.T, b *backend, cert *tls.Certificate, implicit bool) string {
	t.Helper()
	b.got = make(chan received, 1)
	srv := gosmtp.NewServer(b)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if cert != nil {
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{*cert}}
		if implicit {
			l = tls.NewListener(l, srv.TLSConfig)
		}
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return l.Addr().String()
}

// selfSigned makes a certificate for 127.0.0.1 that no one has signed.
func selfSigned(t *testing.T) *tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func testMessage() Message {
	return Message{
		ID:      "outbox-42",
		From:    "İnteqrasiya <no-reply@migration.gov.az>",
		To:      "Ivan Petrov <ivan@example.org>",
		Subject: "Müraciətiniz qəbul edildi — İnteqrasiya",
		Text: "Здравствуйте, Иван!\nВаше заявление принято. " + strings.Repeat("Это длинная строка, длиннее семидесяти шести байт. ", 3) +
			"\n.одна точка в начале строки\nС уважением,\nГосударственная миграционная служба\n",
		HTML:        "<p>Здравствуйте, Иван!</p>\n<p>Ваше заявление <b>принято</b>.</p>\n",
		Unsubscribe: "https://inteqra.example.org/ru/preferences?t=abc",
	}
}

func newSMTP(t *testing.T, rawURL string) *SMTP {
	t.Helper()
	s, err := NewSMTP(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSendArrivesIntact(t *testing.T) {
	t.Parallel()
	b := &backend{}
	s := newSMTP(t, "smtp://"+serve(t, b, nil, false))
	m := testMessage()
	if err := s.Send(t.Context(), m); err != nil {
		t.Fatal(err)
	}
	r := <-b.got
	if r.from != "no-reply@migration.gov.az" || r.to != "ivan@example.org" {
		t.Errorf("envelope = %s → %s, want no-reply@migration.gov.az → ivan@example.org", r.from, r.to)
	}
	checkMessage(t, r.data, m)
}

// checkMessage reads data as a mail reader would and checks that it says
// what m says.
func checkMessage(t *testing.T, data []byte, m Message) {
	t.Helper()
	for i, line := range strings.Split(string(data), "\r\n") {
		if len(line) > 998 || strings.Contains(line, "\n") {
			t.Fatalf("line %d is longer than 998 bytes or has a bare LF: %q", i+1, line)
		}
	}
	msg, err := mail.ReadMessage(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	h := msg.Header
	var dec mime.WordDecoder
	if got, err := dec.DecodeHeader(h.Get("Subject")); err != nil || got != m.Subject {
		t.Errorf("Subject decodes to %q (%v), want %q", got, err, m.Subject)
	}
	if got := h.Get("Message-ID"); got != "<"+m.ID+"@migration.gov.az>" {
		t.Errorf("Message-ID = %q, want <%s@migration.gov.az>", got, m.ID)
	}
	if _, err := h.Date(); err != nil {
		t.Errorf("Date: %v", err)
	}
	for _, name := range []string{"From", "To"} {
		want, _ := mail.ParseAddress(map[string]string{"From": m.From, "To": m.To}[name])
		if got, err := h.AddressList(name); err != nil || len(got) != 1 || *got[0] != *want {
			t.Errorf("%s = %v (%v), want %v", name, got, err, want)
		}
	}
	wantUnsub := ""
	if m.Unsubscribe != "" {
		wantUnsub = "<" + m.Unsubscribe + ">"
	}
	if got := h.Get("List-Unsubscribe"); got != wantUnsub {
		t.Errorf("List-Unsubscribe = %q, want %q", got, wantUnsub)
	}

	kind, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil || kind != "multipart/alternative" {
		t.Fatalf("Content-Type = %q (%v), want multipart/alternative", h.Get("Content-Type"), err)
	}
	parts := multipart.NewReader(msg.Body, params["boundary"])
	for _, want := range []struct{ kind, text string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		p, err := parts.NextRawPart() // raw, so the test decodes the quoted-printable itself
		if err != nil {
			t.Fatalf("%s part: %v", want.kind, err)
		}
		if got := p.Header.Get("Content-Type"); got != want.kind+"; charset=utf-8" {
			t.Errorf("part Content-Type = %q, want %s; charset=utf-8", got, want.kind)
		}
		if got := p.Header.Get("Content-Transfer-Encoding"); got != "quoted-printable" {
			t.Errorf("%s Content-Transfer-Encoding = %q, want quoted-printable", want.kind, got)
		}
		body, err := io.ReadAll(quotedprintable.NewReader(p))
		if err != nil {
			t.Fatalf("%s part: %v", want.kind, err)
		}
		if got := strings.ReplaceAll(string(body), "\r\n", "\n"); got != want.text {
			t.Errorf("%s part decodes to\n%q\nwant\n%q", want.kind, got, want.text)
		}
	}
	if _, err := parts.NextRawPart(); err != io.EOF {
		t.Errorf("after the two parts: %v, want io.EOF", err)
	}
}

func TestComposeSubjects(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, subject string }{
		{"ascii", "Your application was received"},
		{"azerbaijani", "Müraciətiniz qəbul edildi — İnteqrasiya: ə ı ş ğ ç ö ü İ Ə"},
		{"long russian", strings.Repeat("Ваше заявление принято и передано консультанту. ", 4)},
		{"line break", "first line\r\nBcc: someone@example.org"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := testMessage()
			m.Subject, m.Unsubscribe = tt.subject, ""
			data, err := Compose(m, time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			head, _, _ := strings.Cut(string(data), "\r\n\r\n")
			for _, line := range strings.Split(head, "\r\n") {
				// An encoded word is 75 bytes at most (RFC 2047) and stands
				// on a line of its own.
				if w := strings.TrimSpace(strings.TrimPrefix(line, "Subject:")); strings.HasPrefix(w, "=?") && len(w) > 75 {
					t.Errorf("encoded word of %d bytes: %q", len(w), line)
				}
				if strings.HasPrefix(line, "Bcc:") {
					t.Errorf("the subject injected a header: %q", line)
				}
			}
			checkMessage(t, data, m)
		})
	}
}

func TestComposeRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(*Message)
	}{
		{"no id", func(m *Message) { m.ID = "" }},
		{"id with @", func(m *Message) { m.ID = "a@b" }},
		{"bad sender", func(m *Message) { m.From = "no-reply" }},
		{"two recipients", func(m *Message) { m.To = "a@example.org, b@example.org" }},
		{"relative unsubscribe", func(m *Message) { m.Unsubscribe = "/preferences" }},
		{"unsubscribe with >", func(m *Message) { m.Unsubscribe = "https://x.example/>, <mailto:a@b" }},
		{"bad utf-8", func(m *Message) { m.Text = "\xff" }},
	}
	for _, tt := range tests {
		m := testMessage()
		tt.change(&m)
		if _, err := Compose(m, time.Now()); err == nil {
			t.Errorf("%s: Compose gave no error", tt.name)
		}
	}
}

func TestSendAuth(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		mechs     []string
		password  string
		permanent bool // the error wanted is permanent; false: no error
	}{
		{"plain, right password", nil, "s3cret", false},
		{"plain, wrong password", nil, "wrong", true},
		{"login only, right password", []string{sasl.Login}, "s3cret", false},
		{"login only, wrong password", []string{sasl.Login}, "wrong", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := &backend{user: "inteqra", password: "s3cret", mechs: tt.mechs}
			s := newSMTP(t, "smtp://inteqra:"+tt.password+"@"+serve(t, b, nil, false))
			err := s.Send(t.Context(), testMessage())
			switch {
			case !tt.permanent && err != nil:
				t.Fatal(err)
			case tt.permanent && !Permanent(err):
				t.Fatalf("Send = %v, want a permanent error (535)", err)
			case !tt.permanent:
				<-b.got
			}
		})
	}
}

func TestSendTLS(t *testing.T) {
	t.Parallel()
	cert := selfSigned(t)
	tests := []struct {
		name, scheme string
		implicit     bool
		query        string
	}{
		{"starttls when offered", "smtp", false, "?insecure_skip_verify=1"},
		{"starttls required", "smtp", false, "?starttls=required&insecure_skip_verify=1"},
		{"implicit tls", "smtps", true, "?insecure_skip_verify=1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := &backend{user: "inteqra", password: "s3cret"}
			addr := serve(t, b, cert, tt.implicit)
			s := newSMTP(t, tt.scheme+"://inteqra:s3cret@"+addr+tt.query)
			if err := s.Send(t.Context(), testMessage()); err != nil {
				t.Fatal(err)
			}
			if r := <-b.got; !r.tls {
				t.Error("the message arrived over a connection without TLS")
			}
		})
	}

	t.Run("unverified certificate", func(t *testing.T) {
		t.Parallel()
		s := newSMTP(t, "smtp://"+serve(t, &backend{}, cert, false))
		var unknown x509.UnknownAuthorityError
		if err := s.Send(t.Context(), testMessage()); !errors.As(err, &unknown) {
			t.Errorf("Send = %v, want an unknown-authority error", err)
		}
	})
	t.Run("password in clear to a remote host", func(t *testing.T) {
		t.Parallel()
		b := &backend{user: "inteqra", password: "s3cret"}
		s := newSMTP(t, "smtp://inteqra:s3cret@mail.example.org")
		s.addr = serve(t, b, nil, false) // a remote host's name, but this machine's server
		if err := s.Send(t.Context(), testMessage()); err == nil || !strings.Contains(err.Error(), "unencrypted") {
			t.Errorf("Send = %v, want a refusal to send the password unencrypted", err)
		}
	})
	t.Run("starttls required but not offered", func(t *testing.T) {
		t.Parallel()
		s := newSMTP(t, "smtp://"+serve(t, &backend{}, nil, false)+"?starttls=required")
		if err := s.Send(t.Context(), testMessage()); err == nil {
			t.Error("Send went on without TLS")
		}
	})
}

func TestSendRejected(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code      int
		permanent bool
	}{
		{451, false},
		{452, false},
		{550, true},
		{553, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.code), func(t *testing.T) {
			t.Parallel()
			b := &backend{rcptErr: &gosmtp.SMTPError{
				Code:         tt.code,
				EnhancedCode: gosmtp.EnhancedCode{tt.code / 100, 0, 0},
				Message:      "not now",
			}}
			s := newSMTP(t, "smtp://"+serve(t, b, nil, false))
			err := s.Send(t.Context(), testMessage())
			if err == nil {
				t.Fatal("Send gave no error")
			}
			if got := Permanent(err); got != tt.permanent {
				t.Errorf("Permanent(%v) = %v, want %v", err, got, tt.permanent)
			}
		})
	}
}

// TestSendSilentServer sends to a server that accepts the connection and
// never says a word: Send must give up when the context says so.
func TestSendSilentServer(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		var held []net.Conn // kept open, and silent, until the listener closes
		defer func() {
			for _, c := range held {
				c.Close()
			}
		}()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			held = append(held, c)
		}
	}()
	s := newSMTP(t, "smtp://"+l.Addr().String())

	tests := []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		want error
	}{
		{"deadline", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(t.Context(), 100*time.Millisecond)
		}, context.DeadlineExceeded},
		{"cancel", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(t.Context())
			time.AfterFunc(100*time.Millisecond, cancel)
			return ctx, cancel
		}, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := tt.ctx()
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- s.Send(ctx, testMessage()) }()
			select {
			case err := <-done:
				if !errors.Is(err, tt.want) || Permanent(err) {
					t.Errorf("Send = %v, want a temporary error matching %v", err, tt.want)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Send did not return after its context ended")
			}
		})
	}
}

func TestNewSMTP(t *testing.T) {
	t.Parallel()
	good := []struct {
		url, addr               string
		implicit, require, auth bool
	}{
		{"smtp://user:pw@mail.example.org", "mail.example.org:587", false, false, true},
		{"smtp://mail.example.org:25", "mail.example.org:25", false, false, false},
		{"smtps://user:pw@mail.example.org", "mail.example.org:465", true, false, true},
		{"smtp://user:pw@mail.example.org:2525?starttls=required", "mail.example.org:2525", false, true, true},
		{"smtp://[::1]:2525?insecure_skip_verify=1", "[::1]:2525", false, false, false},
	}
	for _, tt := range good {
		s, err := NewSMTP(tt.url)
		if err != nil {
			t.Errorf("NewSMTP(%q): %v", tt.url, err)
			continue
		}
		if s.addr != tt.addr || s.implicitTLS != tt.implicit || s.requireTLS != tt.require || (s.user != "") != tt.auth {
			t.Errorf("NewSMTP(%q) = %+v, want addr %s, implicit TLS %v, STARTTLS required %v, AUTH %v",
				tt.url, s, tt.addr, tt.implicit, tt.require, tt.auth)
		}
	}

	const password = "Sekr3t-parol"
	bad := []string{
		"",
		"ftp://user:" + password + "@mail.example.org",
		"mail.example.org:587",
		"smtp://user:" + password + "@",
		"smtp://user:" + password + "@:587",
		"smtp://user:" + password + "@mail.example.org:99999",
		"smtp://user:" + password + "@mail.example.org:0",
		"smtp://user:" + password + "@mail.example.org:smtp",
		"smtp://user:" + password + "@mail.example.org:587/inbox",
		"smtp://user:" + password + "@mail.example.org?starttls=maybe",
		"smtp://user:" + password + "@mail.example.org?insecure_skip_verify=1",
		"smtps://user:" + password + "@mail.example.org?starttls=required",
		"smtp://:" + password + "@mail.example.org",
		"smtp://user@mail.example.org",
		"smtp://user:" + password + "%zz@mail.example.org",
		"smtp://user:" + password + "@mail example.org",
	}
	for _, raw := range bad {
		_, err := NewSMTP(raw)
		if err == nil {
			t.Errorf("NewSMTP(%q) gave no error", raw)
		} else if strings.Contains(err.Error(), password) {
			t.Errorf("NewSMTP(%q) error shows the password: %v", raw, err)
		}
	}
}
