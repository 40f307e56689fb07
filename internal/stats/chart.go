package stats

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"

	"inteqra/internal/i18n"
)

// ChartKind is the kind of chart drawn.
type ChartKind string

// The charts the dashboards draw: bars for a breakdown, stacked bars for a
// breakdown crossed with a second category, and lines for a trend over
// periods.
const (
	BarChart     ChartKind = "bar"
	StackedChart ChartKind = "stacked"
	LineChart    ChartKind = "line"
)

// Series is one set of counts along a chart's categories, one count per
// category; a hidden count is never drawn as its value.
type Series struct {
	Name   string // in the reader's language
	Values []Cell
}

// Chart is a chart to draw on the server as SVG. Its texts come in the
// reader's language; the counts come protected (Protect, ProtectAll).
type Chart struct {
	ID            string // unique on the page: the SVG's title and desc ids derive from it
	Kind          ChartKind
	Title         string
	CategoryLabel string   // the heading of the categories in the data table
	Categories    []string // the bars, or the periods of a line chart
	Series        []Series
	Threshold     int
	// Format writes a value, an axis's step included, when the values are
	// not plain counts (hundredths of a percentage or of an amount);
	// nil writes counts with the language's grouping.
	Format func(n int) string
}

// number writes a value of the chart for the reader.
func (c Chart) number(p *i18n.Printer, n int) string {
	if c.Format != nil {
		return c.Format(n)
	}
	return p.Int(int64(n))
}

// text writes a cell of the chart: its value, the suppression mark, or a
// dash for no value at all.
func (c Chart) text(p *i18n.Printer, v Cell) string {
	switch {
	case v.None:
		return p.T("stats.chart.none")
	case v.Hidden:
		return SuppressedMark(p, c.Threshold)
	}
	return c.number(p, v.N)
}

// Palette holds the colours of the series, from the U.S. Web Design
// System's tokens, each at least 3:1 against white as WCAG asks of
// graphical objects (TestPaletteContrast):
// primary #005ea2, accent-warm-darker #775540, primary-darker #162e51,
// success-dark #008817, secondary-dark #b50909, base-dark #565c65.
var Palette = []string{"#005ea2", "#775540", "#162e51", "#008817", "#b50909", "#565c65"}

const (
	inkColour  = "#1b1b1b" // base-ink: text and axes
	gridColour = "#a9aeb1" // base-light: grid lines, decorative only
	chartWidth = 400       // the viewBox's width; the SVG takes its container's
	fontSize   = 14
	smallFont  = 12
)

// DataTable is a chart's data as a table, which the page shows beside the
// chart or behind a disclosure: every figure readable without the drawing.
type DataTable struct {
	Caption string
	Head    []string
	Rows    [][]string
	Note    string // the suppression note, when a count is hidden
}

// Data returns the chart's figures as a table: a row per category, a
// column per series, hidden counts as the suppression mark.
func (c Chart) Data(p *i18n.Printer) DataTable {
	d := DataTable{Caption: c.Title, Head: []string{c.CategoryLabel}}
	for _, s := range c.Series {
		d.Head = append(d.Head, s.Name)
	}
	for i, cat := range c.Categories {
		row := []string{cat}
		for _, s := range c.Series {
			row = append(row, c.text(p, s.value(i)))
		}
		d.Rows = append(d.Rows, row)
	}
	if c.hasHidden() {
		d.Note = SuppressedNote(p, c.Threshold)
	}
	return d
}

func (s Series) value(i int) Cell {
	if i < len(s.Values) {
		return s.Values[i]
	}
	return Cell{}
}

func (c Chart) hasHidden() bool {
	for _, s := range c.Series {
		for i := range c.Categories {
			if s.value(i).Hidden {
				return true
			}
		}
	}
	return false
}

// Description says in words what the chart shows, for its <desc>.
func (c Chart) Description(p *i18n.Printer) string {
	var names []string
	for _, s := range c.Series {
		names = append(names, s.Name)
	}
	var d string
	switch {
	case len(c.Categories) == 0 || len(c.Series) == 0:
		return p.T("stats.chart.empty")
	case c.Kind == LineChart:
		d = p.T("stats.chart.desc_line", "Title", c.Title, "First", c.Categories[0],
			"Last", c.Categories[len(c.Categories)-1], "Series", strings.Join(names, ", "))
	case c.Kind == StackedChart:
		d = p.T("stats.chart.desc_stacked", "Title", c.Title,
			"Categories", p.Int(int64(len(c.Categories))), "Series", strings.Join(names, ", "))
	default:
		d = p.T("stats.chart.desc_bar", "Title", c.Title,
			"Categories", p.Int(int64(len(c.Categories))), "Max", c.number(p, c.maxVisible(false)))
	}
	if c.hasHidden() {
		d += " " + p.T("stats.chart.desc_hidden", "Mark", SuppressedMark(p, c.Threshold))
	}
	return d
}

// maxVisible is the largest visible count, or with stacked the largest sum
// of a category's visible counts. Hidden counts take no part, so nothing
// in the drawing, not even the scale, depends on them.
func (c Chart) maxVisible(stacked bool) int {
	m := 0
	for i := range c.Categories {
		sum := 0
		for _, s := range c.Series {
			v := s.value(i)
			if v.Hidden {
				continue
			}
			if stacked {
				sum += v.N
			} else {
				m = max(m, v.N)
			}
		}
		m = max(m, sum)
	}
	return m
}

// SVG draws the chart: an accessible image (role="img" with a title and a
// description in the reader's language) that scales to its container's
// width. A hidden count is drawn as absent, with the suppression mark.
func (c Chart) SVG(p *i18n.Printer) template.HTML {
	w := &svg{p: p, id: chartID(c.ID)}
	switch {
	case len(c.Categories) == 0 || len(c.Series) == 0:
		w.text(chartWidth/2, 24, fontSize, "middle", p.T("stats.chart.empty"))
		w.height = 36
	case c.Kind == LineChart:
		c.drawLines(w)
	default:
		c.drawBars(w)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s-title %s-desc" class="stats-chart" font-family="Source Sans Pro Web, Helvetica Neue, Helvetica, Roboto, Arial, sans-serif" font-size="%d" fill="%s">`,
		chartWidth, w.height, w.id, w.id, fontSize, inkColour)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`,
		w.id, esc(c.Title), w.id, esc(c.Description(p)))
	b.WriteString(w.body.String())
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text in it is escaped by esc
}

// chartID keeps the letters, digits, hyphens and underscores of id, so it
// is safe in an attribute and an IDREF.
func chartID(id string) string {
	id = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return -1
	}, id)
	if id == "" || id[0] >= '0' && id[0] <= '9' {
		id = "chart" + id
	}
	return id
}

func esc(s string) string { return html.EscapeString(s) }

// svg collects a chart's elements.
type svg struct {
	p      *i18n.Printer
	id     string
	body   strings.Builder
	height int
}

func (w *svg) text(x, y float64, size int, anchor, s string) {
	fmt.Fprintf(&w.body, `<text x="%s" y="%s" font-size="%d" text-anchor="%s">%s</text>`, num(x), num(y), size, anchor, esc(s))
}

func (w *svg) rect(x, y, width, height float64, colour string) {
	fmt.Fprintf(&w.body, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="#ffffff" stroke-width="1"/>`,
		num(x), num(y), num(width), num(height), colour)
}

func (w *svg) line(x1, y1, x2, y2 float64, colour string) {
	fmt.Fprintf(&w.body, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1"/>`,
		num(x1), num(y1), num(x2), num(y2), colour)
}

// num writes a coordinate with at most one decimal.
func num(f float64) string { return fmt.Sprintf("%.4g", math.Round(f*10)/10) }

// legend draws a coloured square and the name of each series, one a line,
// from y, and returns the y below it.
func (w *svg) legend(series []Series, y float64) float64 {
	for k, s := range series {
		w.rect(0, y+3, 14, 14, colour(k))
		w.text(20, y+15, fontSize, "start", s.Name)
		y += 22
	}
	return y
}

func colour(k int) string { return Palette[k%len(Palette)] }

// ticks returns the top of the scale and its step: a round step (1, 2 or
// 5 times a power of ten) giving about four intervals.
func ticks(m int) (top, step int) {
	if m <= 0 {
		return 1, 1
	}
	raw := float64(m) / 4
	e := math.Pow(10, math.Floor(math.Log10(raw)))
	f := raw / e
	switch {
	case f <= 1:
		f = 1
	case f <= 2:
		f = 2
	case f <= 5:
		f = 5
	default:
		f = 10
	}
	step = max(1, int(f*e))
	top = (m + step - 1) / step * step
	return top, step
}

// drawBars draws horizontal bars, one block per category with its label
// above, so long names and narrow screens fit: with one bar per series, or
// with StackedChart the series end to end in one bar.
func (c Chart) drawBars(w *svg) {
	stacked := c.Kind == StackedChart
	const barH, gap, labelH = 18.0, 12.0, 20.0
	maxLen := float64(chartWidth - 64) // room for the value after a bar
	top, step := ticks(c.maxVisible(stacked))
	scale := maxLen / float64(top)
	y := 0.0
	if stacked || len(c.Series) > 1 {
		y = w.legend(c.Series, y) + 6
	}
	for i, cat := range c.Categories {
		w.text(0, y+15, fontSize, "start", cat)
		y += labelH + 2
		if stacked {
			x, hidden := 0.0, false
			for k, s := range c.Series {
				v := s.value(i)
				if v.Hidden {
					hidden = true
					continue
				}
				if v.N > 0 {
					w.rect(x, y, float64(v.N)*scale, barH, colour(k))
					x += float64(v.N) * scale
				}
			}
			if hidden {
				w.text(x+4, y+14, smallFont, "start", SuppressedMark(w.p, c.Threshold))
			}
			y += barH + 2
		} else {
			for k, s := range c.Series {
				v := s.value(i)
				x := 0.0
				if !v.Hidden && v.N > 0 {
					x = float64(v.N) * scale
					w.rect(0, y, x, barH, colour(k))
				}
				w.text(x+4, y+14, smallFont, "start", c.text(w.p, v))
				y += barH + 2
			}
		}
		y += gap
	}
	// The scale, under the bars.
	w.line(0, y, maxLen, y, inkColour)
	for v := 0; v <= top; v += step {
		x := float64(v) * scale
		w.line(x, y, x, y+4, inkColour)
		anchor := "middle"
		if v == 0 {
			anchor = "start"
		} else if v == top {
			anchor = "end"
		}
		w.text(x, y+18, smallFont, anchor, c.number(w.p, v))
	}
	w.height = int(y) + 24
}

// drawLines draws one line per series across the periods; a hidden count
// breaks its line and shows the suppression mark at the foot of the plot.
func (c Chart) drawLines(w *svg) {
	const left, right, plotTop, bottom = 56.0, chartWidth - 44.0, 10.0, 190.0
	top, step := ticks(c.maxVisible(false))
	yOf := func(v int) float64 { return bottom - float64(v)/float64(top)*(bottom-plotTop) }
	n := len(c.Categories)
	xOf := func(i int) float64 {
		if n == 1 {
			return (left + right) / 2
		}
		return left + float64(i)*(right-left)/float64(n-1)
	}
	for v := 0; v <= top; v += step {
		w.line(left, yOf(v), right, yOf(v), gridColour)
		w.text(left-6, yOf(v)+4, smallFont, "end", c.number(w.p, v))
	}
	w.line(left, bottom, right, bottom, inkColour)
	every := (n + 3) / 4 // at most four period labels, so they do not overlap
	for i, cat := range c.Categories {
		if i%every == 0 {
			w.line(xOf(i), bottom, xOf(i), bottom+4, inkColour)
			w.text(xOf(i), bottom+18, smallFont, "middle", cat)
		}
	}
	for k, s := range c.Series {
		var run []string
		flush := func() {
			if len(run) > 1 {
				fmt.Fprintf(&w.body, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2.5"/>`, strings.Join(run, " "), colour(k))
			}
			run = run[:0]
		}
		for i := range c.Categories {
			v := s.value(i)
			if v.None {
				flush()
				continue
			}
			if v.Hidden {
				flush()
				w.text(xOf(i), bottom-4-float64(k*smallFont), smallFont, "middle", SuppressedMark(w.p, c.Threshold))
				continue
			}
			run = append(run, num(xOf(i))+","+num(yOf(v.N)))
			fmt.Fprintf(&w.body, `<circle cx="%s" cy="%s" r="3.5" fill="%s"/>`, num(xOf(i)), num(yOf(v.N)), colour(k))
		}
		flush()
	}
	w.height = int(w.legend(c.Series, bottom+30))
}
