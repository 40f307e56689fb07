package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/i18n"
	"inteqra/internal/orgs"
	"inteqra/internal/people"
)

// The reasons the demo gives CreatePerson for saving a record that looks
// like an existing one. The duplicates queue of the registry starts from
// the planted ones; the namesakes are its false alarms to dismiss.
const (
	plantedDuplicateReason = "demo: planted duplicate"
	namesakeReason         = "demo: namesake, a different person"
)

// SeedPeople registers n realistic demo persons (deterministic for a seed)
// through the registry's API, with residence statuses and consents, and
// plants duplicates: pairs where the same person was registered twice in
// different spellings/scripts (saved with DuplicateReason "demo: planted
// duplicate" so the duplicates queue of a later issue has work). Returns how
// many persons and planted duplicate pairs it made.
//
// n counts registry records: about 5% of them are the planted second
// registrations and about 2% namesakes (same surname, a sibling or someone
// born in another year). Dates are relative to today in Baku, so the same
// seed gives the same people on the same day, with some permits current and
// some expired whenever the demo runs. Sharing consents name the NGO and
// the international organisation of Seed when they exist. Unlike
// Seed it does not check for an empty registry: run twice, it adds a
// second set of people.
func SeedPeople(ctx context.Context, a *app.App, n int, seed int64) (persons, duplicates int, err error) {
	s, err := seedPeople(ctx, a, n, seed)
	return len(s.records), len(s.pairs), err
}

// demoSeed is what seedPeople made, for SeedPeople's counts and for tests.
type demoSeed struct {
	records   []demoRecord // every record, in the order registered
	pairs     []demoPair
	namesakes []demoPair // Original and Duplicate are two different people here
	flagged   int        // namesakes and regenerated persons CreatePerson warned about
}

// demoRecord is a registered demo person with the input that made it.
type demoRecord struct {
	ID    int64
	Input people.Input
	d     *draft
}

// demoPair is a planted duplicate (or namesake) and the record it resembles.
type demoPair struct {
	Original, Duplicate demoRecord
	Variant             string // how the second record was written
	Flagged             bool   // CreatePerson returned the original as a candidate
}

func seedPeople(ctx context.Context, a *app.App, n int, seed int64) (demoSeed, error) {
	var out demoSeed
	if n <= 0 {
		return out, nil
	}
	ctx = access.With(ctx, access.System())
	g, err := newDemoGen(ctx, a, seed)
	if err != nil {
		return out, err
	}
	dups := (n*5 + 50) / 100
	namesakes := (n*2 + 50) / 100
	base := n - dups - namesakes

	for _, o := range g.originQuotas(base) {
		rec, err := registerFresh(ctx, a, g, o, &out)
		if err != nil {
			return out, err
		}
		if err := addHistory(ctx, a, rec); err != nil {
			return out, err
		}
	}
	originals := out.records
	for range namesakes {
		orig := originals[g.r.IntN(len(originals))]
		d, variant := g.namesake(orig.d)
		rec, cands, err := register(ctx, a, d, "")
		if errors.Is(err, people.ErrPossibleDuplicate) {
			out.flagged++
			rec, cands, err = register(ctx, a, d, namesakeReason)
		}
		if err != nil {
			return out, fmt.Errorf("demo: namesake of %d: %w", orig.ID, err)
		}
		out.records = append(out.records, rec)
		out.namesakes = append(out.namesakes, demoPair{orig, rec, variant, hasCandidate(cands, orig.ID)})
		if err := addHistory(ctx, a, rec); err != nil {
			return out, err
		}
	}
	// Each planted duplicate gets an original of its own, one with at least
	// two spellings, so that the second registration can use another.
	used := map[int64]bool{}
	for range dups {
		var orig demoRecord
		for range 50 {
			orig = originals[g.r.IntN(len(originals))]
			if !used[orig.ID] && len(orig.Input.Names) >= 2 {
				break
			}
		}
		used[orig.ID] = true
		d, variant := g.duplicate(orig.d)
		rec, cands, err := register(ctx, a, d, plantedDuplicateReason)
		if err != nil {
			return out, fmt.Errorf("demo: duplicate of %d: %w", orig.ID, err)
		}
		out.records = append(out.records, rec)
		out.pairs = append(out.pairs, demoPair{orig, rec, variant, hasCandidate(cands, orig.ID)})
		if err := addHistory(ctx, a, rec); err != nil {
			return out, err
		}
	}
	return out, nil
}

// registerFresh registers a new person of origin o. A demo person that
// happens to look like one already registered (the name lists are short) is
// drawn again, so that only the planted pairs and namesakes reach the
// duplicates queue; after a few draws it is saved as a namesake.
func registerFresh(ctx context.Context, a *app.App, g *demoGen, o *origin, out *demoSeed) (demoRecord, error) {
	for range 8 {
		rec, _, err := register(ctx, a, g.person(o), "")
		if errors.Is(err, people.ErrPossibleDuplicate) {
			continue
		}
		if err != nil {
			return rec, err
		}
		out.records = append(out.records, rec)
		return rec, nil
	}
	out.flagged++
	rec, _, err := register(ctx, a, g.person(o), namesakeReason)
	if err == nil {
		out.records = append(out.records, rec)
	}
	return rec, err
}

func register(ctx context.Context, a *app.App, d *draft, reason string) (demoRecord, []people.Candidate, error) {
	in := d.input()
	in.DuplicateReason = reason
	p, cands, err := a.People.CreatePerson(ctx, in)
	if err != nil && !errors.Is(err, people.ErrPossibleDuplicate) {
		err = fmt.Errorf("demo: register %s: %w", displayOf(in), err)
	}
	return demoRecord{ID: p.ID, Input: in, d: d}, cands, err
}

func hasCandidate(cands []people.Candidate, id int64) bool {
	for _, c := range cands {
		if c.ID == id {
			return true
		}
	}
	return false
}

func displayOf(in people.Input) string {
	if len(in.Names) == 0 {
		return "?"
	}
	return in.Names[0].Full()
}

// addHistory records the person's residence statuses, oldest first, and
// the consents of the pilot's paper forms, some of them withdrawn since.
func addHistory(ctx context.Context, a *app.App, rec demoRecord) error {
	d := rec.d
	for _, st := range d.statuses {
		if _, err := a.People.AddStatus(ctx, rec.ID, st); err != nil {
			return fmt.Errorf("demo: status %s of %d: %w", st.Kind, rec.ID, err)
		}
	}
	for _, c := range d.consents {
		in := people.ConsentInput{Purpose: c.purpose, GivenOn: c.givenOn}
		if c.purpose == people.Sharing {
			in.OrganisationID = c.org
		}
		got, err := a.People.GiveConsent(ctx, rec.ID, in)
		if err != nil {
			return fmt.Errorf("demo: consent %s of %d: %w", c.purpose, rec.ID, err)
		}
		if c.withdrawal != "" {
			if err := a.People.WithdrawConsent(ctx, rec.ID, got.ID, c.withdrawal); err != nil {
				return fmt.Errorf("demo: withdraw consent of %d: %w", rec.ID, err)
			}
		}
	}
	return nil
}

// demoGen draws demo people from one random source, so that a seed gives
// the same registry every time on a given day.
type demoGen struct {
	r       *rand.Rand
	today   time.Time // midnight UTC of today's date in Baku, like stored dates
	regions map[string]int64
	used    map[string]bool // document numbers, phones and e-mails already given out
	ngo     int64           // partner for refugees' sharing consents, 0 if none
	intl    int64           // the international partner running the pilot, 0 if none
}

func newDemoGen(ctx context.Context, a *app.App, seed int64) (*demoGen, error) {
	y, m, d := time.Now().In(i18n.Baku).Date()
	g := &demoGen{
		r:       rand.New(rand.NewPCG(uint64(seed), uint64(seed))),
		today:   time.Date(y, m, d, 0, 0, 0, 0, time.UTC),
		regions: map[string]int64{},
		used:    map[string]bool{},
	}
	groups, err := a.People.Regions(ctx, i18n.AZ)
	if err != nil {
		return nil, err
	}
	for _, grp := range groups {
		g.regions[grp.Code] = grp.ID
		for _, p := range grp.Places {
			g.regions[p.Code] = p.ID
		}
	}
	list, err := a.Orgs.Organisations(ctx)
	if err != nil {
		return nil, err
	}
	for _, o := range list {
		switch {
		case !o.Active:
		case o.Kind == orgs.NGO && g.ngo == 0:
			g.ngo = o.ID
		case o.Kind == orgs.International && g.intl == 0:
			g.intl = o.ID
		}
	}
	return g, nil
}

// originQuotas returns n origins in random order, each as often as its
// weight says (largest remainder), so that even a small demo has every
// origin its weight entitles it to.
func (g *demoGen) originQuotas(n int) []*origin {
	total := 0
	for _, o := range demoOrigins {
		total += o.weight
	}
	counts := make([]int, len(demoOrigins))
	rest := make([]int, len(demoOrigins))
	given := 0
	for i, o := range demoOrigins {
		counts[i] = n * o.weight / total
		rest[i] = n * o.weight % total
		given += counts[i]
	}
	for ; given < n; given++ {
		best := 0
		for i := range rest {
			if rest[i] > rest[best] {
				best = i
			}
		}
		counts[best]++
		rest[best] = -1
	}
	var list []*origin
	for i := range demoOrigins {
		for range counts[i] {
			list = append(list, &demoOrigins[i])
		}
	}
	g.r.Shuffle(len(list), func(i, j int) { list[i], list[j] = list[j], list[i] })
	return list
}

// chance reports true with probability p.
func (g *demoGen) chance(p float64) bool { return g.r.Float64() < p }

// between returns a whole number in [lo, hi].
func (g *demoGen) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

func pickOne[T any](g *demoGen, list []T) T { return list[g.r.IntN(len(list))] }

// weighted is one choice of a weighted draw.
type weighted[T any] struct {
	v T
	w int
}

func pick[T any](g *demoGen, list []weighted[T]) T {
	total := 0
	for _, c := range list {
		total += c.w
	}
	x := g.r.IntN(total)
	for _, c := range list {
		if x -= c.w; x < 0 {
			return c.v
		}
	}
	return list[len(list)-1].v
}

// fresh draws values from draw until one has not been given out yet, so
// that no two demo people share a phone, an e-mail or a document number by
// accident: the registry takes those for the same person. When draw keeps
// repeating itself (a common name has only so many e-mail addresses) the
// person goes without: "".
func (g *demoGen) fresh(draw func() string) string {
	for range 100 {
		if v := draw(); !g.used[v] {
			g.used[v] = true
			return v
		}
	}
	return ""
}

func (g *demoGen) digits(n int) string {
	var b strings.Builder
	for range n {
		b.WriteByte(byte('0' + g.r.IntN(10)))
	}
	return b.String()
}

func dateOf(t time.Time) string { return t.Format(time.DateOnly) }

// draft is a demo person before registration.
type draft struct {
	o                      *origin
	sex                    people.Sex
	given, father, surname nm
	patronymic             bool // the patronymic is written where the culture has one
	maiden                 nm   // a married woman's maiden surname, kept as an alias
	alias                  nm   // an English given name (Chinese), kept as an alias
	kinds                  []people.NameKind
	citizenship            string // "" for a stateless person
	birth                  time.Time
	yearOnly               bool // only the year of birth is known
	noBirth                bool // the birth date was not taken down
	langs                  []string
	script, education      string
	phone, email, address  string
	region                 int64
	documentNo             string        // residence document shown at registration
	fixed                  []people.Name // a second registration's one spelling
	plan                   string
	statuses               []people.StatusInput
	consents               []demoConsent
}

// demoConsent is a consent to give, and the reason it was withdrawn, if it was.
type demoConsent struct {
	purpose    people.Purpose
	org        int64
	givenOn    string
	withdrawal string
}

// person draws a new person of origin o.
func (g *demoGen) person(o *origin) *draft {
	d := &draft{o: o, sex: people.Female}
	if g.chance(o.maleShare) {
		d.sex = people.Male
	}
	if d.sex == people.Male {
		d.given = pickOne(g, o.male)
	} else {
		d.given = pickOne(g, o.female)
	}
	d.surname = pickOne(g, o.surnames)
	d.father = pickOne(g, o.male)
	d.patronymic = o.patronymics != noPatronymic && g.chance(0.85)
	d.citizenship = pick(g, o.citizenships)
	d.plan = "stateless"
	if d.citizenship != "" {
		d.plan = pick(g, o.plans)
	}
	lo, hi := o.ages[0], o.ages[1]
	switch d.plan {
	case "trp:study":
		// Students come at 18 and leave with a master's or residency.
		lo, hi = 18, 27
	case "trp:investment", "trp:property":
		lo = max(lo, 30)
	case "prp":
		// Two years of temporary permits come first.
		lo = max(lo, 24)
	}
	d.birth = g.today.AddDate(-g.between(lo, hi), 0, -g.r.IntN(365))
	switch {
	case g.chance(o.yearOnly):
		d.yearOnly = true
	case g.chance(o.janFirst):
		// Where births were not registered, documents put 1 January.
		d.birth = time.Date(d.birth.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	}
	d.langs = append(d.langs, o.langs...)
	for _, l := range o.moreLangs {
		if g.chance(l.p) {
			d.langs = append(d.langs, l.code)
		}
	}
	d.script = pick(g, o.scripts)
	d.education = pick(g, o.education)
	switch {
	case d.plan == "trp:study":
		d.education = pick(g, []weighted[string]{{"secondary", 8}, {"higher", 2}})
	case d.script == "none":
		// Whoever cannot read went to school for a few years at most.
		d.education = pick(g, []weighted[string]{{"none", 6}, {"primary", 4}})
	}
	for _, k := range o.spellings {
		if g.chance(k.p) && (k.ifLang == "" || slices.Contains(d.langs, k.ifLang)) {
			d.kinds = append(d.kinds, k.kind)
		}
	}
	if d.sex == people.Female && o.maidenNames && d.birth.Before(g.today.AddDate(-25, 0, 0)) && g.chance(0.15) {
		if m := pickOne(g, o.surnames); m != d.surname {
			d.maiden = m
		}
	}
	if aliases := choosePeople(d.sex == people.Male, o.maleAliases, o.femaleAliases); len(aliases) > 0 && g.chance(0.35) {
		d.alias = pickOne(g, aliases)
	}
	g.contacts(d)
	g.residence(d)
	g.consents(d)
	return d
}

// contacts gives a phone (mostly an Azerbaijani mobile), sometimes an
// e-mail, and an address with its place in the region catalogue.
func (g *demoGen) contacts(d *draft) {
	o := d.o
	switch x := g.r.Float64(); {
	case x < o.noPhone:
	case x < o.noPhone+0.06 && o.homePhone != nil:
		d.phone = g.fresh(func() string { return o.homePhone(g) })
	default:
		d.phone = g.fresh(func() string {
			return "+994 " + pickOne(g, []string{"50", "51", "55", "70", "77"}) + " " + g.digits(3) + " " + g.digits(2) + " " + g.digits(2)
		})
	}
	if g.chance(o.email) {
		d.email = g.fresh(func() string { return g.emailOf(d) })
	}
	pl := pick(g, demoPlaces)
	if len(o.nearby) > 0 && g.chance(0.25) {
		pl = pickOne(g, o.nearby)
	}
	d.address = pl.street + ", ev " + strconv.Itoa(g.between(1, 120))
	if pl.flats {
		d.address += ", mənzil " + strconv.Itoa(g.between(1, 96))
	}
	d.region = g.regions[pl.code]
}

func (g *demoGen) emailOf(d *draft) string {
	if d.o.key == "cn" && g.chance(0.6) {
		// QQ addresses are the account number.
		return strconv.FormatInt(100_000_000+g.r.Int64N(2_900_000_000), 10) + "@qq.com"
	}
	sur := d.surname
	if d.sex == people.Female && d.o.femaleA {
		sur = sur.feminine()
	}
	given := strings.ToLower(d.o.passport(d.given, d.citizenship))
	surname := strings.ToLower(d.o.passport(sur, d.citizenship))
	if given == "" || surname == "" {
		return "user" + g.digits(6) + "@" + pickOne(g, d.o.mailDomains)
	}
	local := pickOne(g, []string{given + "." + surname, given + surname, given[:1] + "." + surname, surname + "." + given})
	if g.chance(0.5) {
		local += strconv.Itoa(d.birth.Year() % 100)
	}
	return strings.NewReplacer(" ", "", "-", "").Replace(local) + "@" + pickOne(g, d.o.mailDomains)
}

// residence writes the person's residence history from the plan: a
// temporary permit on a ground (current, extended or expired), a permanent
// permit after two years of temporary ones, refugee status, a pending
// asylum application, or statelessness with a permit.
func (g *demoGen) residence(d *draft) {
	kind, ground, _ := strings.Cut(d.plan, ":")
	switch kind {
	case "trp":
		g.temporary(d, ground)
	case "prp":
		g.permanent(d)
	case "refugee":
		from := g.today.AddDate(-g.between(1, 15), 0, -g.r.IntN(365))
		d.statuses = append(d.statuses, people.StatusInput{Kind: people.Refugee, State: people.Granted,
			DocumentNo: g.document("QV", 6), IssuedOn: dateOf(from), ValidFrom: dateOf(from)})
	case "asylum":
		// An application under review has no document and no dates yet.
		d.statuses = append(d.statuses, people.StatusInput{Kind: people.AsylumSeeker, State: people.Applied})
	case "stateless":
		from := g.today.AddDate(-g.between(3, 20), 0, -g.r.IntN(365))
		d.statuses = append(d.statuses, people.StatusInput{Kind: people.StatelessPerson, State: people.Granted,
			IssuedOn: dateOf(from), ValidFrom: dateOf(from)})
		if g.chance(0.6) {
			g.permanent(d)
		} else {
			g.temporary(d, pickOne(g, []string{"family", "work", "other"}))
		}
	}
	for i := len(d.statuses) - 1; i >= 0; i-- {
		if no := d.statuses[i].DocumentNo; no != "" {
			if g.chance(0.6) {
				d.documentNo = no
			}
			break
		}
	}
}

// permit returns a status valid for years from from.
func (g *demoGen) permit(kind people.StatusKind, ground string, from time.Time, years int, state people.StatusState) people.StatusInput {
	series := "MYİ" // müvəqqəti yaşamaq üçün icazə
	if kind == people.PermanentPermit {
		series = "DYİ" // daimi yaşamaq üçün icazə
	}
	return people.StatusInput{Kind: kind, Ground: ground, State: state, DocumentNo: g.document(series, 7),
		IssuedOn: dateOf(from), ValidFrom: dateOf(from), ValidTo: dateOf(from.AddDate(years, 0, -1))}
}

func (g *demoGen) temporary(d *draft, ground string) {
	switch x := g.r.Float64(); {
	case x < 0.15:
		from := g.today.AddDate(0, 0, -g.between(380, 900))
		d.statuses = append(d.statuses, g.permit(people.TemporaryPermit, ground, from, 1, people.Granted))
		if g.chance(0.4) {
			// Expired, and the renewal is being processed.
			d.statuses = append(d.statuses, people.StatusInput{Kind: people.TemporaryPermit, Ground: ground, State: people.Applied})
		}
	case x < 0.35:
		from := g.today.AddDate(0, 0, -g.between(370, 700))
		d.statuses = append(d.statuses,
			g.permit(people.TemporaryPermit, ground, from, 1, people.Granted),
			g.permit(people.TemporaryPermit, ground, from.AddDate(1, 0, 0), 1, people.Extended))
	default:
		from := g.today.AddDate(0, 0, -g.between(5, 355))
		d.statuses = append(d.statuses, g.permit(people.TemporaryPermit, ground, from, 1, people.Granted))
	}
}

// permanent gives a permanent permit; half the time with the two years of
// temporary permits that led to it, and renewed once it ran out.
func (g *demoGen) permanent(d *draft) {
	from := g.today.AddDate(-2, 0, -g.between(30, 6*365))
	if g.chance(0.5) {
		ground := pickOne(g, []string{"family", "work", "property"})
		d.statuses = append(d.statuses,
			g.permit(people.TemporaryPermit, ground, from, 1, people.Granted),
			g.permit(people.TemporaryPermit, ground, from.AddDate(1, 0, 0), 1, people.Extended))
	}
	prp := from.AddDate(2, 0, 0)
	d.statuses = append(d.statuses, g.permit(people.PermanentPermit, "", prp, 5, people.Granted))
	if end := prp.AddDate(5, 0, -1); end.Before(g.today) {
		d.statuses = append(d.statuses, g.permit(people.PermanentPermit, "", prp.AddDate(5, 0, 0), 5, people.Extended))
	}
}

// document returns an unused number of a residence card: the series on the
// card and its number, e.g. "MYİ 0412345".
func (g *demoGen) document(series string, n int) string {
	return g.fresh(func() string { return series + " " + g.digits(n) })
}

// pilotStart is when MOBILAZE-2's pilot integration services began; the
// consents the demo records are the pilot's paper forms since then.
var pilotStart = time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC)

var withdrawalReasons = []string{
	"Bakıdan köçüb, məşğələlərə gələ bilmir",
	"İş qrafikinə görə proqramda iştirakdan imtina etdi",
	"Ölkəni tərk edib",
	"Şəxsi səbəblərə görə imtina etdi",
}

// consents: most people agreed to take part and to the processing of their
// data on the day they joined; some to photos or to sharing with a partner;
// a few later withdrew; a few have signed nothing yet.
func (g *demoGen) consents(d *draft) {
	none := 0.05
	if d.plan == "asylum" {
		none = 0.2
	}
	if g.chance(none) {
		return
	}
	// People join while they hold a status: not before the first one began.
	first := pilotStart
	for _, st := range d.statuses {
		if from, err := time.Parse(time.DateOnly, st.ValidFrom); err == nil {
			if from.After(first) {
				first = from
			}
			break
		}
	}
	days := int(g.today.Sub(first).Hours() / 24)
	on := dateOf(g.today.AddDate(0, 0, -g.r.IntN(max(days, 0)+1)))
	part := demoConsent{purpose: people.Participation, givenOn: on}
	if g.chance(0.08) {
		part.withdrawal = pickOne(g, withdrawalReasons)
	}
	d.consents = append(d.consents, part, demoConsent{purpose: people.DataProcessing, givenOn: on})
	if g.chance(0.25) {
		photos := demoConsent{purpose: people.Photos, givenOn: on}
		if g.chance(0.1) {
			photos.withdrawal = "Şəkillərinin saytda dərc olunmasına razı deyil"
		}
		d.consents = append(d.consents, photos)
	}
	switch {
	case (d.plan == "refugee" || d.plan == "asylum") && g.ngo != 0 && g.chance(0.6):
		d.consents = append(d.consents, demoConsent{purpose: people.Sharing, org: g.ngo, givenOn: on})
	case g.intl != 0 && g.chance(0.15):
		d.consents = append(d.consents, demoConsent{purpose: people.Sharing, org: g.intl, givenOn: on})
	}
}

// input turns the draft into what the registry's form would send.
func (d *draft) input() people.Input {
	in := people.Input{
		Names: d.names(), Sex: d.sex, Stateless: d.citizenship == "", Languages: d.langs,
		Script: d.script, Education: d.education, Phone: d.phone, Email: d.email, Address: d.address,
		RegionID: d.region, DocumentNo: d.documentNo,
	}
	if d.citizenship != "" {
		in.Citizenships = strings.Split(d.citizenship, ",")
	}
	switch {
	case d.noBirth:
	case d.yearOnly:
		in.BirthYear = d.birth.Year()
	default:
		in.BirthDate = dateOf(d.birth)
	}
	return in
}

// names writes the person's name in each spelling the draft has.
func (d *draft) names() []people.Name {
	if len(d.fixed) > 0 {
		return d.fixed
	}
	sur, maiden := d.surname, d.maiden
	if d.sex == people.Female && d.o.femaleA {
		sur, maiden = sur.feminine(), maiden.feminine()
	}
	var list []people.Name
	for _, k := range d.kinds {
		if n := d.spell(k, sur); !n.Empty() {
			list = append(list, n)
		}
	}
	if len(list) == 0 {
		list = append(list, d.spell(people.NamePassport, sur))
	}
	// Aliases are written in the first spelling the record has.
	first := list[0].Kind
	if !maiden.empty() {
		if n := d.spell(first, maiden); !n.Empty() {
			list = append(list, people.Name{Kind: people.NameAlias, Surname: n.Surname, Given: n.Given})
		}
	}
	if !d.alias.empty() {
		list = append(list, people.Name{Kind: people.NameAlias, Surname: sur.lat, Given: d.alias.lat})
	}
	return list
}

// spell writes the name in one spelling, or returns an empty name when the
// tables have no such spelling for one of its parts.
func (d *draft) spell(kind people.NameKind, sur nm) people.Name {
	g, f := d.given, d.father
	n := people.Name{Kind: kind}
	son := d.sex == people.Male
	switch kind {
	case people.NameAz:
		n.Surname, n.Given = sur.az, g.az
		if d.patronymic {
			switch {
			case d.o.patronymics == azPatronymic && f.az != "":
				n.Patronymic = f.az + choose(son, " oğlu", " qızı")
			case d.o.patronymics == ruPatronymic && f.azPat != "":
				n.Patronymic = f.azPat + choose(son, "iç", "na")
			}
		}
	case people.NameCyrillic:
		n.Surname, n.Given = sur.cyr, g.cyr
		if d.patronymic {
			switch {
			case d.o.patronymics == azPatronymic && f.cyr != "":
				n.Patronymic = f.cyr + choose(son, " оглы", " кызы")
			case d.o.patronymics == ruPatronymic && f.ruPat != "":
				n.Patronymic = f.ruPat + choose(son, "ич", "на")
			}
		}
	case people.NameNative:
		n.Surname, n.Given = sur.nat, g.nat
		if d.patronymic && f.natSon != "" {
			n.Patronymic = choose(son, f.natSon, f.natDaughter)
		}
	case people.NamePassport:
		// Passports leave the patronymic out.
		n.Surname, n.Given = d.o.passport(sur, d.citizenship), d.o.passport(g, d.citizenship)
	}
	if n.Surname == "" || n.Given == "" {
		return people.Name{Kind: kind}
	}
	return n
}

func choose(cond bool, a, b string) string {
	if cond {
		return a
	}
	return b
}

// namesake draws a different person who looks like d: a brother or sister
// (same surname and father, same address) or someone of the same name born
// in another year.
func (g *demoGen) namesake(orig *draft) (*draft, string) {
	d := g.person(orig.o)
	d.surname = orig.surname
	if d.citizenship != orig.citizenship {
		// Residence follows citizenship: a stateless person has that status.
		d.citizenship, d.statuses, d.documentNo = orig.citizenship, nil, ""
		d.plan = "stateless"
		for d.citizenship != "" && d.plan == "stateless" {
			d.plan = pick(g, d.o.plans)
		}
		g.residence(d)
	}
	if orig.o.patronymics != noPatronymic && g.chance(0.6) {
		d.father, d.patronymic = orig.father, orig.patronymic
		d.address, d.region = orig.address, orig.region
		d.birth = orig.birth.AddDate(pickOne(g, []int{-9, -6, -4, -2, 2, 3, 5, 8}), 0, g.between(-100, 100))
		for d.given == orig.given && d.sex == orig.sex {
			d.given = pickOne(g, choosePeople(d.sex == people.Male, orig.o.male, orig.o.female))
		}
		return d, "sibling"
	}
	d.sex, d.given = orig.sex, orig.given
	d.birth = orig.birth.AddDate(pickOne(g, []int{-23, -17, -11, -7, 7, 12, 19}), 0, g.between(-100, 100))
	if d.birth.After(g.today.AddDate(-18, 0, 0)) {
		d.birth = g.today.AddDate(-18, 0, -g.between(30, 3000))
	}
	d.yearOnly, d.noBirth = false, false
	return d, "same name"
}

func choosePeople(male bool, m, f []nm) []nm {
	if male {
		return m
	}
	return f
}

// duplicate writes the person again as another office would have: from a
// Russian-language document, from the passport only, typed without
// Azerbaijani letters, in the person's own script, with a typo, or with the
// passport name in the wrong order; often without the birth date or with
// a new phone.
func (g *demoGen) duplicate(orig *draft) (*draft, string) {
	d := *orig
	d.maiden, d.alias = nm{}, nm{}
	d.statuses, d.consents = nil, nil
	have := map[people.NameKind]bool{}
	for _, k := range orig.kinds {
		have[k] = true
	}
	// Another script or document is the usual cause; a typo the rarer one.
	var variants []weighted[string]
	if have[people.NameCyrillic] {
		variants = append(variants, weighted[string]{"cyrillic only", 3})
	}
	if have[people.NamePassport] {
		variants = append(variants, weighted[string]{"passport only", 3}, weighted[string]{"typo", 1})
	}
	if have[people.NameAz] || (have[people.NameNative] && orig.o.latinNative) {
		variants = append(variants, weighted[string]{"typed without diacritics", 2})
	}
	if have[people.NameNative] && orig.o.nativeFindable {
		variants = append(variants, weighted[string]{"own script only", 2})
	}
	if have[people.NamePassport] && orig.o.key == "cn" {
		variants = append(variants, weighted[string]{"order swapped", 3})
	}
	if len(variants) == 0 {
		variants = append(variants, weighted[string]{"passport only", 1})
	}
	variant := pick(g, variants)
	in := orig.input()
	var name people.Name
	switch variant {
	case "cyrillic only":
		name = find(in.Names, people.NameCyrillic)
		if g.chance(0.5) {
			name.Patronymic = ""
		}
	case "passport only":
		name = find(in.Names, people.NamePassport)
	case "typo":
		name = find(in.Names, people.NamePassport)
		name.Surname = doubleLetter(name.Surname)
	case "typed without diacritics":
		name = find(in.Names, people.NameAz)
		if name.Empty() {
			name = find(in.Names, people.NameNative)
		}
		name = people.Name{Kind: name.Kind, Surname: plainLatin(name.Surname), Given: plainLatin(name.Given), Patronymic: plainLatin(name.Patronymic)}
	case "own script only":
		name = find(in.Names, people.NameNative)
	case "order swapped":
		p := find(in.Names, people.NamePassport)
		name = people.Name{Kind: people.NamePassport, Surname: p.Given, Given: p.Surname}
	}
	d.fixed = []people.Name{name}
	switch x := g.r.Float64(); {
	case x < 0.25:
		d.yearOnly = true
	case x < 0.4:
		d.noBirth = true
	}
	switch x := g.r.Float64(); {
	case x < 0.4: // the same phone
	case x < 0.7:
		d.phone = ""
	default:
		d.phone = g.fresh(func() string {
			return "+994 " + pickOne(g, []string{"50", "55", "70"}) + " " + g.digits(3) + " " + g.digits(2) + " " + g.digits(2)
		})
	}
	d.email = ""
	if g.chance(0.5) {
		d.address = ""
	}
	d.documentNo = ""
	if g.chance(0.25) {
		for _, st := range orig.statuses {
			if st.DocumentNo != "" {
				d.documentNo = st.DocumentNo
			}
		}
	}
	// The second office recorded the participation consent again.
	if g.chance(0.5) {
		on := dateOf(g.today.AddDate(0, 0, -g.r.IntN(60)))
		d.consents = []demoConsent{{purpose: people.Participation, givenOn: on}, {purpose: people.DataProcessing, givenOn: on}}
	}
	return &d, variant
}

func find(list []people.Name, kind people.NameKind) people.Name {
	for _, n := range list {
		if n.Kind == kind {
			return n
		}
	}
	return people.Name{Kind: kind}
}

// doubleLetter doubles the first consonant after the first two letters, a
// typo hurried clerks make often (KHALILOVA → KHALLILOVA).
func doubleLetter(s string) string {
	rs := []rune(s)
	for i := 2; i < len(rs); i++ {
		if rs[i] == rs[i-1] || i+1 < len(rs) && rs[i] == rs[i+1] {
			continue // already double
		}
		if !strings.ContainsRune("AEIOUYaeiouy", rs[i]) && unicode.IsLetter(rs[i]) {
			return string(rs[:i+1]) + string(rs[i:])
		}
	}
	return s
}

// plainLatin is a name typed on a keyboard without Azerbaijani or Turkish
// letters: Məmmədov → Memmedov, Şahin → Sahin.
var plainLatin = strings.NewReplacer(
	"ə", "e", "Ə", "E", "ş", "s", "Ş", "S", "ç", "c", "Ç", "C", "ğ", "g", "Ğ", "G",
	"ı", "i", "İ", "I", "ö", "o", "Ö", "O", "ü", "u", "Ü", "U", "ý", "y", "ä", "a", "ň", "n", "ž", "z",
).Replace

// nm is one name, a given name or a surname, in each script people of its
// origin write it in; a field is empty where they do not. The spellings are
// written out by hand: Cyrillic made from Latin by rule gets names wrong
// (Həsən is Гасан, not Хасан). Only passport Latin follows a rule where the
// issuing country applies one (ICAO for Russian, the Azerbaijani passport
// table, Turkish without its letters).
type nm struct {
	az  string // Azerbaijani Latin
	cyr string // Russian Cyrillic
	lat string // passport Latin, where no rule derives it
	nat string // the person's own script, when it is none of the above
	// The father's name as a patronymic: the Russian stem (Сергеев →
	// Сергеевич, Сергеевна), its Azerbaijani Latin form (Sergeyev →
	// Sergeyeviç), and the own script's forms (Ukrainian).
	ruPat, azPat        string
	natSon, natDaughter string
}

func (n nm) empty() bool { return n == nm{} }

// feminine gives a surname's form for a woman: -ov → -ova, in every script.
func (n nm) feminine() nm {
	if n.empty() {
		return n
	}
	add := func(s string) string {
		if s == "" {
			return ""
		}
		r := []rune(s)
		if unicode.Is(unicode.Cyrillic, r[len(r)-1]) {
			return s + "а"
		}
		return s + "a"
	}
	return nm{az: add(n.az), cyr: add(n.cyr), lat: add(n.lat), nat: add(n.nat)}
}

func azName(az, cyr string) nm { return nm{az: az, cyr: cyr} }

func ruName(cyr, az, ruPat, azPat string) nm { return nm{cyr: cyr, az: az, ruPat: ruPat, azPat: azPat} }

func uaName(nat, cyr, lat string) nm { return nm{nat: nat, cyr: cyr, lat: lat} }

func uaFather(nat, cyr, lat, son, daughter, ruPat string) nm {
	return nm{nat: nat, cyr: cyr, lat: lat, natSon: son, natDaughter: daughter, ruPat: ruPat}
}

func geName(nat, lat, cyr string) nm { return nm{nat: nat, lat: lat, cyr: cyr} }

func faName(nat, lat, az string) nm { return nm{nat: nat, lat: lat, az: az} }

func trName(nat string) nm { return nm{nat: nat} }

// own is a name in its own script (Arabic, Dari, Urdu, Devanagari) with its passport Latin.
func own(nat, lat string) nm { return nm{nat: nat, lat: lat} }

func zhName(nat, lat, cyr string) nm { return nm{nat: nat, lat: lat, cyr: cyr} }

// caName is a Central Asian name: own script, Russian Cyrillic, passport
// Latin, and the Russian patronymic stem Soviet-era documents carry.
func caName(nat, cyr, lat, ruPat string) nm { return nm{nat: nat, cyr: cyr, lat: lat, ruPat: ruPat} }

// patronymics says how a culture writes the father's name.
type patronymics int

const (
	noPatronymic patronymics = iota
	azPatronymic             // Əli oğlu, Əli qızı; Али оглы, Али кызы
	ruPatronymic             // Сергеевич, Сергеевна; Sergeyeviç; Ukrainian Сергійович
)

// spellingRule says how often a person of an origin has a spelling; when
// ifLang is set, only if the person speaks that language.
type spellingRule struct {
	kind   people.NameKind
	p      float64
	ifLang string
}

type optLang struct {
	code string
	p    float64
}

// origin is a group of foreigners or stateless persons living in
// Azerbaijan, with the names, documents, languages and residence grounds
// typical of it.
type origin struct {
	key            string
	weight         int
	citizenships   []weighted[string] // ISO 3166-1 alpha-2; "" for a stateless person
	spellings      []spellingRule
	passport       func(n nm, citizenship string) string // upper case, as printed
	patronymics    patronymics
	femaleA        bool // a woman's surname takes -a
	maidenNames    bool // a married woman may be known by her maiden name too
	latinNative    bool // the own script is Latin with letters a plain keyboard lacks
	nativeFindable bool // the registry's search matches the own script with Latin spellings
	male, female   []nm
	surnames       []nm
	maleAliases    []nm // English given names some go by
	femaleAliases  []nm
	maleShare      float64
	ages           [2]int
	yearOnly       float64 // share with only the year of birth known
	janFirst       float64 // share born "1 January" on paper
	langs          []string
	moreLangs      []optLang
	scripts        []weighted[string]
	education      []weighted[string]
	plans          []weighted[string] // "trp:<ground>", "prp", "refugee", "asylum"
	nearby         []place            // places people of this origin often live besides the common ones
	noPhone, email float64
	homePhone      func(g *demoGen) string // a phone of the home country, kept by some
	mailDomains    []string
}

// Passport rules.

func passportLatin(n nm, _ string) string { return strings.ToUpper(n.lat) }

func passportRussian(n nm, _ string) string { return icaoCyrillic(n.cyr) }

func passportTurkish(n nm, _ string) string { return icaoTurkish(n.nat) }

// passportAzerbaijani is the passport spelling of an ethnic Azerbaijani:
// a Russian or Georgian passport transliterates the Russian form (Мамедов →
// MAMEDOV), the travel document Azerbaijan issues a stateless person
// transliterates the Azerbaijani one (Məmmədov → MAMMADOV).
func passportAzerbaijani(n nm, citizenship string) string {
	if citizenship == "" {
		return icaoAzerbaijani(n.az)
	}
	return icaoCyrillic(n.cyr)
}

// icaoRussian is the table of ICAO Doc 9303 that Russian passports have
// used since 2014: Юлия → IULIIA, Сергей → SERGEI.
var icaoRussian = map[rune]string{
	'а': "A", 'б': "B", 'в': "V", 'г': "G", 'д': "D", 'е': "E", 'ё': "E", 'ж': "ZH", 'з': "Z", 'и': "I",
	'й': "I", 'к': "K", 'л': "L", 'м': "M", 'н': "N", 'о': "O", 'п': "P", 'р': "R", 'с': "S", 'т': "T",
	'у': "U", 'ф': "F", 'х': "KH", 'ц': "TS", 'ч': "CH", 'ш': "SH", 'щ': "SHCH", 'ъ': "IE", 'ы': "Y", 'ь': "",
	'э': "E", 'ю': "IU", 'я': "IA",
}

func icaoCyrillic(s string) string {
	var b strings.Builder
	for _, r := range s {
		if t, ok := icaoRussian[unicode.ToLower(r)]; ok {
			b.WriteString(t)
		} else {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// icaoAzerbaijani is the Azerbaijani passport's transliteration:
// Məmmədov → MAMMADOV, Cəfər → JAFAR, Quliyev → GULIYEV, Xədicə → KHADIJA.
var icaoAzerbaijani = strings.NewReplacer(
	"Ə", "A", "ə", "A", "Ç", "CH", "ç", "CH", "Ş", "SH", "ş", "SH", "Ğ", "GH", "ğ", "GH", "X", "KH", "x", "KH",
	"C", "J", "c", "J", "Q", "G", "q", "G", "Ö", "O", "ö", "O", "Ü", "U", "ü", "U", "I", "I", "ı", "I", "İ", "I", "i", "I",
	"J", "ZH", "j", "ZH",
	"a", "A", "b", "B", "d", "D", "e", "E", "f", "F", "g", "G", "h", "H", "k", "K", "l", "L", "m", "M", "n", "N",
	"o", "O", "p", "P", "r", "R", "s", "S", "t", "T", "u", "U", "v", "V", "y", "Y", "z", "Z",
).Replace

// icaoTurkish is the machine-readable form of a Turkish name: the letters
// without their marks.
func icaoTurkish(s string) string {
	return strings.ToUpper(strings.NewReplacer("ç", "c", "Ç", "C", "ğ", "g", "Ğ", "G", "ı", "i", "İ", "I",
		"ö", "o", "Ö", "O", "ş", "s", "Ş", "S", "ü", "u", "Ü", "U").Replace(s))
}

// phoneFormat returns a generator of numbers in a home country's format,
// with # for each digit.
func phoneFormat(pattern string) func(g *demoGen) string {
	return func(g *demoGen) string {
		var b strings.Builder
		for _, r := range pattern {
			if r == '#' {
				b.WriteString(g.digits(1))
			} else {
				b.WriteRune(r)
			}
		}
		return b.String()
	}
}
