package api

import (
	"net/http"
	"strconv"

	"inteqra/internal/stats"
)

// The public statistics: the programme's figures by year, protected as on
// the public page.
func (s *Server) statisticsRoutes() []route {
	return []route{
		{pattern: "GET " + Prefix + "/statistics", h: s.statistics},
	}
}

// Count is a protected count: N is null when it is hidden, because it is
// below the threshold or would give such a count away.
type Count struct {
	N      *int `json:"n"`
	Hidden bool `json:"hidden"`
}

func countOf(c stats.Cell) Count {
	if c.Hidden || c.None {
		return Count{Hidden: c.Hidden}
	}
	n := c.N
	return Count{N: &n}
}

// Statistics are the public figures and the threshold they are protected at.
type Statistics struct {
	Threshold int          `json:"threshold"`
	Figures   []OpenFigure `json:"figures"`
}

// OpenFigure is a public figure: its count by year and the total over
// the years.
type OpenFigure struct {
	Code  string      `json:"code"`
	Years []YearCount `json:"years"`
	Total Count       `json:"total"`
}

// YearCount is a count of a year.
type YearCount struct {
	Year int `json:"year"`
	Count
}

func (s *Server) statistics(w http.ResponseWriter, r *http.Request) error {
	figs, k, err := s.cfg.Stats.RecentOpenData(r.Context(), s.now())
	if err != nil {
		return err
	}
	out := Statistics{Threshold: k, Figures: []OpenFigure{}}
	for _, f := range figs {
		of := OpenFigure{Code: f.Code, Years: []YearCount{}, Total: countOf(f.Years.Total)}
		for i, key := range f.Years.Keys {
			year, err := strconv.Atoi(key)
			if err != nil {
				return err
			}
			of.Years = append(of.Years, YearCount{Year: year, Count: countOf(f.Years.Cells[i])})
		}
		out.Figures = append(out.Figures, of)
	}
	return s.reply(w, r, http.StatusOK, out)
}
