package api

import (
	"context"
	"net/http"

	"inteqra/internal/strategy"
)

// The integration Strategy's Action Plan as the public page shows it.
func (s *Server) strategyRoutes() []route {
	return []route{
		{pattern: "GET " + Prefix + "/strategy", h: s.publicPlan},
	}
}

// Plan is the Action Plan published last, as of AsOf: its measures
// counted by traffic light and its tree of goals, objectives and measures.
type Plan struct {
	ID          int64   `json:"id"`
	Title       Texts   `json:"title"`
	FirstYear   int     `json:"first_year"`
	LastYear    int     `json:"last_year"`
	PublishedAt *string `json:"published_at"`
	AsOf        string  `json:"as_of"`
	Counts      Counts  `json:"counts"`
	Goals       []Goal  `json:"goals"`
}

// Counts are measures by traffic light.
type Counts struct {
	Total     int `json:"total"`
	OnTrack   int `json:"on_track"`
	AtRisk    int `json:"at_risk"`
	Delayed   int `json:"delayed"`
	Completed int `json:"completed"`
	Cancelled int `json:"cancelled"`
}

// Goal is a goal of the plan with its objectives.
type Goal struct {
	ID         int64       `json:"id"`
	Number     string      `json:"number"`
	Title      Texts       `json:"title"`
	Objectives []Objective `json:"objectives"`
}

// Objective is an objective of a goal with its indicators and measures.
type Objective struct {
	ID         int64       `json:"id"`
	Number     string      `json:"number"`
	Title      Texts       `json:"title"`
	Indicators []Indicator `json:"indicators"`
	Measures   []Measure   `json:"measures"`
}

// Measure is a measure with its status on the day of the plan, its
// responsible agency, its end and the Council's proposals it carries out.
type Measure struct {
	ID          int64       `json:"id"`
	Number      string      `json:"number"`
	Title       Texts       `json:"title"`
	Status      string      `json:"status"`
	Light       string      `json:"light"`
	Responsible string      `json:"responsible"`
	EndsOn      string      `json:"ends_on,omitempty"`
	Proposals   []string    `json:"proposals"`
	Indicators  []Indicator `json:"indicators"`
}

// Indicator is an indicator with its values by year against its targets,
// protected as on the page: a value that would reveal a small group of
// persons is null and hidden.
type Indicator struct {
	ID           int64            `json:"id"`
	Title        Texts            `json:"title"`
	Definition   Texts            `json:"definition"`
	Kind         string           `json:"kind"`
	Unit         string           `json:"unit"`
	Baseline     *float64         `json:"baseline"`
	BaselineYear int              `json:"baseline_year,omitempty"`
	Years        []IndicatorValue `json:"years"`
}

// IndicatorValue is an indicator's value and target for a year.
type IndicatorValue struct {
	Year   int      `json:"year"`
	Value  *float64 `json:"value"`
	Hidden bool     `json:"hidden"`
	Target *float64 `json:"target"`
}

func number(m strategy.Money) *float64 {
	if !m.Valid {
		return nil
	}
	v := m.Manat()
	return &v
}

func (s *Server) publicPlan(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	pl, err := s.cfg.Strategy.Published(ctx)
	if err != nil {
		return err
	}
	linked, err := s.cfg.Council.Linked(ctx)
	if err != nil {
		return err
	}
	c := pl.Total
	out := Plan{ID: pl.ID, Title: textsFrom(pl.Title), FirstYear: pl.FirstYear, LastYear: pl.LastYear,
		PublishedAt: stamp(pl.PublishedAt), AsOf: day(pl.Today), Goals: []Goal{},
		Counts: Counts{Total: c.Total(), OnTrack: c.OnTrack, AtRisk: c.AtRisk, Delayed: c.Delayed, Completed: c.Completed, Cancelled: c.Cancelled}}
	indicators := func(it *strategy.Item) ([]Indicator, error) {
		list := []Indicator{}
		for _, ind := range it.Indicators {
			v, err := s.indicatorOf(ctx, pl.Strategy, ind)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		return list, nil
	}
	for _, g := range pl.Goals {
		goal := Goal{ID: g.ID, Number: g.Number, Title: textsFrom(g.Title), Objectives: []Objective{}}
		for _, o := range g.Children {
			obj := Objective{ID: o.ID, Number: o.Number, Title: textsFrom(o.Title), Measures: []Measure{}}
			if obj.Indicators, err = indicators(o); err != nil {
				return err
			}
			for _, m := range o.Children {
				ms := Measure{ID: m.ID, Number: m.Number, Title: textsFrom(m.Title), Status: string(m.StatusOn(pl.Today)),
					Light: string(m.LightOn(pl.Today)), Responsible: m.Responsible.Name, EndsOn: day(m.EndsOn), Proposals: []string{}}
				for _, p := range linked[m.ID] {
					ms.Proposals = append(ms.Proposals, p.Reference)
				}
				if ms.Indicators, err = indicators(m); err != nil {
					return err
				}
				obj.Measures = append(obj.Measures, ms)
			}
			goal.Objectives = append(goal.Objectives, obj)
		}
		out.Goals = append(out.Goals, goal)
	}
	return s.reply(w, r, http.StatusOK, out)
}

func (s *Server) indicatorOf(ctx context.Context, st strategy.Strategy, ind *strategy.Indicator) (Indicator, error) {
	out := Indicator{ID: ind.ID, Title: textsFrom(ind.Title), Definition: textsFrom(ind.Definition), Kind: string(ind.Kind),
		Unit: string(ind.Unit), Baseline: number(ind.Baseline), Years: []IndicatorValue{}}
	if ind.Baseline.Valid {
		out.BaselineYear = ind.BaselineYear
	}
	years, err := s.cfg.Strategy.Progress(ctx, st, ind)
	if err != nil {
		return out, err
	}
	for _, y := range years {
		target, _ := ind.TargetOf(y.Year)
		v := IndicatorValue{Year: y.Year, Hidden: y.Total.Hidden, Target: number(target)}
		if !y.Total.Hidden {
			v.Value = number(y.Total.Value)
		}
		out.Years = append(out.Years, v)
	}
	return out, nil
}
