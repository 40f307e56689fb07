package api

import (
	"encoding/json"
	"net/http"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/stats"
	"inteqra/internal/strategy"
)

// A measure's progress report for a period, read by the Action Plan's
// staff and submitted by the focal point of its responsible agency.
func (s *Server) strategyReportRoutes() []route {
	const path = Prefix + "/strategy/measures/{id}/reports/{period}"
	return []route{
		{pattern: "GET " + path, scope: auth.Read("strategy"), h: s.report},
		{pattern: "POST " + path, scope: auth.Write("strategy"), h: s.submitReport},
	}
}

// Report is a measure's report for a period: its state, what the focal
// point wrote and the reported indicators' values.
type Report struct {
	MeasureID int64         `json:"measure_id"`
	Period    ReportPeriod  `json:"period"`
	State     string        `json:"state"`
	Narrative string        `json:"narrative"`
	Status    string        `json:"status"`
	Spent     *float64      `json:"spent"`
	Comment   string        `json:"comment"`
	Overdue   bool          `json:"overdue"`
	UpdatedAt *string       `json:"updated_at"`
	Values    []ReportValue `json:"values"`
}

// ReportPeriod is a reporting period: its first and last day and the day
// the report is due.
type ReportPeriod struct {
	Start string `json:"start"`
	End   string `json:"end"`
	Due   string `json:"due"`
}

// ReportValue is a reported indicator's value: its total, or a cell of its
// breakdown by category.
type ReportValue struct {
	IndicatorID int64       `json:"indicator_id"`
	Category    string      `json:"category,omitempty"`
	Key         string      `json:"key,omitempty"`
	Value       json.Number `json:"value"`
}

func reportOf(v strategy.ReportView) Report {
	out := Report{MeasureID: v.Measure.ID, State: string(v.State), Narrative: v.Narrative, Status: string(v.Status),
		Spent: number(v.Spent), Comment: v.Comment, Overdue: v.Overdue, UpdatedAt: stamp(v.UpdatedAt), Values: []ReportValue{},
		Period: ReportPeriod{Start: day(v.Period.Start), End: day(v.Period.End), Due: day(v.Period.Due)}}
	for _, e := range v.Entries {
		out.Values = append(out.Values, ReportValue{IndicatorID: e.IndicatorID, Category: string(e.Category), Key: e.Key,
			Value: json.Number(e.Value.Form())})
	}
	return out
}

// reportAt reads the report the path names: a measure the principal may
// read and a period it has begun.
func (s *Server) reportAt(r *http.Request) (strategy.ReportView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return strategy.ReportView{}, err
	}
	start, err := time.Parse(time.DateOnly, r.PathValue("period"))
	if err != nil {
		return strategy.ReportView{}, db.ErrNotFound
	}
	return s.cfg.Strategy.Report(r.Context(), id, start)
}

func (s *Server) report(w http.ResponseWriter, r *http.Request) error {
	v, err := s.reportAt(r)
	if err != nil {
		return err
	}
	return s.reply(w, r, http.StatusOK, reportOf(v))
}

// ReportInput is the report a focal point submits: the narrative, the
// measure's status, the money spent and the reported indicators' values.
type ReportInput struct {
	Narrative string        `json:"narrative"`
	Status    string        `json:"status"`
	Spent     json.Number   `json:"spent"`
	Values    []ReportValue `json:"values"`
}

var reportFields = map[i18n.Key]string{"strategy.report.values": "values", "strategy.report.narrative": "narrative",
	"strategy.report.status": "status", "strategy.report.spent": "spent"}

// submitReport submits a measure's report for the period, as the focal
// point's form does with its submit button. The client names in If-Match
// the ETag of the report it read: a report that changed since (saved by a
// colleague, returned by the officer) is refused with 412.
func (s *Server) submitReport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	// Refused before the report is read, as the form refuses it.
	if err := access.Require(ctx, access.ReportStrategy); err != nil {
		return err
	}
	var in ReportInput
	if err := decode(r, &in); err != nil {
		return err
	}
	current, err := s.reportAt(r)
	if err != nil {
		return err
	}
	if err := precondition(r, reportOf(current)); err != nil {
		return err
	}
	input := strategy.ReportInput{Narrative: in.Narrative, Status: strategy.Status(in.Status), Spent: in.Spent.String()}
	for _, v := range in.Values {
		input.Entries = append(input.Entries, strategy.EntryInput{IndicatorID: v.IndicatorID, Category: stats.Category(v.Category),
			Key: v.Key, Value: v.Value.String()})
	}
	if _, err := s.cfg.Strategy.SaveReport(ctx, current.Measure.ID, current.Period.Start, input, true); err != nil {
		return withFields(err, reportFields)
	}
	v, err := s.cfg.Strategy.Report(ctx, current.Measure.ID, current.Period.Start)
	if err != nil {
		return err
	}
	return s.reply(w, r, http.StatusOK, reportOf(v))
}
