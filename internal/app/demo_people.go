package app

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
// the international organisation of SeedDemo when they exist. Unlike
// SeedDemo it does not check for an empty registry: run twice, it adds a
// second set of people.
func (a *App) SeedPeople(ctx context.Context, n int, seed int64) (persons, duplicates int, err error) {
	s, err := a.seedPeople(ctx, n, seed)
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

func (a *App) seedPeople(ctx context.Context, n int, seed int64) (demoSeed, error) {
	var out demoSeed
	if n <= 0 {
		return out, nil
	}
	ctx = access.With(ctx, access.System())
	g, err := a.newDemoGen(ctx, seed)
	if err != nil {
		return out, err
	}
	dups := (n*5 + 50) / 100
	namesakes := (n*2 + 50) / 100
	base := n - dups - namesakes

	for _, o := range g.originQuotas(base) {
		rec, err := a.registerFresh(ctx, g, o, &out)
		if err != nil {
			return out, err
		}
		if err := a.addHistory(ctx, rec); err != nil {
			return out, err
		}
	}
	originals := out.records
	for range namesakes {
		orig := originals[g.r.IntN(len(originals))]
		d, variant := g.namesake(orig.d)
		rec, cands, err := a.register(ctx, d, "")
		if errors.Is(err, people.ErrPossibleDuplicate) {
			out.flagged++
			rec, cands, err = a.register(ctx, d, namesakeReason)
		}
		if err != nil {
			return out, fmt.Errorf("demo: namesake of %d: %w", orig.ID, err)
		}
		out.records = append(out.records, rec)
		out.namesakes = append(out.namesakes, demoPair{orig, rec, variant, hasCandidate(cands, orig.ID)})
		if err := a.addHistory(ctx, rec); err != nil {
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
		rec, cands, err := a.register(ctx, d, plantedDuplicateReason)
		if err != nil {
			return out, fmt.Errorf("demo: duplicate of %d: %w", orig.ID, err)
		}
		out.records = append(out.records, rec)
		out.pairs = append(out.pairs, demoPair{orig, rec, variant, hasCandidate(cands, orig.ID)})
		if err := a.addHistory(ctx, rec); err != nil {
			return out, err
		}
	}
	return out, nil
}

// registerFresh registers a new person of origin o. A demo person that
// happens to look like one already registered (the name lists are short) is
// drawn again, so that only the planted pairs and namesakes reach the
// duplicates queue; after a few draws it is saved as a namesake.
func (a *App) registerFresh(ctx context.Context, g *demoGen, o *origin, out *demoSeed) (demoRecord, error) {
	for range 8 {
		rec, _, err := a.register(ctx, g.person(o), "")
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
	rec, _, err := a.register(ctx, g.person(o), namesakeReason)
	if err == nil {
		out.records = append(out.records, rec)
	}
	return rec, err
}

func (a *App) register(ctx context.Context, d *draft, reason string) (demoRecord, []people.Candidate, error) {
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
func (a *App) addHistory(ctx context.Context, rec demoRecord) error {
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

func (a *App) newDemoGen(ctx context.Context, seed int64) (*demoGen, error) {
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

var (
	phoneRU = phoneFormat("+7 9## ###-##-##")
	phoneGE = phoneFormat("+995 5## ## ## ##")
	phoneUA = phoneFormat("+380 6# ### ## ##")
	phoneIR = phoneFormat("+98 9## ### ####")
	phoneTR = phoneFormat("+90 5## ### ## ##")
)

// Education profiles.
var (
	eduSoviet        = []weighted[string]{{"secondary", 30}, {"vocational", 30}, {"higher", 35}, {"postgraduate", 5}}
	eduWorkers       = []weighted[string]{{"primary", 5}, {"secondary", 45}, {"vocational", 30}, {"higher", 20}}
	eduProfessionals = []weighted[string]{{"secondary", 20}, {"vocational", 15}, {"higher", 50}, {"postgraduate", 15}}
	eduMixed         = []weighted[string]{{"primary", 5}, {"secondary", 35}, {"vocational", 15}, {"higher", 40}, {"postgraduate", 5}}
	eduDisplaced     = []weighted[string]{{"none", 15}, {"primary", 30}, {"secondary", 35}, {"vocational", 5}, {"higher", 15}}
)

var (
	onlyCyrillic = []weighted[string]{{"cyrillic", 1}}
	onlyLatin    = []weighted[string]{{"latin", 1}}
	postSoviet   = []string{"mail.ru", "yandex.ru", "gmail.com"}
	worldwide    = []string{"gmail.com", "yahoo.com", "outlook.com"}
)

// Ethnic Azerbaijanis who are not citizens: from Russia (Derbent, Moscow),
// Georgia (Borchali), and stateless people of Soviet birth.
var (
	azMale = []nm{
		azName("Elçin", "Эльчин"), azName("Rəşad", "Рашад"), azName("Tural", "Турал"), azName("Orxan", "Орхан"),
		azName("Əli", "Али"), azName("Vüqar", "Вугар"), azName("Rövşən", "Ровшан"), azName("Elnur", "Эльнур"),
		azName("Namiq", "Намик"), azName("Ramiz", "Рамиз"), azName("Cəfər", "Джафар"), azName("Həsən", "Гасан"),
		azName("Hüseyn", "Гусейн"), azName("Məmməd", "Мамед"), azName("Fikrət", "Фикрет"), azName("Tofiq", "Тофик"),
		azName("Vaqif", "Вагиф"), azName("Elşən", "Эльшан"), azName("Əhməd", "Ахмед"), azName("İsmayıl", "Исмаил"),
		azName("Rauf", "Рауф"), azName("Zaur", "Заур"),
	}
	azFemale = []nm{
		azName("Aysel", "Айсель"), azName("Günel", "Гюнель"), azName("Leyla", "Лейла"), azName("Nərgiz", "Наргиз"),
		azName("Səbinə", "Сабина"), azName("Könül", "Кёнюль"), azName("Sevinc", "Севиндж"), azName("Aynur", "Айнур"),
		azName("Fidan", "Фидан"), azName("Ülviyyə", "Ульвия"), azName("Zəhra", "Захра"), azName("Gülnarə", "Гюльнара"),
		azName("Şəbnəm", "Шабнам"), azName("Xədicə", "Хадиджа"), azName("Səadət", "Саадат"), azName("Mehriban", "Мехрибан"),
	}
	azSurnames = []nm{
		azName("Məmmədov", "Мамедов"), azName("Əliyev", "Алиев"), azName("Həsənov", "Гасанов"), azName("Hüseynov", "Гусейнов"),
		azName("Quliyev", "Кулиев"), azName("Cəfərov", "Джафаров"), azName("İsmayılov", "Исмаилов"), azName("Abbasov", "Аббасов"),
		azName("Babayev", "Бабаев"), azName("Rzayev", "Рзаев"), azName("Nağıyev", "Нагиев"), azName("Kərimov", "Керимов"),
		azName("Xəlilov", "Халилов"), azName("Süleymanov", "Сулейманов"), azName("Ağayev", "Агаев"), azName("Qasımov", "Касумов"),
	}
	// Meskhetian Turks came to Azerbaijan from Uzbekistan in 1989-90; their
	// names are written like Azerbaijani ones, their surnames their own.
	meskhetianSurnames = []nm{
		azName("Osmanov", "Османов"), azName("Mustafayev", "Мустафаев"), azName("İsmayılov", "Исмаилов"),
		azName("Həsənov", "Гасанов"), azName("Yusifov", "Юсифов"), azName("Dursunov", "Дурсунов"), azName("Kazımov", "Казымов"),
	}
)

var azEthnicSpellings = []spellingRule{{people.NameAz, 1, ""}, {people.NameCyrillic, 0.9, ""}, {people.NamePassport, 0.8, ""}}

var (
	ruMale = []nm{
		ruName("Александр", "Aleksandr", "Александров", "Aleksandrov"), ruName("Сергей", "Sergey", "Сергеев", "Sergeyev"),
		ruName("Дмитрий", "Dmitri", "Дмитриев", "Dmitriyev"), ruName("Андрей", "Andrey", "Андреев", "Andreyev"),
		ruName("Алексей", "Aleksey", "Алексеев", "Alekseyev"), ruName("Иван", "İvan", "Иванов", "İvanov"),
		ruName("Михаил", "Mixail", "Михайлов", "Mixaylov"), ruName("Николай", "Nikolay", "Николаев", "Nikolayev"),
		ruName("Владимир", "Vladimir", "Владимиров", "Vladimirov"), ruName("Юрий", "Yuri", "Юрьев", "Yuryev"),
		ruName("Павел", "Pavel", "Павлов", "Pavlov"),
	}
	ruFemale = []nm{
		ruName("Елена", "Yelena", "", ""), ruName("Ольга", "Olqa", "", ""), ruName("Наталья", "Natalya", "", ""),
		ruName("Татьяна", "Tatyana", "", ""), ruName("Ирина", "İrina", "", ""), ruName("Светлана", "Svetlana", "", ""),
		ruName("Юлия", "Yuliya", "", ""), ruName("Анна", "Anna", "", ""), ruName("Мария", "Mariya", "", ""),
		ruName("Екатерина", "Yekaterina", "", ""),
	}
	ruSurnames = []nm{
		ruName("Иванов", "İvanov", "", ""), ruName("Смирнов", "Smirnov", "", ""), ruName("Кузнецов", "Kuznetsov", "", ""),
		ruName("Попов", "Popov", "", ""), ruName("Соколов", "Sokolov", "", ""), ruName("Волков", "Volkov", "", ""),
		ruName("Морозов", "Morozov", "", ""), ruName("Новиков", "Novikov", "", ""), ruName("Лебедев", "Lebedev", "", ""),
		ruName("Козлов", "Kozlov", "", ""), ruName("Фёдоров", "Fyodorov", "", ""),
	}
	// Dagestanis, Lezgins among them, from across the northern border.
	dagMale = []nm{
		ruName("Магомед", "", "Магомедов", ""), ruName("Рамазан", "", "Рамазанов", ""), ruName("Шамиль", "", "Шамилев", ""),
		ruName("Гаджи", "", "Гаджиев", ""), ruName("Ахмед", "", "Ахмедов", ""), ruName("Руслан", "", "Русланов", ""),
		ruName("Мурад", "", "Мурадов", ""),
	}
	dagFemale = []nm{
		ruName("Патимат", "", "", ""), ruName("Аминат", "", "", ""), ruName("Зарема", "", "", ""),
		ruName("Мадина", "", "", ""), ruName("Хадижат", "", "", ""), ruName("Марьям", "", "", ""),
	}
	dagSurnames = []nm{
		ruName("Магомедов", "", "", ""), ruName("Гаджиев", "", "", ""), ruName("Рамазанов", "", "", ""),
		ruName("Абдуллаев", "", "", ""), ruName("Курбанов", "", "", ""), ruName("Эминов", "", "", ""),
		ruName("Ибрагимов", "", "", ""),
	}
)

// Ukrainian passports follow the national table of 2010 (Олександр →
// Oleksandr, Юлія → Yuliia); the Russian Cyrillic is the form Russian-language
// papers give the same name.
var (
	uaMale = []nm{
		uaFather("Олександр", "Александр", "Oleksandr", "Олександрович", "Олександрівна", "Александров"),
		uaFather("Андрій", "Андрей", "Andrii", "Андрійович", "Андріївна", "Андреев"),
		uaFather("Сергій", "Сергей", "Serhii", "Сергійович", "Сергіївна", "Сергеев"),
		uaFather("Дмитро", "Дмитрий", "Dmytro", "Дмитрович", "Дмитрівна", "Дмитриев"),
		uaFather("Микола", "Николай", "Mykola", "Миколайович", "Миколаївна", "Николаев"),
		uaFather("Тарас", "Тарас", "Taras", "Тарасович", "Тарасівна", "Тарасов"),
		uaFather("Богдан", "Богдан", "Bohdan", "Богданович", "Богданівна", "Богданов"),
	}
	uaFemale = []nm{
		uaName("Олена", "Елена", "Olena"), uaName("Оксана", "Оксана", "Oksana"), uaName("Наталія", "Наталья", "Nataliia"),
		uaName("Юлія", "Юлия", "Yuliia"), uaName("Ірина", "Ирина", "Iryna"), uaName("Тетяна", "Татьяна", "Tetiana"),
		uaName("Галина", "Галина", "Halyna"),
	}
	uaSurnames = []nm{
		uaName("Коваленко", "Коваленко", "Kovalenko"), uaName("Шевченко", "Шевченко", "Shevchenko"),
		uaName("Бондаренко", "Бондаренко", "Bondarenko"), uaName("Ткаченко", "Ткаченко", "Tkachenko"),
		uaName("Мельник", "Мельник", "Melnyk"), uaName("Кравчук", "Кравчук", "Kravchuk"),
		uaName("Поліщук", "Полищук", "Polishchuk"), uaName("Олійник", "Олейник", "Oliinyk"),
	}
)

// Georgian passports romanise by the national system of 2002.
var (
	geMale = []nm{
		geName("გიორგი", "Giorgi", "Георгий"), geName("დავით", "Davit", "Давид"), geName("ლევან", "Levan", "Леван"),
		geName("ირაკლი", "Irakli", "Ираклий"), geName("ზურაბ", "Zurab", "Зураб"), geName("ლაშა", "Lasha", "Лаша"),
		geName("ვახტანგ", "Vakhtang", "Вахтанг"), geName("ნიკოლოზ", "Nikoloz", "Николоз"),
	}
	geFemale = []nm{
		geName("ნინო", "Nino", "Нино"), geName("თამარ", "Tamar", "Тамара"), geName("მარიამ", "Mariam", "Мариам"),
		geName("ქეთევან", "Ketevan", "Кетеван"), geName("ნათია", "Natia", "Натия"), geName("ეკატერინე", "Ekaterine", "Екатерина"),
		geName("სალომე", "Salome", "Саломе"),
	}
	geSurnames = []nm{
		geName("ბერიძე", "Beridze", "Беридзе"), geName("კაპანაძე", "Kapanadze", "Капанадзе"),
		geName("გელაშვილი", "Gelashvili", "Гелашвили"), geName("მაისურაძე", "Maisuradze", "Маисурадзе"),
		geName("ლომიძე", "Lomidze", "Ломидзе"), geName("წიკლაური", "Tsiklauri", "Циклаури"),
		geName("ჯაფარიძე", "Japaridze", "Джапаридзе"), geName("მჭედლიშვილი", "Mchedlishvili", "Мчедлишвили"),
		geName("კვარაცხელია", "Kvaratskhelia", "Кварацхелия"), geName("ჩხეიძე", "Chkheidze", "Чхеидзе"),
		geName("ხუციშვილი", "Khutsishvili", "Хуцишвили"),
	}
)

// Iranians, many of them Azerbaijanis from Tabriz and Ardabil, whose names
// Azerbaijani staff write in Azerbaijani Latin too.
var (
	irMale = []nm{
		faName("محمد", "Mohammad", "Məhəmməd"), faName("علی", "Ali", "Əli"), faName("رضا", "Reza", "Rza"),
		faName("حسین", "Hossein", "Hüseyn"), faName("مهدی", "Mehdi", "Mehdi"), faName("امیر", "Amir", "Əmir"),
		faName("سعید", "Saeed", "Səid"), faName("حمید", "Hamid", "Həmid"),
	}
	irFemale = []nm{
		faName("فاطمه", "Fatemeh", "Fatimə"), faName("زهرا", "Zahra", "Zəhra"), faName("مریم", "Maryam", "Məryəm"),
		faName("سارا", "Sara", "Sara"), faName("نرگس", "Narges", "Nərgiz"), faName("لیلا", "Leila", "Leyla"),
		faName("پریسا", "Parisa", "Parisa"),
	}
	irSurnames = []nm{
		faName("احمدی", "Ahmadi", "Əhmədi"), faName("حسینی", "Hosseini", "Hüseyni"), faName("محمدی", "Mohammadi", "Məhəmmədi"),
		faName("کریمی", "Karimi", "Kərimi"), faName("جعفری", "Jafari", "Cəfəri"), faName("رحیمی", "Rahimi", "Rəhimi"),
		faName("هاشمی", "Hashemi", "Haşimi"), faName("تبریزی", "Tabrizi", "Təbrizi"), faName("اردبیلی", "Ardabili", "Ərdəbili"),
		faName("موسوی", "Mousavi", "Musəvi"), faName("قاسمی", "Ghasemi", "Qasimi"), faName("نجفی", "Najafi", "Nəcəfi"),
	}
)

var (
	trMale = []nm{
		trName("Mehmet"), trName("Mustafa"), trName("Ahmet"), trName("Ali"), trName("Hüseyin"), trName("Emre"),
		trName("Burak"), trName("Murat"), trName("Hasan"), trName("İbrahim"),
	}
	trFemale = []nm{
		trName("Ayşe"), trName("Fatma"), trName("Elif"), trName("Zeynep"), trName("Emine"), trName("Özlem"),
		trName("Büşra"), trName("Merve"), trName("Hatice"),
	}
	trSurnames = []nm{
		trName("Yılmaz"), trName("Kaya"), trName("Demir"), trName("Şahin"), trName("Çelik"), trName("Yıldız"),
		trName("Öztürk"), trName("Aydın"), trName("Arslan"), trName("Doğan"), trName("Kılıç"), trName("Koç"),
	}
)

// Afghans, Dari or Pashto speakers, write their names in the Perso-Arabic script.
var (
	afMale = []nm{
		own("احمد", "Ahmad"), own("محمد", "Mohammad"), own("فرید", "Farid"), own("ناصر", "Naser"),
		own("جاوید", "Jawid"), own("حمید", "Hamid"), own("عبدالله", "Abdullah"),
	}
	afFemale = []nm{
		own("فاطمه", "Fatima"), own("مریم", "Maryam"), own("شبنم", "Shabnam"), own("زرغونه", "Zarghona"),
		own("ملالی", "Malalai"), own("فریبا", "Fariba"),
	}
	afSurnames = []nm{
		own("احمدزی", "Ahmadzai"), own("پوپل", "Popal"), own("حکیمی", "Hakimi"), own("سلطانی", "Sultani"),
		own("نوری", "Noori"), own("هاشمی", "Hashimi"), own("رحیمی", "Rahimi"), own("صدیقی", "Sediqi"), own("وردک", "Wardak"),
	}
)

var (
	arMale = []nm{
		own("أحمد", "Ahmed"), own("محمد", "Mohammed"), own("عمر", "Omar"), own("خالد", "Khaled"),
		own("يوسف", "Youssef"), own("مصطفى", "Mustafa"), own("علي", "Ali"), own("حسن", "Hassan"),
	}
	arFemale = []nm{
		own("فاطمة", "Fatima"), own("عائشة", "Aisha"), own("ليلى", "Layla"), own("نور", "Nour"),
		own("رانيا", "Rania"), own("زينب", "Zainab"), own("هبة", "Hiba"),
	}
	iqSurnames = []nm{
		own("الجبوري", "Al-Jubouri"), own("العبيدي", "Al-Obaidi"), own("التميمي", "Al-Tamimi"),
		own("الدليمي", "Al-Dulaimi"), own("الربيعي", "Al-Rubaie"),
	}
	sySurnames = []nm{
		own("حداد", "Haddad"), own("الخطيب", "Al-Khatib"), own("حمدان", "Hamdan"), own("صالح", "Saleh"),
		own("خليل", "Khalil"), own("الحلبي", "Al-Halabi"), own("المصري", "Al-Masri"),
	}
)

// Indian and Pakistani students of Baku's medical and technical universities.
var (
	inMale = []nm{
		own("राहुल", "Rahul"), own("अमित", "Amit"), own("विक्रम", "Vikram"), own("अर्जुन", "Arjun"),
		own("रोहित", "Rohit"), own("करण", "Karan"), own("आदित्य", "Aditya"),
	}
	inFemale = []nm{
		own("प्रिया", "Priya"), own("अंजलि", "Anjali"), own("स्नेहा", "Sneha"), own("पूजा", "Pooja"),
		own("नेहा", "Neha"), own("दिव्या", "Divya"),
	}
	inSurnames = []nm{
		own("शर्मा", "Sharma"), own("पटेल", "Patel"), own("सिंह", "Singh"), own("कुमार", "Kumar"), own("गुप्ता", "Gupta"),
		own("वर्मा", "Verma"), own("यादव", "Yadav"), own("रेड्डी", "Reddy"), own("नायर", "Nair"),
	}
	pkMale = []nm{
		own("محمد", "Muhammad"), own("علی", "Ali"), own("عثمان", "Usman"), own("بلال", "Bilal"),
		own("حمزہ", "Hamza"), own("احمد", "Ahmed"), own("عمران", "Imran"),
	}
	pkFemale = []nm{
		own("عائشہ", "Ayesha"), own("فاطمہ", "Fatima"), own("حرا", "Hira"), own("ثناء", "Sana"),
		own("مریم", "Maryam"), own("زینب", "Zainab"),
	}
	pkSurnames = []nm{
		own("خان", "Khan"), own("حسین", "Hussain"), own("ملک", "Malik"), own("قریشی", "Qureshi"), own("بٹ", "Butt"),
		own("چوہدری", "Chaudhry"), own("صدیقی", "Siddiqui"), own("عباسی", "Abbasi"),
	}
)

// Chinese names: characters, pinyin as in the passport (surname first), and
// the Russian Cyrillic of the Palladius system.
var (
	cnMale = []nm{
		zhName("伟", "Wei", "Вэй"), zhName("强", "Qiang", "Цян"), zhName("磊", "Lei", "Лэй"), zhName("军", "Jun", "Цзюнь"),
		zhName("建国", "Jianguo", "Цзяньго"), zhName("志强", "Zhiqiang", "Чжицян"), zhName("浩", "Hao", "Хао"), zhName("明", "Ming", "Мин"),
	}
	cnFemale = []nm{
		zhName("芳", "Fang", "Фан"), zhName("娜", "Na", "На"), zhName("秀英", "Xiuying", "Сюин"), zhName("静", "Jing", "Цзин"),
		zhName("丽", "Li", "Ли"), zhName("婷", "Ting", "Тин"), zhName("敏", "Min", "Минь"),
	}
	cnSurnames = []nm{
		zhName("王", "Wang", "Ван"), zhName("李", "Li", "Ли"), zhName("张", "Zhang", "Чжан"), zhName("刘", "Liu", "Лю"),
		zhName("陈", "Chen", "Чэнь"), zhName("杨", "Yang", "Ян"), zhName("赵", "Zhao", "Чжао"), zhName("黄", "Huang", "Хуан"),
		zhName("周", "Zhou", "Чжоу"), zhName("吴", "Wu", "У"),
	}
	// English names Chinese staff of foreign companies go by.
	cnMaleAliases   = []nm{{lat: "Kevin"}, {lat: "Jack"}, {lat: "David"}, {lat: "Tony"}}
	cnFemaleAliases = []nm{{lat: "Lily"}, {lat: "Grace"}, {lat: "Amy"}, {lat: "Coco"}}
)

// Central Asians: own script (Uzbek and Turkmen Latin, Kazakh Cyrillic),
// the Russian form, and the passport Latin.
var (
	uzMale = []nm{
		caName("Jasur", "Жасур", "Jasur", "Жасуров"), caName("Sherzod", "Шерзод", "Sherzod", "Шерзодов"),
		caName("Bobur", "Бобур", "Bobur", "Бобуров"), caName("Otabek", "Отабек", "Otabek", "Отабеков"),
		caName("Akmal", "Акмал", "Akmal", "Акмалов"), caName("Rustam", "Рустам", "Rustam", "Рустамов"),
		caName("Dilshod", "Дильшод", "Dilshod", "Дильшодов"),
	}
	uzFemale = []nm{
		caName("Dilnoza", "Дилноза", "Dilnoza", ""), caName("Nodira", "Нодира", "Nodira", ""),
		caName("Gulnora", "Гульнора", "Gulnora", ""), caName("Madina", "Мадина", "Madina", ""),
		caName("Feruza", "Феруза", "Feruza", ""), caName("Zarina", "Зарина", "Zarina", ""),
	}
	uzSurnames = []nm{
		caName("Karimov", "Каримов", "Karimov", ""), caName("Rahimov", "Рахимов", "Rahimov", ""),
		caName("Yusupov", "Юсупов", "Yusupov", ""), caName("Tursunov", "Турсунов", "Tursunov", ""),
		caName("Abdullayev", "Абдуллаев", "Abdullayev", ""), caName("Ergashev", "Эргашев", "Ergashev", ""),
		caName("Nazarov", "Назаров", "Nazarov", ""), caName("Saidov", "Саидов", "Saidov", ""),
	}
	kzMale = []nm{
		caName("Нұрлан", "Нурлан", "Nurlan", "Нурланов"), caName("Ерлан", "Ерлан", "Yerlan", "Ерланов"),
		caName("Дәурен", "Даурен", "Dauren", "Дауренов"), caName("Асқар", "Аскар", "Askar", "Аскаров"),
		caName("Бауыржан", "Бауржан", "Bauyrzhan", "Бауржанов"), caName("Серік", "Серик", "Serik", "Сериков"),
	}
	kzFemale = []nm{
		caName("Әсел", "Асель", "Assel", ""), caName("Айгүл", "Айгуль", "Aigul", ""), caName("Динара", "Динара", "Dinara", ""),
		caName("Жанар", "Жанар", "Zhanar", ""), caName("Гүлнар", "Гульнар", "Gulnar", ""), caName("Меруерт", "Меруерт", "Meruyert", ""),
	}
	kzSurnames = []nm{
		caName("Сүлейменов", "Сулейменов", "Suleimenov", ""), caName("Ахметов", "Ахметов", "Akhmetov", ""),
		caName("Омаров", "Омаров", "Omarov", ""), caName("Жақсыбеков", "Жаксыбеков", "Zhaksybekov", ""),
		caName("Нұрғалиев", "Нургалиев", "Nurgaliyev", ""), caName("Исабеков", "Исабеков", "Issabekov", ""),
	}
	tmMale = []nm{
		caName("Merdan", "Мердан", "Merdan", "Мерданов"), caName("Serdar", "Сердар", "Serdar", "Сердаров"),
		caName("Myrat", "Мурат", "Myrat", "Муратов"), caName("Döwlet", "Довлет", "Dovlet", "Довлетов"),
		caName("Batyr", "Батыр", "Batyr", "Батыров"),
	}
	tmFemale = []nm{
		caName("Aýna", "Айна", "Ayna", ""), caName("Maral", "Марал", "Maral", ""), caName("Jeren", "Джерен", "Jeren", ""),
		caName("Bahar", "Бахар", "Bahar", ""), caName("Leýli", "Лейли", "Leyli", ""),
	}
	tmSurnames = []nm{
		caName("Annaýew", "Аннаев", "Annayev", ""), caName("Orazow", "Оразов", "Orazov", ""),
		caName("Berdiýew", "Бердыев", "Berdiyev", ""), caName("Ataýew", "Атаев", "Atayev", ""),
		caName("Gurbanow", "Курбанов", "Gurbanov", ""), caName("Hojaýew", "Ходжаев", "Hojayev", ""),
	}
)

// demoOrigins are the groups the demo draws from, weighted by how often the
// Service's integration pilots meet them.
var demoOrigins = []origin{
	{
		key: "az-ru", weight: 10, citizenships: []weighted[string]{{"RU", 1}},
		spellings: azEthnicSpellings, passport: passportAzerbaijani, patronymics: azPatronymic, femaleA: true, maidenNames: true,
		male: azMale, female: azFemale, surnames: azSurnames, maleShare: 0.5, ages: [2]int{22, 75}, yearOnly: 0.04,
		langs: []string{"az", "ru"}, moreLangs: []optLang{{"en", 0.2}},
		scripts: []weighted[string]{{"cyrillic", 7}, {"latin", 3}}, education: eduSoviet,
		plans:   []weighted[string]{{"trp:family", 35}, {"trp:work", 15}, {"prp", 40}, {"trp:property", 10}},
		noPhone: 0.05, email: 0.3, homePhone: phoneRU, mailDomains: postSoviet,
	},
	{
		key: "az-ge", weight: 8, citizenships: []weighted[string]{{"GE", 1}},
		spellings: azEthnicSpellings, passport: passportAzerbaijani, patronymics: azPatronymic, femaleA: true, maidenNames: true,
		male: azMale, female: azFemale, surnames: azSurnames, maleShare: 0.5, ages: [2]int{19, 70}, yearOnly: 0.04,
		langs: []string{"az"}, moreLangs: []optLang{{"ru", 0.6}, {"ka", 0.4}, {"en", 0.15}},
		scripts: []weighted[string]{{"latin", 5}, {"cyrillic", 3}, {"georgian", 2}}, education: eduMixed,
		plans:   []weighted[string]{{"trp:family", 30}, {"trp:work", 25}, {"trp:study", 10}, {"prp", 35}},
		nearby:  []place{{"AZ-QAZ", "Qazax rayonu, İkinci Şıxlı kəndi", false}, {"AZ-GA", "Gəncə şəhəri, Cavad xan küçəsi", true}},
		noPhone: 0.05, email: 0.3, homePhone: phoneGE, mailDomains: []string{"gmail.com", "yahoo.com"},
	},
	{
		key: "stateless", weight: 4, citizenships: []weighted[string]{{"", 1}},
		spellings: []spellingRule{{people.NameAz, 1, ""}, {people.NameCyrillic, 0.9, ""}, {people.NamePassport, 0.4, ""}},
		passport:  passportAzerbaijani, patronymics: azPatronymic, femaleA: true, maidenNames: true,
		male: azMale, female: azFemale, surnames: azSurnames, maleShare: 0.5, ages: [2]int{34, 75}, yearOnly: 0.15,
		langs: []string{"az", "ru"}, scripts: []weighted[string]{{"cyrillic", 6}, {"latin", 4}}, education: eduSoviet,
		noPhone: 0.1, email: 0.1, mailDomains: postSoviet,
	},
	{
		key: "meskhetian", weight: 3, citizenships: []weighted[string]{{"", 2}, {"RU", 1}, {"UZ", 1}},
		spellings: azEthnicSpellings, passport: passportAzerbaijani, patronymics: azPatronymic, femaleA: true, maidenNames: true,
		male: azMale, female: azFemale, surnames: meskhetianSurnames, maleShare: 0.5, ages: [2]int{25, 75}, yearOnly: 0.1,
		langs: []string{"tr", "ru"}, moreLangs: []optLang{{"az", 0.6}},
		scripts: []weighted[string]{{"cyrillic", 6}, {"latin", 4}}, education: eduWorkers,
		plans:   []weighted[string]{{"prp", 60}, {"trp:family", 40}},
		noPhone: 0.08, email: 0.15, mailDomains: postSoviet,
	},
	{
		key: "ru", weight: 12, citizenships: []weighted[string]{{"RU", 1}},
		spellings: []spellingRule{{people.NameCyrillic, 1, ""}, {people.NamePassport, 0.9, ""}, {people.NameAz, 0.4, ""}},
		passport:  passportRussian, patronymics: ruPatronymic, femaleA: true, maidenNames: true,
		male: ruMale, female: ruFemale, surnames: ruSurnames, maleShare: 0.45, ages: [2]int{20, 75}, yearOnly: 0.03,
		langs: []string{"ru"}, moreLangs: []optLang{{"en", 0.25}, {"az", 0.15}},
		scripts: onlyCyrillic, education: eduProfessionals,
		plans:   []weighted[string]{{"trp:work", 30}, {"trp:family", 25}, {"prp", 30}, {"trp:property", 10}, {"trp:study", 5}},
		noPhone: 0.05, email: 0.45, homePhone: phoneRU, mailDomains: postSoviet,
	},
	{
		key: "ru-dagestan", weight: 4, citizenships: []weighted[string]{{"RU", 1}},
		spellings: []spellingRule{{people.NameCyrillic, 1, ""}, {people.NamePassport, 0.9, ""}},
		passport:  passportRussian, patronymics: ruPatronymic, femaleA: true,
		male: dagMale, female: dagFemale, surnames: dagSurnames, maleShare: 0.55, ages: [2]int{20, 65}, yearOnly: 0.03,
		langs: []string{"ru"}, moreLangs: []optLang{{"az", 0.4}}, scripts: onlyCyrillic, education: eduWorkers,
		plans:   []weighted[string]{{"trp:work", 35}, {"trp:family", 35}, {"prp", 30}},
		noPhone: 0.05, email: 0.25, homePhone: phoneRU, mailDomains: postSoviet,
	},
	{
		key: "ua", weight: 5, citizenships: []weighted[string]{{"UA", 1}},
		spellings: []spellingRule{{people.NameNative, 1, ""}, {people.NameCyrillic, 0.7, ""}, {people.NamePassport, 0.9, ""}},
		passport:  passportLatin, patronymics: ruPatronymic, maidenNames: true, nativeFindable: true,
		male: uaMale, female: uaFemale, surnames: uaSurnames, maleShare: 0.35, ages: [2]int{20, 70}, yearOnly: 0.03,
		langs: []string{"uk", "ru"}, moreLangs: []optLang{{"en", 0.3}}, scripts: onlyCyrillic, education: eduProfessionals,
		plans:   []weighted[string]{{"trp:work", 30}, {"trp:family", 20}, {"trp:other", 25}, {"prp", 10}, {"asylum", 10}, {"refugee", 5}},
		noPhone: 0.05, email: 0.45, homePhone: phoneUA, mailDomains: []string{"ukr.net", "gmail.com"},
	},
	{
		key: "ge", weight: 6, citizenships: []weighted[string]{{"GE", 1}},
		spellings: []spellingRule{{people.NameNative, 0.9, ""}, {people.NamePassport, 1, ""}, {people.NameCyrillic, 0.5, ""}},
		passport:  passportLatin, nativeFindable: true,
		male: geMale, female: geFemale, surnames: geSurnames, maleShare: 0.5, ages: [2]int{20, 65}, yearOnly: 0.03,
		langs: []string{"ka"}, moreLangs: []optLang{{"ru", 0.6}, {"en", 0.4}, {"az", 0.1}},
		scripts: []weighted[string]{{"georgian", 9}, {"cyrillic", 1}}, education: eduMixed,
		plans:   []weighted[string]{{"trp:work", 45}, {"trp:family", 25}, {"trp:study", 10}, {"prp", 20}},
		noPhone: 0.05, email: 0.35, homePhone: phoneGE, mailDomains: []string{"gmail.com", "yahoo.com"},
	},
	{
		key: "ir", weight: 10, citizenships: []weighted[string]{{"IR", 1}},
		spellings: []spellingRule{{people.NamePassport, 1, ""}, {people.NameNative, 0.9, ""}, {people.NameAz, 0.8, "az"}},
		passport:  passportLatin,
		male:      irMale, female: irFemale, surnames: irSurnames, maleShare: 0.6, ages: [2]int{20, 70}, yearOnly: 0.03,
		langs: []string{"fa"}, moreLangs: []optLang{{"az", 0.45}, {"en", 0.3}},
		scripts: []weighted[string]{{"arabic", 9}, {"latin", 1}}, education: eduProfessionals,
		plans: []weighted[string]{{"trp:work", 20}, {"trp:family", 20}, {"trp:study", 15}, {"trp:investment", 10},
			{"trp:property", 15}, {"prp", 15}, {"asylum", 5}},
		nearby:  []place{{"AZ-LA", "Lənkəran şəhəri, Həzi Aslanov küçəsi", true}, {"AZ-AST", "Astara şəhəri, Nizami küçəsi", false}},
		noPhone: 0.05, email: 0.35, homePhone: phoneIR, mailDomains: []string{"gmail.com", "yahoo.com"},
	},
	{
		key: "tr", weight: 12, citizenships: []weighted[string]{{"TR", 30}, {"TR,DE", 1}},
		spellings: []spellingRule{{people.NameNative, 1, ""}, {people.NamePassport, 0.9, ""}},
		passport:  passportTurkish, latinNative: true, nativeFindable: true,
		male: trMale, female: trFemale, surnames: trSurnames, maleShare: 0.75, ages: [2]int{20, 60}, yearOnly: 0.02,
		langs: []string{"tr"}, moreLangs: []optLang{{"en", 0.35}, {"az", 0.15}}, scripts: onlyLatin, education: eduMixed,
		plans:   []weighted[string]{{"trp:work", 45}, {"trp:family", 15}, {"trp:study", 15}, {"trp:investment", 15}, {"prp", 10}},
		noPhone: 0.05, email: 0.5, homePhone: phoneTR, mailDomains: []string{"gmail.com", "hotmail.com"},
	},
	{
		key: "af", weight: 3, citizenships: []weighted[string]{{"AF", 1}},
		spellings: []spellingRule{{people.NamePassport, 0.8, ""}, {people.NameNative, 0.9, ""}},
		passport:  passportLatin,
		male:      afMale, female: afFemale, surnames: afSurnames, maleShare: 0.6, ages: [2]int{18, 65}, yearOnly: 0.3, janFirst: 0.25,
		langs: []string{"fa"}, moreLangs: []optLang{{"ps", 0.35}, {"en", 0.15}},
		scripts: []weighted[string]{{"arabic", 7}, {"none", 3}}, education: eduDisplaced,
		plans:   []weighted[string]{{"refugee", 45}, {"asylum", 45}, {"trp:work", 10}},
		noPhone: 0.2, email: 0.1, mailDomains: worldwide,
	},
	{
		key: "iq", weight: 2, citizenships: []weighted[string]{{"IQ", 1}},
		spellings: []spellingRule{{people.NamePassport, 0.9, ""}, {people.NameNative, 0.9, ""}},
		passport:  passportLatin,
		male:      arMale, female: arFemale, surnames: iqSurnames, maleShare: 0.6, ages: [2]int{18, 60}, yearOnly: 0.05, janFirst: 0.1,
		langs: []string{"ar"}, moreLangs: []optLang{{"ku", 0.25}, {"en", 0.25}},
		scripts: []weighted[string]{{"arabic", 9}, {"none", 1}}, education: eduMixed,
		plans:   []weighted[string]{{"refugee", 30}, {"asylum", 30}, {"trp:study", 20}, {"trp:work", 20}},
		noPhone: 0.1, email: 0.25, mailDomains: worldwide,
	},
	{
		key: "sy", weight: 2, citizenships: []weighted[string]{{"SY", 1}},
		spellings: []spellingRule{{people.NamePassport, 0.9, ""}, {people.NameNative, 0.9, ""}},
		passport:  passportLatin,
		male:      arMale, female: arFemale, surnames: sySurnames, maleShare: 0.6, ages: [2]int{18, 60}, yearOnly: 0.05, janFirst: 0.1,
		langs: []string{"ar"}, moreLangs: []optLang{{"en", 0.25}, {"ku", 0.1}},
		scripts: []weighted[string]{{"arabic", 9}, {"none", 1}}, education: eduMixed,
		plans:   []weighted[string]{{"refugee", 35}, {"asylum", 35}, {"trp:work", 15}, {"trp:family", 15}},
		noPhone: 0.1, email: 0.25, mailDomains: worldwide,
	},
	{
		key: "in", weight: 4, citizenships: []weighted[string]{{"IN", 1}},
		spellings: []spellingRule{{people.NamePassport, 1, ""}, {people.NameNative, 0.4, ""}},
		passport:  passportLatin,
		male:      inMale, female: inFemale, surnames: inSurnames, maleShare: 0.7, ages: [2]int{22, 45},
		langs: []string{"hi", "en"}, scripts: []weighted[string]{{"latin", 6}, {"other", 4}}, education: eduProfessionals,
		plans:   []weighted[string]{{"trp:study", 65}, {"trp:work", 35}},
		noPhone: 0.05, email: 0.6, mailDomains: worldwide,
	},
	{
		key: "pk", weight: 3, citizenships: []weighted[string]{{"PK", 1}},
		spellings: []spellingRule{{people.NamePassport, 1, ""}, {people.NameNative, 0.5, ""}},
		passport:  passportLatin,
		male:      pkMale, female: pkFemale, surnames: pkSurnames, maleShare: 0.8, ages: [2]int{22, 45},
		langs: []string{"ur", "en"}, moreLangs: []optLang{{"pa", 0.3}},
		scripts: []weighted[string]{{"arabic", 6}, {"latin", 4}}, education: eduProfessionals,
		plans:   []weighted[string]{{"trp:study", 70}, {"trp:work", 30}},
		noPhone: 0.05, email: 0.6, mailDomains: worldwide,
	},
	{
		key: "cn", weight: 4, citizenships: []weighted[string]{{"CN", 1}},
		spellings: []spellingRule{{people.NamePassport, 1, ""}, {people.NameNative, 0.9, ""}, {people.NameCyrillic, 0.3, ""}},
		passport:  passportLatin,
		male:      cnMale, female: cnFemale, surnames: cnSurnames, maleAliases: cnMaleAliases, femaleAliases: cnFemaleAliases, maleShare: 0.8, ages: [2]int{22, 58},
		langs: []string{"zh"}, moreLangs: []optLang{{"en", 0.3}, {"ru", 0.1}},
		scripts: []weighted[string]{{"other", 9}, {"latin", 1}}, education: eduWorkers,
		plans:   []weighted[string]{{"trp:work", 80}, {"trp:investment", 10}, {"trp:study", 10}},
		noPhone: 0.05, email: 0.5, mailDomains: []string{"163.com", "126.com", "gmail.com"},
	},
	{
		key: "uz", weight: 4, citizenships: []weighted[string]{{"UZ", 1}},
		spellings: []spellingRule{{people.NameNative, 0.8, ""}, {people.NameCyrillic, 0.8, ""}, {people.NamePassport, 1, ""}},
		passport:  passportLatin, patronymics: ruPatronymic, femaleA: true, nativeFindable: true,
		male: uzMale, female: uzFemale, surnames: uzSurnames, maleShare: 0.75, ages: [2]int{20, 55}, yearOnly: 0.03,
		langs: []string{"uz", "ru"}, scripts: []weighted[string]{{"latin", 6}, {"cyrillic", 4}}, education: eduWorkers,
		plans:   []weighted[string]{{"trp:work", 60}, {"trp:family", 20}, {"trp:study", 10}, {"prp", 10}},
		noPhone: 0.05, email: 0.25, mailDomains: []string{"mail.ru", "gmail.com"},
	},
	{
		key: "kz", weight: 2, citizenships: []weighted[string]{{"KZ", 1}},
		spellings: []spellingRule{{people.NameNative, 0.6, ""}, {people.NameCyrillic, 0.9, ""}, {people.NamePassport, 1, ""}},
		passport:  passportLatin, patronymics: ruPatronymic, femaleA: true, nativeFindable: true, maidenNames: true,
		male: kzMale, female: kzFemale, surnames: kzSurnames, maleShare: 0.5, ages: [2]int{20, 60}, yearOnly: 0.03,
		langs: []string{"kk", "ru"}, scripts: onlyCyrillic, education: eduProfessionals,
		plans:   []weighted[string]{{"trp:work", 50}, {"trp:family", 25}, {"trp:study", 15}, {"prp", 10}},
		noPhone: 0.05, email: 0.4, mailDomains: []string{"mail.ru", "gmail.com"},
	},
	{
		key: "tm", weight: 3, citizenships: []weighted[string]{{"TM", 1}},
		spellings: []spellingRule{{people.NameNative, 0.8, ""}, {people.NameCyrillic, 0.7, ""}, {people.NamePassport, 1, ""}},
		passport:  passportLatin, patronymics: ruPatronymic, femaleA: true, nativeFindable: true, latinNative: true,
		male: tmMale, female: tmFemale, surnames: tmSurnames, maleShare: 0.65, ages: [2]int{18, 45}, yearOnly: 0.03,
		langs: []string{"tk"}, moreLangs: []optLang{{"ru", 0.6}},
		scripts: []weighted[string]{{"latin", 8}, {"cyrillic", 2}}, education: eduMixed,
		plans:   []weighted[string]{{"trp:study", 60}, {"trp:work", 30}, {"trp:family", 10}},
		noPhone: 0.05, email: 0.3, mailDomains: []string{"mail.ru", "gmail.com"},
	},
}

// place is a street or settlement the demo gives addresses in, with its
// district's code in the region catalogue.
type place struct {
	code   string
	street string // city, district and street, in Azerbaijani
	flats  bool   // apartment blocks: the address has a flat number
}

var demoPlaces = []weighted[place]{
	{place{"AZ-BA-NAS", "Bakı şəhəri, Nəsimi rayonu, Səməd Vurğun küçəsi", true}, 6},
	{place{"AZ-BA-NAS", "Bakı şəhəri, Nəsimi rayonu, Füzuli küçəsi", true}, 4},
	{place{"AZ-BA-NAS", "Bakı şəhəri, Nəsimi rayonu, Rəşid Behbudov küçəsi", true}, 3},
	{place{"AZ-BA-YAS", "Bakı şəhəri, Yasamal rayonu, Şərifzadə küçəsi", true}, 4},
	{place{"AZ-BA-YAS", "Bakı şəhəri, Yasamal rayonu, Hüseyn Cavid prospekti", true}, 4},
	{place{"AZ-BA-YAS", "Bakı şəhəri, Yasamal rayonu, Mətbuat prospekti", true}, 3},
	{place{"AZ-BA-NAR", "Bakı şəhəri, Nərimanov rayonu, Təbriz küçəsi", true}, 4},
	{place{"AZ-BA-NAR", "Bakı şəhəri, Nərimanov rayonu, Atatürk prospekti", true}, 4},
	{place{"AZ-BA-NAR", "Bakı şəhəri, Nərimanov rayonu, Aşıq Molla Cümə küçəsi", true}, 2},
	{place{"AZ-BA-XAT", "Bakı şəhəri, Xətai rayonu, Babək prospekti", true}, 4},
	{place{"AZ-BA-XAT", "Bakı şəhəri, Xətai rayonu, Xocalı prospekti", true}, 3},
	{place{"AZ-BA-XAT", "Bakı şəhəri, Xətai rayonu, Nobel prospekti", true}, 2},
	{place{"AZ-BA-NIZ", "Bakı şəhəri, Nizami rayonu, Qara Qarayev prospekti", true}, 4},
	{place{"AZ-BA-NIZ", "Bakı şəhəri, Nizami rayonu, 8-ci kilometr qəsəbəsi", true}, 2},
	{place{"AZ-BA-BIN", "Bakı şəhəri, Binəqədi rayonu, 8-ci mikrorayon", true}, 3},
	{place{"AZ-BA-BIN", "Bakı şəhəri, Binəqədi rayonu, Azadlıq prospekti", true}, 3},
	{place{"AZ-BA-SBL", "Bakı şəhəri, Səbail rayonu, Neftçilər prospekti", true}, 1},
	{place{"AZ-BA-SBL", "Bakı şəhəri, Səbail rayonu, Üzeyir Hacıbəyov küçəsi", true}, 1},
	{place{"AZ-BA-SAB", "Bakı şəhəri, Sabunçu rayonu, Bakıxanov qəsəbəsi", false}, 3},
	{place{"AZ-BA-SAB", "Bakı şəhəri, Sabunçu rayonu, Maştağa qəsəbəsi", false}, 1},
	{place{"AZ-BA-XAZ", "Bakı şəhəri, Xəzər rayonu, Mərdəkan qəsəbəsi", false}, 2},
	{place{"AZ-BA-SUR", "Bakı şəhəri, Suraxanı rayonu, Hövsan qəsəbəsi", false}, 2},
	{place{"AZ-BA-QAR", "Bakı şəhəri, Qaradağ rayonu, Lökbatan qəsəbəsi", false}, 1},
	{place{"AZ-SM", "Sumqayıt şəhəri, Sülh küçəsi", true}, 4},
	{place{"AZ-SM", "Sumqayıt şəhəri, 9-cu mikrorayon", true}, 3},
	{place{"AZ-ABS", "Abşeron rayonu, Xırdalan şəhəri, Heydər Əliyev prospekti", true}, 4},
	{place{"AZ-ABS", "Abşeron rayonu, Masazır qəsəbəsi", false}, 3},
	{place{"AZ-GA", "Gəncə şəhəri, Atatürk prospekti", true}, 3},
	{place{"AZ-GA", "Gəncə şəhəri, Cavad xan küçəsi", true}, 2},
	{place{"AZ-MI", "Mingəçevir şəhəri, Heydər Əliyev prospekti", true}, 2},
}
