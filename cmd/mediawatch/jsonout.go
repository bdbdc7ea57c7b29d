package main

import (
	"time"

	"mediawatch"
	"mediawatch/desk"
)

// The --json outputs of the commands that read the store say times as the
// API does: RFC 3339 in the configured zone to the second, null for never,
// and durations in seconds.

// jsonTime is t in loc to the second, or nil (null) when t is zero.
func jsonTime(t time.Time, loc *time.Location) *string {
	if t.IsZero() {
		return nil
	}
	s := t.In(loc).Truncate(time.Second).Format(time.RFC3339)
	return &s
}

// sourceJSON is one source of `sources list --json`.
type sourceJSON struct {
	Name         string           `json:"name"`
	Kind         string           `json:"kind"`
	URL          string           `json:"url"`
	Selector     string           `json:"selector,omitempty"`
	Interval     float64          `json:"interval"` // seconds
	Weight       float64          `json:"weight"`
	Lang         string           `json:"lang,omitempty"`
	Keep         string           `json:"keep"`
	Enabled      bool             `json:"enabled"`
	AllowPrivate bool             `json:"allow_private"`
	Health       sourceHealthJSON `json:"health"`
	Items        int              `json:"items"`
	// The health check's judgement (desk/health.go).
	State      string       `json:"state"`
	StateSince *string      `json:"state_since"`
	Why        string       `json:"why,omitempty"` // in English: the last error, the silence figures
	NewestItem *string      `json:"newest_item"`
	NewestAge  *float64     `json:"newest_age"` // seconds; null when it has no item
	Silence    desk.Silence `json:"silence"`
	// DailyItems are the items of each of the last health.baseline_days
	// complete local days, oldest first, the first beginning at DaysFrom.
	DailyItems []int   `json:"daily_items"`
	DaysFrom   *string `json:"days_from"`
}

// sourceHealthJSON is a source's health in `sources list --json`.
type sourceHealthJSON struct {
	LastAttempt         *string `json:"last_attempt"`
	LastSuccess         *string `json:"last_success"`
	LastError           string  `json:"last_error,omitempty"`
	LastErrorAt         *string `json:"last_error_at"`
	ConsecutiveFailures int     `json:"consecutive_failures"`
	NextAttempt         *string `json:"next_attempt"`
	Warning             string  `json:"warning,omitempty"` // what the last listing read found wrong without failing
}

func sourcesJSON(rows []sourceRow, loc *time.Location, sigma float64) []sourceJSON {
	out := make([]sourceJSON, len(rows))
	for i, r := range rows {
		h := r.Health
		out[i] = sourceJSON{Name: r.Name, Kind: string(r.Kind), URL: r.URL, Selector: r.Selector, Interval: r.Interval.Seconds(),
			Weight: r.Weight, Lang: r.Lang, Keep: string(r.Keep), Enabled: r.Enabled, AllowPrivate: r.AllowPrivate, Items: r.Items,
			Health: sourceHealthJSON{LastAttempt: jsonTime(h.LastAttempt, loc), LastSuccess: jsonTime(h.LastSuccess, loc),
				LastError: h.LastError, LastErrorAt: jsonTime(h.LastErrorAt, loc), ConsecutiveFailures: h.ConsecutiveFailures,
				NextAttempt: jsonTime(h.NextAttempt, loc), Warning: h.Warning},
			State: string(r.State), StateSince: jsonTime(r.StateSince, loc), Why: r.Why(sigma), NewestItem: jsonTime(r.NewestItem, loc),
			Silence: r.Silence, DailyItems: r.Days, DaysFrom: jsonTime(r.DaysFrom, loc)}
		if !r.NewestItem.IsZero() {
			age := r.NewestAge.Seconds()
			out[i].NewestAge = &age
		}
	}
	return out
}

// keyJSON is one key of `keys list --json`: never the key itself.
type keyJSON struct {
	ID         int64           `json:"id"`
	Name       string          `json:"name"`
	Role       mediawatch.Role `json:"role"`
	Prefix     string          `json:"prefix"`
	CreatedAt  *string         `json:"created_at"`
	LastUsedAt *string         `json:"last_used_at"`
	RevokedAt  *string         `json:"revoked_at"`
}

func keyRows(keys []mediawatch.APIKey, loc *time.Location) []keyJSON {
	out := make([]keyJSON, len(keys))
	for i, k := range keys {
		out[i] = keyJSON{ID: k.ID, Name: k.Name, Role: k.Role, Prefix: k.Prefix, CreatedAt: jsonTime(k.CreatedAt, loc),
			LastUsedAt: jsonTime(k.LastUsedAt, loc), RevokedAt: jsonTime(k.RevokedAt, loc)}
	}
	return out
}
