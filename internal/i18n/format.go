package i18n

import (
	"math"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // the zone must load on hosts without a zoneinfo database
)

// baku is the zone every time is shown in: the service and its users are in
// Azerbaijan whatever zone the server or the database runs in.
var baku = loadBaku()

func loadBaku() *time.Location {
	loc, err := time.LoadLocation("Asia/Baku")
	if err != nil {
		// Unreachable with the embedded tzdata; Baku has kept UTC+4
		// without daylight saving since 2016.
		return time.FixedZone("+04", 4*60*60)
	}
	return loc
}

// form holds one language's CLDR patterns and symbols.
type form struct {
	date    string // time.Format layout
	decimal string
	group   string
}

var forms = map[Lang]form{
	AZ: {date: "02.01.2006", decimal: ",", group: "."},
	EN: {date: "2 Jan 2006", decimal: ".", group: ","},
	RU: {date: "02.01.2006", decimal: ",", group: "\u00a0"}, // CLDR ru groups with a no-break space
}

// Date returns t's calendar date in Baku, e.g. az and ru "25.11.2026", en
// "25 Nov 2026". The zero time gives "", so an unset date shows as blank.
// A date stored as midnight UTC keeps its day, since Baku is ahead of UTC.
func (p *Printer) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(baku).Format(p.form.date)
}

// DateTime returns t in Baku time as the date and a 24-hour time, e.g.
// "25.11.2026 14:05". The zero time gives "".
func (p *Printer) DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(baku).Format(p.form.date + " 15:04")
}

// Number returns n rounded to decimals places with the language's decimal
// mark and thousands grouping: az "1.234,5", en "1,234.5", ru "1 234,5"
// (no-break space). A negative decimals gives as many places as n needs.
// Rounding is strconv's: correct for the binary value, ties to even.
func (p *Printer) Number(n float64, decimals int) string {
	if math.IsNaN(n) || math.IsInf(n, 0) {
		return strconv.FormatFloat(n, 'f', -1, 64)
	}
	if decimals < 0 {
		decimals = -1
	}
	s := strconv.FormatFloat(n, 'f', decimals, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	if strings.Trim(whole+frac, "0") == "" {
		neg = false // -0.001 rounded to "0,00" must not show a minus
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	p.group(&b, whole)
	if frac != "" {
		b.WriteString(p.form.decimal)
		b.WriteString(frac)
	}
	return b.String()
}

// Int returns n with the language's thousands grouping.
func (p *Printer) Int(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	if s[0] == '-' {
		b.WriteByte('-')
		s = s[1:]
	}
	p.group(&b, s)
	return b.String()
}

// group writes the digits with a separator before every third from the right.
func (p *Printer) group(b *strings.Builder, digits string) {
	first := len(digits) % 3
	if first == 0 {
		first = 3
	}
	b.WriteString(digits[:first])
	for i := first; i < len(digits); i += 3 {
		b.WriteString(p.form.group)
		b.WriteString(digits[i : i+3])
	}
}
