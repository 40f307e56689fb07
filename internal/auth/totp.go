package auth

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"image/png"
	"math"
	"net/url"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// Issuer names the system in authenticator apps.
const Issuer = "inteqra"

// RecoveryCodeCount is how many one-time recovery codes an enrolment gives.
const RecoveryCodeCount = 10

// Enrolment is a TOTP secret offered to a user, not yet confirmed.
type Enrolment struct {
	Secret string
	URL    string
	// QR is a PNG of the otpauth URL as a data: URL for an <img>.
	QR string
}

// NewEnrolment makes a secret for u and the QR code to scan.
func NewEnrolment(u User) (Enrolment, error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: Issuer, AccountName: u.Email})
	if err != nil {
		return Enrolment{}, fmt.Errorf("auth: totp secret: %w", err)
	}
	return enrolment(key)
}

// EnrolmentFor rebuilds the enrolment of a secret already offered to u, so a
// user who mistyped the code can retry with the app they just set up.
func EnrolmentFor(u User, secret string) (Enrolment, error) {
	if secret == "" {
		return NewEnrolment(u)
	}
	key, err := otp.NewKeyFromURL((&url.URL{
		Scheme:   "otpauth",
		Host:     "totp",
		Path:     "/" + Issuer + ":" + u.Email,
		RawQuery: url.Values{"secret": {secret}, "issuer": {Issuer}}.Encode(),
	}).String())
	if err != nil {
		return Enrolment{}, fmt.Errorf("auth: totp secret: %w", err)
	}
	return enrolment(key)
}

func enrolment(key *otp.Key) (Enrolment, error) {
	img, err := key.Image(240, 240)
	if err != nil {
		return Enrolment{}, fmt.Errorf("auth: totp qr: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return Enrolment{}, fmt.Errorf("auth: totp qr: %w", err)
	}
	return Enrolment{
		Secret: key.Secret(),
		URL:    key.URL(),
		QR:     "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()),
	}, nil
}

// totpOpts are the parameters every authenticator app uses by default.
var totpOpts = totp.ValidateOpts{Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// codeStep returns the time step (Unix time / 30 s) whose code code is, when
// it is the code of the step at at or of one step either side (clocks drift);
// ok is false otherwise. The latest matching step wins.
func codeStep(secret, code string, at time.Time) (step int64, ok bool) {
	code = strings.TrimSpace(code)
	if len(code) != int(totpOpts.Digits) {
		return 0, false
	}
	period := int64(totpOpts.Period)
	for skew := int64(totpOpts.Skew); skew >= -int64(totpOpts.Skew); skew-- {
		t := at.Add(time.Duration(skew*period) * time.Second)
		want, err := totp.GenerateCodeCustom(secret, t, totpOpts)
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return t.Unix() / period, true
		}
	}
	return 0, false
}

// ConfirmEnrolment stores secret (sealed) for user id once code proves the
// app has it, and returns the recovery codes, which are shown once and
// stored hashed. The code's time step is recorded as used, so the code that
// enrolled cannot also sign in.
func (s *Store) ConfirmEnrolment(ctx context.Context, id int64, secret, code string) ([]string, error) {
	step, ok := codeStep(secret, code, s.now())
	if !ok {
		return nil, i18n.Errorf("auth.error.code_invalid")
	}
	sealed, err := s.seal(id, secret)
	if err != nil {
		return nil, fmt.Errorf("auth: enrol totp %d: %w", id, err)
	}
	codes := make([]string, RecoveryCodeCount)
	for i := range codes {
		c := randomToken(10)
		codes[i] = c[:5] + "-" + c[5:]
	}
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = $1, totp_enabled = $2, updated_at = $3,
			totp_last_step = CASE WHEN totp_last_step > $5 THEN totp_last_step ELSE $5 END WHERE id = $4`,
			sealed, true, s.now(), id, step)
		if err != nil {
			return fmt.Errorf("auth: enrol totp %d: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, id); err != nil {
			return fmt.Errorf("auth: enrol totp %d: %w", id, err)
		}
		for _, c := range codes {
			if _, err := tx.ExecContext(ctx, `INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)`, id, hashCode(c)); err != nil {
				return fmt.Errorf("auth: store recovery code %d: %w", id, err)
			}
		}
		return audit.Record(ctx, tx, "user.enrol_totp", "user", fmt.Sprint(id), "totp", "recovery_codes")
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// hashCode hashes a recovery code. The codes are long and random, so a plain
// SHA-256 is enough; a slow hash protects guessable passwords, not these.
func hashCode(code string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.ReplaceAll(strings.TrimSpace(code), "-", ""))))
	return hex.EncodeToString(sum[:])
}

// CheckSecondFactor accepts a current TOTP code or an unused recovery code
// (which is then used up). Failures count towards throttling like wrong passwords.
//
// A TOTP code works once: its time step must be later than the last step
// accepted for the user, and taking it is one conditional UPDATE, so two
// requests (on any nodes) racing with the same code cannot both win.
func (s *Store) CheckSecondFactor(ctx context.Context, u User, code, addr string) error {
	if wait, err := s.throttled(ctx, u.Email, addr); err != nil {
		return err
	} else if wait > 0 {
		s.fail(ctx, u.Email, addr, "auth.login_throttled", u.ID)
		return i18n.Errorf("auth.error.throttled", "Minutes", int(math.Ceil(wait.Minutes())))
	}
	if u.TOTPEnabled {
		secret, err := s.open(u.ID, u.totpSecret)
		if err != nil {
			return err
		}
		if step, ok := codeStep(secret, code, s.now()); ok {
			res, err := s.db.ExecContext(ctx, `UPDATE users SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1`, step, u.ID)
			if err != nil {
				return fmt.Errorf("auth: totp step %d: %w", u.ID, err)
			}
			if n, _ := res.RowsAffected(); n == 1 {
				return nil
			}
			s.fail(ctx, u.Email, addr, "auth.totp_replayed", u.ID)
			return i18n.Errorf("auth.error.code_used")
		}
	}
	used := false
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL`,
			s.now(), u.ID, hashCode(code))
		if err != nil {
			return fmt.Errorf("auth: recovery code %d: %w", u.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			used = true
			return audit.RecordAs(ctx, tx, u.ID, u.Email, "auth.recovery_code_used", "user", fmt.Sprint(u.ID))
		}
		return nil
	})
	if err != nil {
		return err
	}
	if !used {
		s.fail(ctx, u.Email, addr, "auth.login_failed", u.ID)
		return i18n.Errorf("auth.error.code_invalid")
	}
	return nil
}
