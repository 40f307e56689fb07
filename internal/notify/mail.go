package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Message is an e-mail ready to send: plain text and HTML parts of the same
// text, in the recipient's language.
type Message struct {
	ID          string // the Message-ID's left part, unique per outbox row, e.g. "outbox-42"; the header is <ID@host of From>
	From        string // "inteqra <no-reply@migration.gov.az>" form allowed (parsed with net/mail)
	To          string // one address
	Subject     string // UTF-8, any language (Azerbaijani ə ı ş ğ İ, Cyrillic)
	Text        string
	HTML        string
	Unsubscribe string // a URL of the preferences page, sent as List-Unsubscribe header when not empty
}

// Mailer sends a message; a nil error means the server accepted it.
type Mailer interface {
	Send(ctx context.Context, m Message) error
}

// Compose returns the message as RFC 5322 bytes: the headers, then a
// multipart/alternative body with a text/plain part and a text/html part,
// both UTF-8 and quoted-printable, with CRLF line ends. Everything it
// writes is 7-bit, so the message passes any relay unchanged, whether or
// not the relay speaks 8BITMIME.
func Compose(m Message, now time.Time) ([]byte, error) {
	from, to, err := addresses(m)
	if err != nil {
		return nil, err
	}
	if m.ID == "" || strings.ContainsAny(m.ID, "<>@ \t\r\n") || !isASCII(m.ID) {
		return nil, fmt.Errorf("notify: message id %q must be non-empty ASCII without spaces, <, > or @", m.ID)
	}
	if !utf8.ValidString(m.Subject) || !utf8.ValidString(m.Text) || !utf8.ValidString(m.HTML) {
		return nil, fmt.Errorf("notify: message %s is not valid UTF-8", m.ID)
	}
	host := from.Address[strings.LastIndexByte(from.Address, '@')+1:]

	var body bytes.Buffer
	mp := multipart.NewWriter(&body)
	for _, part := range []struct{ kind, text string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		if err := writePart(mp, part.kind, part.text); err != nil {
			return nil, fmt.Errorf("notify: compose %s: %w", m.ID, err)
		}
	}
	if err := mp.Close(); err != nil {
		return nil, fmt.Errorf("notify: compose %s: %w", m.ID, err)
	}

	var b bytes.Buffer
	header := func(name, value string) { b.WriteString(name + ": " + value + "\r\n") }
	header("From", from.String())
	header("To", to.String())
	header("Subject", encodeWords(m.Subject))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", "<"+m.ID+"@"+host+">")
	if m.Unsubscribe != "" {
		u, err := url.Parse(m.Unsubscribe)
		if err != nil || !u.IsAbs() || strings.ContainsAny(m.Unsubscribe, "<> \t") {
			return nil, fmt.Errorf("notify: message %s: unsubscribe link %q is not an absolute URL", m.ID, m.Unsubscribe)
		}
		header("List-Unsubscribe", "<"+m.Unsubscribe+">")
	}
	header("MIME-Version", "1.0")
	header("Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": mp.Boundary()}))
	b.WriteString("\r\n")
	b.Write(body.Bytes())
	return b.Bytes(), nil
}

// addresses parses the message's sender and recipient. Send needs them for
// the envelope and Compose for the headers, so both read them the same way.
func addresses(m Message) (from, to *mail.Address, err error) {
	if from, err = mail.ParseAddress(m.From); err != nil {
		return nil, nil, fmt.Errorf("notify: message %s: sender %q: %w", m.ID, m.From, err)
	}
	if to, err = mail.ParseAddress(m.To); err != nil {
		return nil, nil, fmt.Errorf("notify: message %s: recipient %q: %w", m.ID, m.To, err)
	}
	return from, to, nil
}

func writePart(mp *multipart.Writer, kind, text string) error {
	h := textproto.MIMEHeader{}
	h.Set("Content-Type", kind+"; charset=utf-8")
	h.Set("Content-Transfer-Encoding", "quoted-printable")
	w, err := mp.CreatePart(h)
	if err != nil {
		return err
	}
	// Not binary: the writer turns each line break into CRLF, as RFC 5322 wants.
	qp := quotedprintable.NewWriter(w)
	_, err = qp.Write([]byte(text))
	return errors.Join(err, qp.Close())
}

// encodeWords returns s as a header value: unchanged when it is plain
// ASCII, otherwise as RFC 2047 encoded words, Q for text that is mostly
// Latin (Azerbaijani stays half-readable) and B for text that is mostly not
// (Cyrillic is shorter in base64). Each encoded word (75 bytes at most)
// goes on a folded line of its own, so a long subject makes more lines, not
// longer ones.
func encodeWords(s string) string {
	enc := mime.QEncoding
	if nonASCII := len(s) - countASCII(s); nonASCII*2 > len(s) {
		enc = mime.BEncoding
	}
	return strings.ReplaceAll(enc.Encode("utf-8", s), "?= =?", "?=\r\n =?")
}

func countASCII(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < utf8.RuneSelf {
			n++
		}
	}
	return n
}

func isASCII(s string) bool { return countASCII(s) == len(s) }
