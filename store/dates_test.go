package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// TestItemsSinceBelievesWhatTheIndexBelieves: ItemsSince dates an item by
// its publication only when that is believable — from 1900, and not days
// after it was first seen — as the index does, so both select the same.
func TestItemsSinceBelievesWhatTheIndexBelieves(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	seen := time.Date(2026, 3, 14, 8, 0, 0, 0, time.UTC)
	for i, published := range []time.Time{
		{}, // first seen
		time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),    // believable, before since
		seen.Add(47 * time.Hour),                       // believable, a few hours ahead
		time.Date(2999, 1, 1, 0, 0, 0, 0, time.UTC),    // not: dated by first seen
		time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC),       // not: dated by first seen
		time.Date(9999, 12, 31, 23, 0, 0, 0, time.UTC), // not
	} {
		it := testItem(fmt.Sprintf("https://a.vn/%d", i), fmt.Sprint(i))
		it.FirstSeen, it.Published = seen, published
		if _, err := db.SaveItem(ctx, it); err != nil {
			t.Fatal(err)
		}
	}
	since := seen.Add(-time.Hour)
	items, err := db.ItemsSince(ctx, since, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	n, err := db.CountItemsSince(ctx, since)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 5 || n != 5 {
		t.Fatalf("%d items (count %d) since %v, want the 5 not dated 1 March", len(items), n, since)
	}
	for _, it := range items {
		if d := it.EffectiveDate(); d.Before(since) {
			t.Errorf("item %d dated %v was selected", it.ID, d)
		}
	}
}

// TestSlackEndSameInBothEngines: PostgreSQL's first seen plus the slack is
// SQLite's strftime to the byte — its rounding to the millisecond and
// never past .999 — for random first seen times and the edges of that
// rounding and of year 9999, so that both engines date every item alike.
func TestSlackEndSameInBothEngines(t *testing.T) {
	if !onPostgres() {
		t.Skip("compares PostgreSQL's SQL with SQLite's: runs with the PostgreSQL store")
	}
	db, _ := openTest(t)
	lite, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	rng := rand.New(rand.NewPCG(9, 9))
	edges := []string{"000000000", "000499999", "000500000", "123450000", "998500000", "998999999", "999000000",
		"999499999", "999500000", "999600000", "999999999"}
	seen := []string{"", "9999-12-29T23:59:59.999600000Z", "9999-12-30T00:00:00.000000000Z",
		"9999-12-31T23:59:59.999999999Z", "10000-01-01T00:00:00.000000000Z"}
	for range 20000 {
		at := time.Date(1+rng.IntN(9998), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), rng.IntN(24), rng.IntN(60),
			rng.IntN(60), 0, time.UTC)
		frac := fmt.Sprintf("%09d", rng.IntN(1e9))
		if rng.IntN(2) == 0 {
			frac = edges[rng.IntN(len(edges))]
		}
		seen = append(seen, at.Format("2006-01-02T15:04:05.")+frac+"Z")
	}
	list, err := json.Marshal(seen)
	if err != nil {
		t.Fatal(err)
	}
	ends := func(q *sql.DB, query string) []sql.NullString {
		t.Helper()
		rows, err := q.Query(query, string(list))
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []sql.NullString
		for rows.Next() {
			var end sql.NullString
			if err := rows.Scan(&end); err != nil {
				t.Fatal(err)
			}
			out = append(out, end)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	pg := ends(db.r, `SELECT `+slackEndPostgres+` FROM json_array_elements_text(CAST(? AS json))
		WITH ORDINALITY AS t(first_seen, n) ORDER BY n`)
	want := ends(lite, `SELECT `+slackEndSQLite+` FROM (SELECT key, value AS first_seen FROM json_each(?)) ORDER BY key`)
	if len(pg) != len(seen) || len(want) != len(seen) {
		t.Fatalf("%d and %d ends of %d first seen times", len(pg), len(want), len(seen))
	}
	wrong := 0
	for i := range seen {
		if pg[i] != want[i] {
			if wrong++; wrong > 10 {
				t.Fatal("and more")
			}
			t.Errorf("first seen %q: PostgreSQL says %v, SQLite %v", seen[i], pg[i], want[i])
		}
	}
}
