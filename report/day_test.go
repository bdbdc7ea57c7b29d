package report

import (
	"errors"
	"slices"
	"testing"
	"time"

	"mediawatch"
)

func TestDay(t *testing.T) {
	for _, tc := range []struct {
		name, date, zone string
		start, end       string // UTC
		hours            float64
	}{
		{"Ho Chi Minh City", "2025-03-14", "Asia/Ho_Chi_Minh", "2025-03-13T17:00:00Z", "2025-03-14T17:00:00Z", 24},
		{"new year in ICT", "2025-01-01", "Asia/Ho_Chi_Minh", "2024-12-31T17:00:00Z", "2025-01-01T17:00:00Z", 24},
		{"UTC", "2025-03-14", "UTC", "2025-03-14T00:00:00Z", "2025-03-15T00:00:00Z", 24},
		{"Berlin winter", "2025-01-15", "Europe/Berlin", "2025-01-14T23:00:00Z", "2025-01-15T23:00:00Z", 24},
		{"Berlin spring forward", "2025-03-30", "Europe/Berlin", "2025-03-29T23:00:00Z", "2025-03-30T22:00:00Z", 23},
		{"Berlin fall back", "2025-10-26", "Europe/Berlin", "2025-10-25T22:00:00Z", "2025-10-26T23:00:00Z", 25},
		{"leap day", "2024-02-29", "Asia/Ho_Chi_Minh", "2024-02-28T17:00:00Z", "2024-02-29T17:00:00Z", 24},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start, end, err := Day(tc.date, mustZone(t, tc.zone))
			if err != nil {
				t.Fatal(err)
			}
			if start.Location() != time.UTC || end.Location() != time.UTC {
				t.Errorf("Day returned times in %v and %v, want UTC", start.Location(), end.Location())
			}
			if got := start.Format(time.RFC3339); got != tc.start {
				t.Errorf("start = %s, want %s", got, tc.start)
			}
			if got := end.Format(time.RFC3339); got != tc.end {
				t.Errorf("end = %s, want %s", got, tc.end)
			}
			if h := end.Sub(start).Hours(); h != tc.hours {
				t.Errorf("the day lasts %v hours, want %v", h, tc.hours)
			}
		})
	}
}

func TestDayRefuses(t *testing.T) {
	for _, date := range []string{"", "2025-3-14", "14/03/2025", "2025-02-29", "2025-13-01", "0000-01-01",
		"2025-03-14T00:00", " 2025-03-14", "２０２５-03-14"} {
		if _, _, err := Day(date, time.UTC); !errors.Is(err, mediawatch.ErrInvalid) {
			t.Errorf("Day(%q) = %v, want ErrInvalid", date, err)
		}
	}
	if _, _, err := Day("2025-03-14", nil); !errors.Is(err, mediawatch.ErrInvalid) {
		t.Errorf("Day with a nil zone = %v, want ErrInvalid", err)
	}
}

// TestDayBoundary holds the report to local midnight: items a minute
// either side of it fall on different report days, though they share a
// UTC day, and one at midnight exactly opens the new day — in Berlin too,
// where the UTC offset changes overnight.
func TestDayBoundary(t *testing.T) {
	for _, tc := range []struct {
		zone, before, after string // the two local days
	}{
		{"Asia/Ho_Chi_Minh", "2025-03-14", "2025-03-15"},
		{"Europe/Berlin", "2025-03-29", "2025-03-30"}, // the clocks go forward at 02:00 on the 30th
		{"Europe/Berlin", "2025-10-25", "2025-10-26"}, // and back at 03:00 on the 26th
	} {
		t.Run(tc.zone+" "+tc.after, func(t *testing.T) {
			loc := mustZone(t, tc.zone)
			late, midnight, early := at(loc, tc.before, "23:59:00"), at(loc, tc.after, "00:00:00"), at(loc, tc.after, "00:01:00")
			var entries []mediawatch.ReportEntry
			for i, when := range []time.Time{late, midnight, early} {
				id := int64(i + 1)
				entries = append(entries, mediawatch.ReportEntry{Item: mediawatch.Item{ID: id, Source: "a", FirstSeen: when},
					Flags: []mediawatch.Flag{{ID: id, RuleID: "r", Severity: mediawatch.SeverityHigh, CreatedAt: when}}})
			}
			for date, want := range map[string][]int64{tc.before: {1}, tc.after: {2, 3}} {
				d, err := Compute(Input{Date: date, Loc: loc, Lang: "en", GeneratedAt: early.Add(time.Hour), Entries: entries})
				if err != nil {
					t.Fatal(err)
				}
				var got []int64
				for _, r := range d.Flagged {
					got = append(got, r.ID)
				}
				slices.Sort(got)
				if d.Totals.Items != len(want) || !slices.Equal(got, want) {
					t.Errorf("report %s holds %d items, flagged %v; want items %v (local midnight starts the next day)",
						date, d.Totals.Items, got, want)
				}
			}
		})
	}
	loc := ict(t)
	if a, b := at(loc, "2025-03-14", "23:59:00").UTC(), at(loc, "2025-03-15", "00:01:00").UTC(); a.YearDay() != b.YearDay() {
		t.Fatalf("the ICT case must straddle local midnight inside one UTC day: %v, %v", a, b)
	}
}
