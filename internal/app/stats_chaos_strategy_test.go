package app_test

import (
	"time"

	"inteqra/internal/strategy"
)

// The random series' steps through the Action Plan: measures added to a
// published plan, ending before or after today, and their statuses set.

func (c *chaos) measure() error {
	texts := strategy.Texts{Az: "Tədbir", En: "Measure", Ru: "Мера"}
	if c.actionPlan == 0 {
		id, err := c.a.Strategy.CreateStrategy(c.sys, strategy.StrategyInput{Title: texts, FirstYear: 2026, LastYear: 2030})
		if err != nil {
			return err
		}
		goal, err := c.a.Strategy.AddItem(c.sys, id, strategy.ItemInput{Title: texts})
		if err != nil {
			return err
		}
		if c.objective, err = c.a.Strategy.AddItem(c.sys, id, strategy.ItemInput{ParentID: goal, Title: texts}); err != nil {
			return err
		}
		c.actionPlan = id
	}
	ends := c.today.AddDate(0, 0, c.r.IntN(400)-200)
	m, err := c.a.Strategy.AddItem(c.sys, c.actionPlan, strategy.ItemInput{ParentID: c.objective, Title: texts, ResponsibleID: c.partner,
		StartsOn: ends.AddDate(0, 0, -100).Format(time.DateOnly), EndsOn: ends.Format(time.DateOnly)})
	if err != nil {
		return err
	}
	c.measures = append(c.measures, m)
	if len(c.measures) == 1 {
		return c.a.Strategy.Publish(c.sys, c.actionPlan)
	}
	return nil
}

func (c *chaos) measureStatus() error {
	m, ok := pick(c.r, c.measures)
	if !ok {
		return nil
	}
	return c.a.Strategy.SetStatus(c.sys, m, strategy.Statuses[c.r.IntN(len(strategy.Statuses))])
}
