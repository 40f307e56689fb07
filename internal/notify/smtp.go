package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// defaultTimeout bounds a Send whose context has no deadline, so a server
// that stops answering cannot hold an outbox worker for ever.
const defaultTimeout = 30 * time.Second

// SMTP sends over SMTP to the server INTEQRA_SMTP_URL names. It holds no
// connection: each Send dials, delivers one message and quits, which suits
// the outbox's pace and never leaves a half-dead connection to recover.
type SMTP struct {
	host, addr     string // addr is host:port
	implicitTLS    bool   // smtps: TLS from the first byte
	requireTLS     bool   // smtp with ?starttls=required
	skipVerify     bool   // ?insecure_skip_verify=1, loopback only
	user, password string
	hello          string // the name this side gives in EHLO
}

// NewSMTP reads the URL: smtp://user:password@host:port (STARTTLS when the
// server offers it, and required outright with ?starttls=required),
// smtps://user:password@host:port (implicit TLS), or smtp://host:25 without
// a user (no AUTH). The port defaults to 587 for smtp and 465 for smtps.
// ?insecure_skip_verify=1 turns off certificate checks and is accepted
// only for a loopback host, where the tests run. An error names what is
// wrong but never repeats the password.
func NewSMTP(rawURL string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		// url.Error quotes the whole URL, password included: keep only its cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		var esc url.EscapeError
		if errors.As(err, &esc) {
			err = errors.New("a bad %-escape")
		}
		return nil, fmt.Errorf("notify: SMTP URL: %v", err)
	}
	bad := func(format string, args ...any) (*SMTP, error) {
		return nil, fmt.Errorf("notify: SMTP URL %s: "+format, append([]any{u.Redacted()}, args...)...)
	}
	s := &SMTP{host: u.Hostname()}
	port := "587"
	switch u.Scheme {
	case "smtp":
	case "smtps":
		s.implicitTLS, port = true, "465"
	default:
		return bad("scheme %q is neither smtp nor smtps", u.Scheme)
	}
	if s.host == "" {
		return bad("no host")
	}
	if u.Port() != "" {
		if n, err := strconv.Atoi(u.Port()); err != nil || n < 1 || n > 65535 {
			return bad("port %q is not a number from 1 to 65535", u.Port())
		}
		port = u.Port()
	}
	s.addr = net.JoinHostPort(s.host, port)
	if u.Opaque != "" || (u.Path != "" && u.Path != "/") || u.Fragment != "" {
		return bad("a path or fragment means nothing here")
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.password, _ = u.User.Password()
		if s.user == "" || s.password == "" {
			return bad("give both a user and a password, or neither")
		}
	}
	for key, vals := range u.Query() {
		val := vals[len(vals)-1]
		switch {
		case key == "starttls" && val == "required" && !s.implicitTLS:
			s.requireTLS = true
		case key == "insecure_skip_verify" && val == "1" && loopback(s.host):
			s.skipVerify = true
		default:
			return bad("parameter %s=%s is not understood (only starttls=required for smtp, and insecure_skip_verify=1 for a loopback host)", key, val)
		}
	}
	s.hello, err = os.Hostname()
	if err != nil || s.hello == "" {
		s.hello = "localhost"
	}
	return s, nil
}

// Send delivers m in one SMTP session. The context's deadline, or 30 s when
// it has none, bounds the whole session, not only the dial; cancelling the
// context breaks off the session at once.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	from, to, err := addresses(m)
	if err != nil {
		return err
	}
	msg, err := Compose(m, time.Now())
	if err != nil {
		return err
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, defaultTimeout)
		defer cancel()
	}
	conn, err := s.dial(ctx)
	if err != nil {
		return fmt.Errorf("notify: send %s: dial %s: %w", m.ID, s.addr, err)
	}
	defer conn.Close()
	deadline, _ := ctx.Deadline()
	conn.SetDeadline(deadline)
	// A deadline in the past wakes any read or write that is blocked now.
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	if err := s.deliver(conn, from.Address, to.Address, msg); err != nil {
		if errors.Is(err, os.ErrDeadlineExceeded) {
			// The connection's deadline is the context's: wait the instant
			// until the context's own timer agrees, so the error says why.
			<-ctx.Done()
		}
		if ctx.Err() != nil {
			return fmt.Errorf("notify: send %s via %s: %w (%v)", m.ID, s.addr, ctx.Err(), err)
		}
		return fmt.Errorf("notify: send %s via %s: %w", m.ID, s.addr, err)
	}
	return nil
}

func (s *SMTP) dial(ctx context.Context) (net.Conn, error) {
	if s.implicitTLS {
		d := tls.Dialer{Config: s.tlsConfig()}
		return d.DialContext(ctx, "tcp", s.addr)
	}
	var d net.Dialer
	return d.DialContext(ctx, "tcp", s.addr)
}

func (s *SMTP) tlsConfig() *tls.Config {
	return &tls.Config{ServerName: s.host, InsecureSkipVerify: s.skipVerify, MinVersion: tls.VersionTLS12}
}

// deliver speaks SMTP on conn, from the greeting to QUIT.
func (s *SMTP) deliver(conn net.Conn, from, to string, msg []byte) error {
	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Hello(s.hello); err != nil {
		return err
	}
	if !s.implicitTLS {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(s.tlsConfig()); err != nil {
				return err
			}
		} else if s.requireTLS {
			return errors.New("the server does not offer STARTTLS, and the URL requires it")
		}
	}
	if s.user != "" {
		if err := s.authenticate(c); err != nil {
			return err
		}
	}
	if err := c.Mail(from); err != nil {
		return err
	}
	if err := c.Rcpt(to); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	// The server has taken the message: a failed QUIT must not make the
	// outbox send it again.
	c.Quit()
	return nil
}

// authenticate logs in with PLAIN, or LOGIN when that is all the server
// offers. Credentials go only over TLS, or to this machine itself.
func (s *SMTP) authenticate(c *smtp.Client) error {
	if _, encrypted := c.TLSConnectionState(); !encrypted && !loopback(s.host) {
		return errors.New("refusing to send the password over an unencrypted connection")
	}
	ok, params := c.Extension("AUTH")
	mechs := strings.Fields(strings.ToUpper(params))
	switch {
	case !ok:
		return errors.New("the URL gives a user, but the server offers no AUTH")
	case slices.Contains(mechs, "PLAIN"):
		return c.Auth(login{"PLAIN", s.user, s.password})
	case slices.Contains(mechs, "LOGIN"):
		return c.Auth(login{"LOGIN", s.user, s.password})
	}
	return fmt.Errorf("the server offers AUTH %s, but neither PLAIN nor LOGIN", params)
}

// login answers AUTH PLAIN or AUTH LOGIN. It is ours rather than
// smtp.PlainAuth because the standard library has no LOGIN, and because
// authenticate has already checked what PlainAuth would check.
type login struct{ mech, user, password string }

func (a login) Start(*smtp.ServerInfo) (string, []byte, error) {
	if a.mech == "PLAIN" {
		return "PLAIN", []byte("\x00" + a.user + "\x00" + a.password), nil
	}
	return "LOGIN", nil, nil
}

func (a login) Next(challenge []byte, more bool) ([]byte, error) {
	if !more {
		return nil, nil
	}
	switch prompt := strings.ToLower(strings.TrimSpace(string(challenge))); {
	case a.mech == "LOGIN" && strings.HasPrefix(prompt, "username"):
		return []byte(a.user), nil
	case a.mech == "LOGIN" && strings.HasPrefix(prompt, "password"):
		return []byte(a.password), nil
	}
	return nil, fmt.Errorf("unexpected AUTH %s challenge %q", a.mech, challenge)
}

// Permanent reports whether err carries a 5xx reply: the server refused the
// message for good, so sending it again would only be refused again. Any
// other error (a 4xx reply, a network failure, a deadline) may pass later.
func Permanent(err error) bool {
	var te *textproto.Error
	return errors.As(err, &te) && te.Code >= 500 && te.Code <= 599
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
