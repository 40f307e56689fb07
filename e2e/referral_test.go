package e2e

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"inteqra/internal/access"
	"inteqra/internal/cases"
	"inteqra/internal/demo"
	"inteqra/internal/i18n"
)

const partnerEmail = "partner.officer@demo.inteqra.az"

// A consultant sends a referral from the demo case to the demo partner
// officer's organisation, and the partner officer accepts and completes it
// in their inbox; the case's referrals page, the inbox and the referral page
// pass axe in every language, with an overdue referral flagged on both sides.
func TestReferralPages(t *testing.T) {
	t.Parallel()
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, string(lang))
			shots := os.Getenv("INTEQRA_SCREENSHOTS") == "1"
			today := i18n.DayOf(time.Now())

			// An older referral whose due date has passed, so both sides show the flag.
			system := access.With(context.Background(), access.System())
			old, err := e.app.Cases.Refer(system, 1, cases.ReferralInput{OrganisationID: 4, Domain: "housing",
				Need: "Kirayə mənzil tapmaqda kömək", DueOn: today.Format(time.DateOnly)})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.app.DB.ExecContext(system, `UPDATE referrals SET due_on = $1 WHERE id = $2`, today.AddDate(0, 0, -3), old.ID); err != nil {
				t.Fatal(err)
			}

			if st := e.signIn(consultantEmail, demo.Password); st != http.StatusOK {
				t.Fatalf("sign in: status %d", st)
			}
			e.switchLanguage(lang)
			e.open("/cases/1/referrals")
			e.run("organisation", chromedp.SetValue(chromedp.CSS("#organisation"), "4"))
			e.run("domain", chromedp.SetValue(chromedp.CSS("#domain"), "work"))
			e.fill("#need", "İş axtarışında məsləhət və vakansiyalar")
			e.run("due", chromedp.SetValue(chromedp.CSS("#due_on"), today.AddDate(0, 0, 14).Format(time.DateOnly)))
			if st := e.submit(`form[action="/cases/1/referrals"] button[type=submit]`); st != http.StatusOK {
				t.Fatalf("send the referral: status %d", st)
			}
			if e.location().Path != "/cases/1/referrals" || !strings.Contains(e.text("table.referrals"), "İş axtarışında") {
				t.Fatalf("the referral is not listed on %s", e.location())
			}
			if !strings.Contains(e.text("table.referrals"), T(t, lang, "referral.overdue")) {
				t.Error("the consultant does not see the overdue flag")
			}
			checkA11y(t, e.ctx, "case referrals "+string(lang))
			if shots {
				e.shoot("case-referrals-" + string(lang))
			}

			e.signOut()
			if st := e.signIn(partnerEmail, demo.Password); st != http.StatusOK {
				t.Fatalf("partner signs in: status %d", st)
			}
			e.switchLanguage(lang)
			e.open("/referrals")
			if !strings.Contains(e.text("table.referrals"), T(t, lang, "referral.overdue")) {
				t.Error("the partner does not see the overdue flag")
			}
			checkA11y(t, e.ctx, "referral inbox "+string(lang))
			if shots {
				e.shoot("referral-inbox-" + string(lang))
			}
			rows := eval[[]string](e, `[...document.querySelectorAll("table.referrals tbody tr")].map(r => r.innerText)`)
			if len(rows) != 2 {
				t.Fatalf("inbox rows: %q", rows)
			}
			link := eval[string](e, `[...document.querySelectorAll("table.referrals tbody tr")].find(r => r.innerText.includes("İş axtarışında")).querySelector("a").getAttribute("href")`)
			e.open(link)
			checkA11y(t, e.ctx, "referral "+string(lang))
			if st := e.submit(`form[action$="/accept"] button[type=submit]`); st != http.StatusOK {
				t.Fatalf("accept: status %d", st)
			}
			e.fill("#complete-text", "Şəxs iki vakansiya üzrə müsahibəyə göndərildi")
			if st := e.submit(`form[action$="/complete"] button[type=submit]`); st != http.StatusOK {
				t.Fatalf("complete: status %d", st)
			}
			if got := e.text("dl .usa-tag"); got != T(t, lang, "referral.state.completed") {
				t.Errorf("state after completion = %q", got)
			}
			if shots {
				e.shoot("referral-" + string(lang))
			}
		})
	}
}
