// Package strategy holds the Migrant Integration Strategy and its Action
// Plan: a strategy with its period and state, and the tree of its items
// (strategic goals → objectives → measures), numbered as the document
// numbers them (1, 1.2, 1.2.3) from the items' positions. A measure names
// the organisation responsible for it and its partners, its dates, its
// budget and its status; "delayed" is computed from the end date. The
// strategy officer runs the plan; each agency's focal point sees and
// reports on only the measures of their own organisation, a rule this
// package enforces, not only the pages; the public reads a published plan.
package strategy

import (
	"fmt"
	"slices"
	"time"

	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/notify"
	"inteqra/internal/stats"
	"inteqra/internal/storage"
)

// State is where a strategy stands.
type State string

// Strategy states: drafted by the strategy officer, published for the
// public, closed when its period is over.
const (
	Draft     State = "draft"
	Published State = "published"
	Closed    State = "closed"
)

// Kind is the level of an item in the plan's tree.
type Kind string

// Item kinds, from the root down.
const (
	Goal      Kind = "goal"
	Objective Kind = "objective"
	Measure   Kind = "measure"
)

// childKind is the kind of an item's children; a measure has none.
var childKind = map[Kind]Kind{"": Goal, Goal: Objective, Objective: Measure}

// Status is where a measure stands.
type Status string

// Measure statuses. Delayed is never stored: a measure not started or in
// progress whose end has passed is delayed (see Item.StatusOn).
const (
	NotStarted Status = "not_started"
	InProgress Status = "in_progress"
	Completed  Status = "completed"
	Cancelled  Status = "cancelled"
	Delayed    Status = "delayed"
)

// Statuses lists the statuses a user may set, in the order forms show them.
var Statuses = []Status{NotStarted, InProgress, Completed, Cancelled}

// Light is a measure's traffic light in the monitoring views.
type Light string

// Traffic lights: on track (in progress, or not started before its start,
// and before its end), at risk (not started though its start has passed),
// delayed (its end passed before it was completed), completed, cancelled.
const (
	OnTrack Light = "on_track"
	AtRisk  Light = "at_risk"
	Late    Light = "delayed"
	Done    Light = "completed"
	Dropped Light = "cancelled"
)

// Lights lists the traffic lights in the order the counts show them.
var Lights = []Light{OnTrack, AtRisk, Late, Done, Dropped}

// Source is where a measure's money comes from.
type Source string

// Budget sources: a fixed list.
const (
	StateBudget Source = "state_budget"
	Donor       Source = "donor"
	OtherSource Source = "other"
)

// Sources lists the budget sources in the order forms show them.
var Sources = []Source{StateBudget, Donor, OtherSource}

// Texts are a text in the three languages of the site.
type Texts = i18n.Texts

// Money is an amount in qəpik (a hundredth of a manat), or none.
type Money struct {
	Qepik int64
	Valid bool
}

// Manat returns the amount in manat, for Printer.Number.
func (m Money) Manat() float64 { return float64(m.Qepik) / 100 }

// Form returns the amount as a form shows it: 1500 or 1500.50.
func (m Money) Form() string {
	if !m.Valid {
		return ""
	}
	if m.Qepik%100 == 0 {
		return fmt.Sprint(m.Qepik / 100)
	}
	return fmt.Sprintf("%d.%02d", m.Qepik/100, m.Qepik%100)
}

func (m Money) value() any {
	if !m.Valid {
		return nil
	}
	return m.Qepik
}

// Strategy is a strategy with its period.
type Strategy struct {
	ID          int64
	Title       Texts
	FirstYear   int
	LastYear    int
	State       State
	PublishedAt time.Time
	ClosedAt    time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Reporting   Reporting
}

// Edit returns the input that reproduces the strategy, for its edit form.
func (s Strategy) Edit() StrategyInput {
	return StrategyInput{Title: s.Title, FirstYear: s.FirstYear, LastYear: s.LastYear}
}

// Org is an organisation an item names.
type Org struct {
	ID   int64
	Name string
}

// Item is a goal, an objective or a measure of the plan. The fields after
// Title are a measure's.
type Item struct {
	ID         int64
	StrategyID int64
	ParentID   int64
	Kind       Kind
	Position   int
	Number     string // as the document numbers it: 1, 1.2, 1.2.3
	Title      Texts
	Children   []*Item

	Responsible Org
	Partners    []Org
	StartsOn    time.Time
	EndsOn      time.Time
	Planned     Money
	Source      Source
	Spent       Money
	Status      Status // as set; see StatusOn

	Indicators []*Indicator // an objective's or a measure's, in order
}

// StatusOn returns the measure's status on the day today: its status as
// set, or Delayed when it is not started or in progress and its end has
// passed.
func (it *Item) StatusOn(today time.Time) Status {
	if (it.Status == NotStarted || it.Status == InProgress) && !it.EndsOn.IsZero() && it.EndsOn.Before(today) {
		return Delayed
	}
	return it.Status
}

// LightOn returns the measure's traffic light on the day today.
func (it *Item) LightOn(today time.Time) Light {
	switch it.StatusOn(today) {
	case Delayed:
		return Late
	case Completed:
		return Done
	case Cancelled:
		return Dropped
	case NotStarted:
		if !it.StartsOn.IsZero() && it.StartsOn.Before(today) {
			return AtRisk
		}
	}
	return OnTrack
}

// Edit returns the input that reproduces the item, for its edit form.
func (it *Item) Edit() ItemInput {
	in := ItemInput{ParentID: it.ParentID, Title: it.Title, ResponsibleID: it.Responsible.ID,
		Planned: it.Planned.Form(), Source: it.Source, Spent: it.Spent.Form()}
	for _, p := range it.Partners {
		in.PartnerIDs = append(in.PartnerIDs, p.ID)
	}
	if !it.StartsOn.IsZero() {
		in.StartsOn = it.StartsOn.Format(time.DateOnly)
	}
	if !it.EndsOn.IsZero() {
		in.EndsOn = it.EndsOn.Format(time.DateOnly)
	}
	return in
}

// HasPartner reports whether the measure names org as a partner, for the
// form's choices.
func (in ItemInput) HasPartner(org int64) bool { return slices.Contains(in.PartnerIDs, org) }

// Store reads and writes strategies and their plans.
type Store struct {
	db    *db.DB
	files storage.Store // the reports' evidence files
	now   func() time.Time

	stats  *stats.Store  // the computed indicators' figures and the small-cell threshold (Computing)
	notify *notify.Store // reminds focal points of their reports (Notify)
}

// NewStore returns a Store on d that keeps the reports' evidence files in
// files.
func NewStore(d *db.DB, files storage.Store) *Store { return &Store{db: d, files: files, now: db.Now} }

// Dated returns a copy of the store whose today is now's day, for the tests
// of the computed statuses and for the demo.
func (s *Store) Dated(now func() time.Time) *Store {
	c := *s
	c.now = now
	return &c
}

// today is the day on which statuses are computed, in Baku.
func (s *Store) today() time.Time { return i18n.DayOf(s.now()) }

// ChildKind returns the kind of the items under an item of kind k (Goal
// under none, ""), or "" under a measure.
func ChildKind(k Kind) Kind { return childKind[k] }

// Parents returns the items an item of kind k may stand under, in the
// plan's order: the goals for an objective, the objectives for a measure.
func (p Plan) Parents(k Kind) []*Item {
	return p.Items(func(it *Item) bool { return childKind[it.Kind] == k })
}

// Items returns the plan's items that keep accepts, in the plan's order.
func (p Plan) Items(keep func(*Item) bool) []*Item {
	var out []*Item
	var walk func([]*Item)
	walk = func(items []*Item) {
		for _, it := range items {
			if keep(it) {
				out = append(out, it)
			}
			walk(it.Children)
		}
	}
	walk(p.Goals)
	return out
}
