package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/council"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
)

// demoMember is a member of the demo's Council: the person, their details
// on the Council, their consents, when their term started (days before
// today) and how it stands.
type demoMember struct {
	names             []people.Name
	birth, email      string
	refugee           bool
	origin, community string
	languages         []string
	role              council.Role
	listing, photo    bool
	started           int // days before today; negative: in the future
	state             council.TermState
	ended             int // days before today the term ended
	initials          string
	colour            color.RGBA
}

// The chair was elected before the system, so the demo seats them
// directly; 6 of the 8 active members are listed publicly, 3 with photos;
// one term ends within 60 days, one member is a candidate, and one, seated
// first, resigned.
var demoMembers = []demoMember{
	{names: []people.Name{{Kind: people.NameAz, Surname: "Rusu", Given: "Elena"}},
		birth: "1976-10-05", email: "elena.rusu@example.org", origin: "MD", community: "Moldova icması", languages: []string{"ro", "ru"},
		role: council.Member, started: 500, state: council.Ended, ended: 90},
	{names: []people.Name{{Kind: people.NameAz, Surname: "Beridze", Given: "Nino"}, {Kind: people.NameNative, Surname: "ბერიძე", Given: "ნინო"}},
		birth: "1974-03-08", email: "nino.beridze@example.org", origin: "GE", community: "Gürcü icması", languages: []string{"ka", "ru", "az"},
		role: council.Chair, listing: true, photo: true, started: 300, state: council.Active, initials: "NB", colour: color.RGBA{0x1a, 0x4b, 0x8c, 0xff}},
	{names: []people.Name{{Kind: people.NameAz, Surname: "Smirnov", Given: "Aleksey"}, {Kind: people.NameCyrillic, Surname: "Смирнов", Given: "Алексей"}},
		birth: "1968-11-20", email: "aleksey.smirnov@example.org", origin: "RU", community: "Rus Mədəniyyət Mərkəzi", languages: []string{"ru", "az"},
		role: council.DeputyChair, listing: true, photo: true, started: 300, state: council.Active, initials: "AS", colour: color.RGBA{0x2e, 0x85, 0x40, 0xff}},
	{names: []people.Name{{Kind: people.NameAz, Surname: "Yılmaz", Given: "Ayşe"}},
		birth: "1981-06-14", email: "ayse.yilmaz@example.org", origin: "TR", community: "Türkiyə iş adamları birliyi", languages: []string{"tr", "az", "en"},
		role: council.Secretary, listing: true, photo: true, started: 300, state: council.Active, initials: "AY", colour: color.RGBA{0x9c, 0x3d, 0x10, 0xff}},
	{names: []people.Name{{Kind: people.NameAz, Surname: "Şevçenko", Given: "İryna"}, {Kind: people.NameCyrillic, Surname: "Шевченко", Given: "Ирина"}},
		birth: "1979-09-02", email: "iryna.shevchenko@example.org", origin: "UA", community: "Ukrayna icması", languages: []string{"uk", "ru"},
		role: council.Member, listing: true, started: 690, state: council.Active},
	{names: []people.Name{{Kind: people.NameAz, Surname: "Əhmədi", Given: "Rza"}, {Kind: people.NameNative, Surname: "احمدی", Given: "رضا"}},
		birth: "1970-01-25", email: "reza.ahmadi@example.org", origin: "IR", community: "İran azərbaycanlıları cəmiyyəti", languages: []string{"fa", "az"},
		role: council.Member, listing: true, started: 300, state: council.Active},
	{names: []people.Name{{Kind: people.NameAz, Surname: "Seytqali", Given: "Aygerim"}, {Kind: people.NameCyrillic, Surname: "Сейткали", Given: "Айгерим"}},
		birth: "1987-04-30", email: "aigerim.seitkali@example.org", origin: "KZ", community: "Qazax mədəniyyət mərkəzi", languages: []string{"kk", "ru"},
		role: council.Member, listing: true, started: 300, state: council.Active},
	{names: []people.Name{{Kind: people.NameAz, Surname: "Kərimova", Given: "Malika"}, {Kind: people.NameCyrillic, Surname: "Каримова", Given: "Малика"}},
		birth: "1985-12-11", email: "malika.karimova@example.org", origin: "UZ", community: "Özbək icması", languages: []string{"uz", "ru"},
		role: council.Member, started: 300, state: council.Active},
	{names: []people.Name{{Kind: people.NameAz, Surname: "Sultani", Given: "Zəhra"}, {Kind: people.NameNative, Surname: "سلطانی", Given: "زهرا"}},
		birth: "1991-07-19", email: "zahra.sultani@example.org", refugee: true, origin: "AF", community: "Əfqan qaçqınları icması",
		languages: []string{"fa", "ps", "en"}, role: council.Member, started: 300, state: council.Active},
	{names: []people.Name{{Kind: people.NameAz, Surname: "Novik", Given: "Pavel"}, {Kind: people.NameCyrillic, Surname: "Новик", Given: "Павел"}},
		birth: "1983-02-17", email: "pavel.novik@example.org", origin: "BY", community: "Belarus icması", languages: []string{"be", "ru"},
		role: council.Member, listing: true, started: -30, state: council.Candidate},
}

// seedMembers seats the demo's Council: through the registry (so every
// member is a person with their spellings and consents), with each term
// taken as far as it went, and the photos of those who consented.
func seedMembers(ctx context.Context, a *app.App, secretary access.Principal) (int, error) {
	as := access.With(ctx, secretary)
	sys := access.With(ctx, access.System())
	today := i18n.DayOf(db.Now())
	active := 0
	for _, d := range demoMembers {
		m, err := a.Council.AddMember(as, council.MemberInput{
			Person: people.Input{Names: d.names, BirthDate: d.birth, Email: d.email}, Origin: d.origin, Community: d.community,
			Languages: d.languages, Role: council.Member, StartsOn: today.AddDate(0, 0, -d.started).Format(time.DateOnly),
			ConsentListing: d.listing, ConsentPhotos: d.photo})
		if err != nil {
			return 0, fmt.Errorf("demo: member %s: %w", d.email, err)
		}
		if d.refugee {
			from := today.AddDate(-4, 0, 0).Format(time.DateOnly)
			if _, err := a.People.AddStatus(sys, m.PersonID, people.StatusInput{Kind: people.Refugee, State: people.Granted,
				DocumentNo: "QV 004411", IssuedOn: from, ValidFrom: from}); err != nil {
				return 0, fmt.Errorf("demo: refugee status: %w", err)
			}
		}
		if d.state == council.Candidate {
			continue
		}
		if err := a.Council.ActivateTerm(as, m.Term.ID); err != nil {
			return 0, fmt.Errorf("demo: activate %s: %w", d.email, err)
		}
		if d.state == council.Ended {
			day := db.Now().AddDate(0, 0, -d.ended)
			if err := a.Council.Dated(func() time.Time { return day }).EndTerm(as, m.Term.ID, council.Resigned); err != nil {
				return 0, fmt.Errorf("demo: end %s: %w", d.email, err)
			}
			continue
		}
		active++
		// The chair was elected before the system: seated directly. The
		// deputy chair and the secretary are given their roles on the form.
		switch d.role {
		case council.Chair:
			if _, err := a.DB.ExecContext(ctx, `UPDATE council_members SET role = $1 WHERE id = $2`, council.Chair, m.ID); err != nil {
				return 0, fmt.Errorf("demo: chair: %w", err)
			}
		case council.DeputyChair, council.Secretary:
			if err := a.Council.UpdateMember(as, m.ID, council.MemberInput{Origin: d.origin, Community: d.community,
				Languages: d.languages, Role: d.role}); err != nil {
				return 0, fmt.Errorf("demo: role of %s: %w", d.email, err)
			}
		}
		if d.photo {
			if err := a.Council.SetPhoto(as, m.ID, d.initials+".png", bytes.NewReader(avatar(d.initials, d.colour))); err != nil {
				return 0, fmt.Errorf("demo: photo of %s: %w", d.email, err)
			}
		}
	}
	return active, nil
}

// glyphs are the letters the demo's avatars need, 5 by 7 pixels.
var glyphs = map[rune][7]string{
	'A': {".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"},
	'B': {"####.", "#...#", "#...#", "####.", "#...#", "#...#", "####."},
	'N': {"#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#", "#...#"},
	'S': {".####", "#....", "#....", ".###.", "....#", "....#", "####."},
	'Y': {"#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#.."},
}

// avatar draws a member's initials in white on a coloured square, as a PNG
// the demo keeps for a photo.
func avatar(initials string, bg color.RGBA) []byte {
	const size, scale = 160, 10
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	for y := range size {
		for x := range size {
			img.Set(x, y, bg)
		}
	}
	letters := []rune(initials)
	width := len(letters)*5*scale + (len(letters)-1)*2*scale
	left, top := (size-width)/2, (size-7*scale)/2
	for i, r := range letters {
		g := glyphs[r]
		for row, line := range g {
			for col, c := range line {
				if c != '#' {
					continue
				}
				for dy := range scale {
					for dx := range scale {
						img.Set(left+i*7*scale+col*scale+dx, top+row*scale+dy, color.White)
					}
				}
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err) // encoding an image in memory does not fail
	}
	return b.Bytes()
}
