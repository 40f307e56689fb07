// Package demo makes the demo data the README's first command starts with
// (accounts for every role, organisations, persons with planted duplicates,
// courses, certificates and cases in every state) and the generated
// persons of the load test. It writes through the features' stores of a
// wired app, as any user would, so the data obeys every rule.
package demo

import (
	"context"
	"fmt"
	"strings"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/auth"
	"inteqra/internal/i18n"
	"inteqra/internal/orgs"
)

// Password is the password of every demo account.
const Password = "inteqra-demo"

// Login is one demo account, printed at start.
type Login struct {
	Role  access.Role
	Email string
}

var demoOrgs = []orgs.Input{
	// The Service's own offices carry demo contacts (the 000 numbers reach no one).
	{Name: "Dövlət Miqrasiya Xidməti", Kind: orgs.Headquarters, Active: true, Contact: orgs.Contact{
		Address: "Bakı şəhəri, Binəqədi rayonu (demo ünvan)", Phone: "+994 12 000 00 01", Email: "inteqrasiya@demo.inteqra.az",
		Hours: "B.e.–C., 09:00–18:00"}},
	{Name: "DMX Təlim-tədris mərkəzi", Kind: orgs.TrainingCentre, Active: true, Contact: orgs.Contact{
		Address: "Bakı şəhəri, Nərimanov rayonu (demo ünvan)", Phone: "+994 12 000 00 02", Email: "kurslar@demo.inteqra.az",
		Hours: "B.e.–Ş., 09:00–20:00"}},
	{Name: "DMX Gəncə regional miqrasiya idarəsi", Kind: orgs.RegionalOffice, Active: true, Contact: orgs.Contact{
		Address: "Gəncə şəhəri, Kəpəz rayonu (demo ünvan)", Phone: "+994 22 000 00 03", Email: "gence@demo.inteqra.az",
		Hours: "B.e.–C., 09:00–18:00"}},
	{Name: "Əmək və Əhalinin Sosial Müdafiəsi Nazirliyi", Kind: orgs.Ministry, Active: true},
	{Name: "Elm və Təhsil Nazirliyi", Kind: orgs.Ministry, Active: true},
	{Name: "Qaçqınlara Yardım İctimai Birliyi", Kind: orgs.NGO, Active: true},
	{Name: "Beynəlxalq Miqrasiya Siyasətinin İnkişafı Mərkəzi (ICMPD)", Kind: orgs.International, Active: true},
	{Name: "Bakı Tikinti MMC", Kind: orgs.Employer, Active: true},
	// Ministries responsible for measures of the Action Plan.
	{Name: "Səhiyyə Nazirliyi", Kind: orgs.Ministry, Active: true},
	{Name: "Ədliyyə Nazirliyi", Kind: orgs.Ministry, Active: true},
	{Name: "Mədəniyyət Nazirliyi", Kind: orgs.Ministry, Active: true},
}

var demoUsers = []struct {
	role access.Role
	name string
	org  int // index into demoOrgs, -1 for none
	lang i18n.Lang
}{
	{access.Admin, "Rəşad Əliyev", 0, i18n.AZ},
	{access.Supervisor, "Günel Həsənova", 0, i18n.AZ},
	{access.Consultant, "Aysel Məmmədova", 0, i18n.AZ},
	{access.Coordinator, "Elçin Quliyev", 1, i18n.AZ},
	{access.Trainer, "Nərgiz İsmayılova", 1, i18n.AZ},
	{access.PartnerOfficer, "Tural Cəfərov", 3, i18n.AZ},
	{access.CouncilSecretary, "Leyla Abbasova", 0, i18n.AZ},
	{access.StrategyOfficer, "Orxan Babayev", 0, i18n.EN},
	{access.FocalPoint, "Səbinə Qasımova", 4, i18n.AZ},
	{access.Analyst, "Kamran Rzayev", 0, i18n.EN},
	{access.Auditor, "Fidan Nağıyeva", 0, i18n.AZ},
	{access.Migrant, "Dilnoza Sultanova", -1, i18n.RU},
}

// Seed fills an empty database with demo organisations and one account
// per role, all with Password. A database that already has users is left
// alone, so running the demo twice keeps what was done in between.
func Seed(ctx context.Context, a *app.App) ([]Login, error) {
	_, err := seedDemo(ctx, a)
	return demoLogins(), err
}

func demoLogins() []Login {
	var logins []Login
	for _, u := range demoUsers {
		logins = append(logins, Login{Role: u.role, Email: Email(u.role)})
	}
	return logins
}

// seedDemo is Seed; it returns the demo staff as principals, none when
// the database already had users.
func seedDemo(ctx context.Context, a *app.App) (map[access.Role]access.Principal, error) {
	ctx = access.With(ctx, access.System())
	n, err := a.Users.CountUsers(ctx)
	if err != nil || n > 0 {
		return nil, err
	}
	ids := make([]int64, len(demoOrgs))
	staff := map[access.Role]access.Principal{}
	for i, in := range demoOrgs {
		o, err := a.Orgs.CreateOrganisation(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("demo: organisation %q: %w", in.Name, err)
		}
		ids[i] = o.ID
	}
	for _, u := range demoUsers {
		in := auth.UserInput{Email: Email(u.role), Name: u.name, Role: u.role, Active: true, Language: u.lang}
		if u.org >= 0 {
			in.OrganisationID = ids[u.org]
		}
		user, err := a.Users.CreateUser(ctx, in, Password, false)
		if err != nil {
			return nil, fmt.Errorf("demo: user %s: %w", in.Email, err)
		}
		staff[u.role] = user.Principal()
	}
	if err := seedTraining(ctx, a, staff[access.Trainer].UserID); err != nil {
		return nil, err
	}
	if err := seedWebhook(a, staff[access.PartnerOfficer]); err != nil {
		return nil, err
	}
	return staff, seedCases(a, staff)
}

// Email is the address of the demo account of a role.
func Email(r access.Role) string {
	return strings.ReplaceAll(string(r), "_", ".") + "@demo.inteqra.az"
}

// orgIDsByName returns the organisations' ids by their names.
func orgIDsByName(ctx context.Context, a *app.App) (map[string]int64, error) {
	list, err := a.Orgs.Organisations(ctx)
	if err != nil {
		return nil, err
	}
	ids := make(map[string]int64, len(list))
	for _, o := range list {
		ids[o.Name] = o.ID
	}
	return ids, nil
}
