package stats

import (
	"encoding/xml"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"

	"inteqra/internal/i18n"
)

// parse reads the SVG as XML and returns its root attributes, its title and
// desc, and every text it shows.
func parse(t *testing.T, s string) (root map[string]string, title, desc string, texts []string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	var stack []string
	root = map[string]string{}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not XML: %v\n%s", err, s)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				if tok.Name.Local != "svg" {
					t.Fatalf("root element %s", tok.Name.Local)
				}
				for _, a := range tok.Attr {
					root[a.Name.Local] = a.Value
				}
			}
			stack = append(stack, tok.Name.Local)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 0 {
				continue
			}
			switch stack[len(stack)-1] {
			case "title":
				title += string(tok)
			case "desc":
				desc += string(tok)
			case "text":
				texts = append(texts, string(tok))
			}
		}
	}
	return root, title, desc, texts
}

func sampleCharts(hidden int) []Chart {
	cells := func(ns ...int) []Cell {
		out := make([]Cell, len(ns))
		for i, n := range ns {
			out[i] = Cell{N: n, Hidden: n == hidden}
		}
		return out
	}
	cats := []string{"Bakı", "Sumqayıt", "Gəncə <&>"}
	return []Chart{
		{ID: "bars", Kind: BarChart, Title: "Persons", CategoryLabel: "Place", Categories: cats,
			Series: []Series{{Name: "Persons", Values: cells(1234, hidden, 56)}}, Threshold: 5},
		{ID: "stack", Kind: StackedChart, Title: "Persons by sex", CategoryLabel: "Place", Categories: cats,
			Series: []Series{{Name: "female", Values: cells(700, hidden, 20)}, {Name: "male", Values: cells(534, 40, hidden)}}, Threshold: 5},
		{ID: "trend", Kind: LineChart, Title: "Registrations", CategoryLabel: "Month",
			Categories: []string{"Yanvar 2026", "Fevral 2026", "Mart 2026", "Aprel 2026", "May 2026", "İyun 2026"},
			Series:     []Series{{Name: "Persons", Values: cells(120, 340, hidden, 1500, 2100, 980)}}, Threshold: 5},
	}
}

func TestChartSVG(t *testing.T) {
	t.Parallel()
	p := printer(t, i18n.AZ)
	for _, c := range sampleCharts(3) {
		t.Run(string(c.Kind), func(t *testing.T) {
			t.Parallel()
			s := string(c.SVG(p))
			root, title, desc, texts := parse(t, s)
			if root["role"] != "img" || root["width"] != "100%" || root["aria-labelledby"] != c.ID+"-title "+c.ID+"-desc" {
				t.Errorf("root attributes %v", root)
			}
			vb := strings.Fields(root["viewBox"])
			if len(vb) != 4 || vb[2] != strconv.Itoa(chartWidth) {
				t.Errorf("viewBox = %q", root["viewBox"])
			}
			if title != c.Title {
				t.Errorf("title = %q", title)
			}
			if !strings.Contains(desc, c.Title) || !strings.Contains(desc, "«<5»") {
				t.Errorf("desc = %q, want the title and the note on hidden counts", desc)
			}
			joined := strings.Join(texts, "|")
			for _, txt := range texts {
				if txt == "3" {
					t.Errorf("a text shows the hidden count: %q", joined)
				}
			}
			if !strings.Contains(joined, "<5") {
				t.Errorf("no suppression mark among %q", joined)
			}
			// Azerbaijani grouping on the axis and the values.
			if c.Kind != StackedChart && !strings.Contains(joined, "1.") {
				t.Errorf("no grouped thousands among %q", joined)
			}
		})
	}
}

// TestChartHidesValue: the drawing does not depend on a hidden count at
// all, whether it is 3 or 400.
func TestChartHidesValue(t *testing.T) {
	t.Parallel()
	for _, lang := range i18n.Langs {
		p := printer(t, lang)
		small, large := sampleCharts(3), sampleCharts(400)
		for i := range small {
			a, b := small[i].SVG(p), large[i].SVG(p)
			if a != b {
				t.Errorf("%s %s chart: the SVG differs with the hidden count", lang, small[i].Kind)
			}
			da, db := small[i].Data(p), large[i].Data(p)
			if strings.Join(flat(da), "|") != strings.Join(flat(db), "|") {
				t.Errorf("%s %s chart: the data table differs with the hidden count", lang, small[i].Kind)
			}
		}
	}
}

func flat(d DataTable) []string {
	out := append([]string{d.Caption, d.Note}, d.Head...)
	for _, r := range d.Rows {
		out = append(out, r...)
	}
	return out
}

func TestChartData(t *testing.T) {
	t.Parallel()
	c := sampleCharts(3)[1]
	d := c.Data(printer(t, i18n.EN))
	want := [][]string{{"Bakı", "700", "534"}, {"Sumqayıt", "<5", "40"}, {"Gəncə <&>", "20", "<5"}}
	if strings.Join(d.Head, "|") != "Place|female|male" {
		t.Errorf("head = %v", d.Head)
	}
	for i := range want {
		if strings.Join(d.Rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %v, want %v", i, d.Rows[i], want[i])
		}
	}
	if !strings.HasPrefix(d.Note, "“<5”: fewer than 5 persons") {
		t.Errorf("note = %q", d.Note)
	}
	plain := Chart{Kind: BarChart, Title: "x", Categories: []string{"a"}, Series: []Series{{Name: "n", Values: []Cell{{N: 9}}}}, Threshold: 5}
	if d := plain.Data(printer(t, i18n.EN)); d.Note != "" {
		t.Errorf("note without hidden counts = %q", d.Note)
	}
}

func TestChartEmptyAndID(t *testing.T) {
	t.Parallel()
	p := printer(t, i18n.RU)
	c := Chart{ID: `9"><script>`, Kind: BarChart, Title: "Пусто"}
	root, _, desc, texts := parse(t, string(c.SVG(p)))
	if desc != "За этот период данных нет." || len(texts) != 1 {
		t.Errorf("desc = %q, texts = %q", desc, texts)
	}
	if root["aria-labelledby"] != "chart9script-title chart9script-desc" {
		t.Errorf("aria-labelledby = %q", root["aria-labelledby"])
	}
}

// TestChartWidth: whatever the data, nothing is drawn beyond the viewBox,
// so the chart fits any container it is given, a 320 px screen included.
func TestChartWidth(t *testing.T) {
	t.Parallel()
	p := printer(t, i18n.RU)
	for _, c := range sampleCharts(3) {
		s := string(c.SVG(p))
		for _, attr := range []string{` x="`, ` x1="`, ` x2="`, ` cx="`} {
			for rest := s; ; {
				i := strings.Index(rest, attr)
				if i < 0 {
					break
				}
				rest = rest[i+len(attr):]
				v, err := strconv.ParseFloat(rest[:strings.IndexByte(rest, '"')], 64)
				if err != nil || v < 0 || v > chartWidth {
					t.Errorf("%s chart: %s%s", c.Kind, attr, rest[:strings.IndexByte(rest, '"')])
				}
			}
		}
	}
}

// TestPaletteContrast checks each series colour and the text colour
// against white: at least 3:1 for graphical objects, 4.5:1 for text.
func TestPaletteContrast(t *testing.T) {
	t.Parallel()
	for _, c := range Palette {
		if r := contrast(t, c, "#ffffff"); r < 3 {
			t.Errorf("%s against white: %.2f:1, want at least 3:1", c, r)
		}
	}
	if r := contrast(t, inkColour, "#ffffff"); r < 4.5 {
		t.Errorf("text %s against white: %.2f:1", inkColour, r)
	}
	// Known values: black on white is 21:1, #005ea2 about 6.7:1.
	if r := contrast(t, "#000000", "#ffffff"); math.Abs(r-21) > 0.01 {
		t.Errorf("black: %.2f", r)
	}
	if r := contrast(t, "#005ea2", "#ffffff"); math.Abs(r-6.72) > 0.01 {
		t.Errorf("#005ea2: %.2f", r)
	}
}

// contrast is WCAG 2's contrast ratio of two colours.
func contrast(t *testing.T, a, b string) float64 {
	la, lb := luminance(t, a), luminance(t, b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(t *testing.T, hex string) float64 {
	v, err := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	if err != nil || len(hex) != 7 {
		t.Fatalf("colour %q", hex)
	}
	ch := func(shift uint) float64 {
		c := float64(v>>shift&0xff) / 255
		if c <= 0.03928 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(16) + 0.7152*ch(8) + 0.0722*ch(0)
}
