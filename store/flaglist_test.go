package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"mediawatch"
)

// flagFixture stores three items and five flags at four moments:
//
//	id item source    rule     severity  created status
//	1  A    baosonla  dat-dai  high      t0      new
//	2  A    baosonla  lu-lut   low       t0      new
//	3  B    vnexpress dat-dai  critical  t1      dismissed
//	4  C    baosonla  lu-lut   medium    t2      new
//	5  A    baosonla  tin-gia  medium    t3      new (AddFlags)
func flagFixture(t *testing.T) (*DB, []time.Time) {
	t.Helper()
	db, _ := openTest(t)
	ctx := context.Background()
	t0 := time.Date(2025, 5, 1, 1, 0, 0, 0, time.UTC)
	ts := []time.Time{t0, t0.Add(time.Hour), t0.Add(2 * time.Hour), t0.Add(3 * time.Hour)}
	save := func(url, source string, at time.Time, flags ...mediawatch.Flag) {
		it := testItem(url, "Sơn La "+url)
		it.Source, it.FirstSeen = source, at
		if _, err := db.SaveItem(ctx, it, flags...); err != nil {
			t.Fatal(err)
		}
	}
	save("https://a.vn/A", "baosonla", ts[0], testFlag("dat-dai", mediawatch.SeverityHigh), testFlag("lu-lut", mediawatch.SeverityLow))
	save("https://b.vn/B", "vnexpress", ts[1], testFlag("dat-dai", mediawatch.SeverityCritical))
	save("https://a.vn/C", "baosonla", ts[2], testFlag("lu-lut", mediawatch.SeverityMedium))
	late := testFlag("tin-gia", mediawatch.SeverityMedium)
	late.ItemID, late.ItemVersion = 1, 1
	if _, err := db.AddFlags(ctx, []mediawatch.Flag{late}, ts[3]); err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.ExecContext(ctx, `UPDATE flags SET status = 'dismissed' WHERE id = 3`); err != nil {
		t.Fatal(err)
	}
	return db, ts
}

func TestFlagsFilterAndPaging(t *testing.T) {
	db, ts := flagFixture(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		f     FlagFilter
		ids   string
		total int
	}{
		{"all, newest first, ties by id", FlagFilter{}, "[5 4 3 2 1]", 5},
		{"from, inclusive", FlagFilter{From: ts[1]}, "[5 4 3]", 3},
		{"to, inclusive", FlagFilter{To: ts[1]}, "[3 2 1]", 3},
		{"from and to", FlagFilter{From: ts[1], To: ts[2]}, "[4 3]", 2},
		{"one rule", FlagFilter{Rules: []string{"dat-dai"}}, "[3 1]", 2},
		{"two rules", FlagFilter{Rules: []string{"dat-dai", "tin-gia"}}, "[5 3 1]", 3},
		{"severities", FlagFilter{Severities: []mediawatch.Severity{mediawatch.SeverityHigh, mediawatch.SeverityCritical}}, "[3 1]", 2},
		{"source", FlagFilter{Sources: []string{"vnexpress"}}, "[3]", 1},
		{"status new", FlagFilter{Statuses: []mediawatch.FlagStatus{mediawatch.FlagNew}}, "[5 4 2 1]", 4},
		{"status dismissed", FlagFilter{Statuses: []mediawatch.FlagStatus{mediawatch.FlagDismissed}}, "[3]", 1},
		{"item", FlagFilter{ItemID: 1}, "[5 2 1]", 3},
		{"combined", FlagFilter{Rules: []string{"lu-lut"}, Sources: []string{"baosonla"}, Statuses: []mediawatch.FlagStatus{mediawatch.FlagNew}}, "[4 2]", 2},
		{"nothing", FlagFilter{Rules: []string{"khong-co"}}, "[]", 0},
		{"page 1", FlagFilter{Size: 2}, "[5 4]", 5},
		{"page 2", FlagFilter{Size: 2, Page: 2}, "[3 2]", 5},
		{"page 3", FlagFilter{Size: 2, Page: 3}, "[1]", 5},
		{"past the end", FlagFilter{Size: 2, Page: 4}, "[]", 5},
		{"cursor", FlagFilter{Size: 2, AfterID: 4}, "[3 2]", 5},
		{"cursor within a tie", FlagFilter{Size: 2, AfterID: 2}, "[1]", 5},
		{"cursor ignores page", FlagFilter{Size: 2, AfterID: 5, Page: 3}, "[4 3]", 5},
		{"cursor with a filter", FlagFilter{Rules: []string{"lu-lut", "dat-dai"}, AfterID: 4}, "[3 2 1]", 4},
		{"cursor at the end", FlagFilter{AfterID: 1}, "[]", 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page, err := db.Flags(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			ids := []int64{}
			for _, f := range page.Flags {
				ids = append(ids, f.ID)
			}
			if fmt.Sprint(ids) != tc.ids || page.Total != tc.total {
				t.Errorf("Flags = %v of %d, want %s of %d", ids, page.Total, tc.ids, tc.total)
			}
		})
	}
}

func TestFlagsRefusesBadFilters(t *testing.T) {
	db, _ := flagFixture(t)
	for _, f := range []FlagFilter{
		{Size: MaxFlagPageSize + 1}, {Size: -1}, {Page: -1}, {AfterID: -2}, {AfterID: 99},
		{Severities: []mediawatch.Severity{"urgent"}}, {Statuses: []mediawatch.FlagStatus{"open"}},
		{From: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		if _, err := db.Flags(context.Background(), f); !errors.Is(err, mediawatch.ErrInvalid) {
			t.Errorf("Flags(%+v): err = %v, want ErrInvalid", f, err)
		}
	}
}

// TestFlagsCursorWalk pages through every flag with the cursor, as an
// export does, and must meet each exactly once in listing order.
func TestFlagsCursorWalk(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	base := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	for i := range 23 {
		it := testItem(fmt.Sprintf("https://a.vn/%d", i), fmt.Sprint("bài ", i))
		it.FirstSeen = base.Add(time.Duration(i%4) * time.Minute) // many ties
		if _, err := db.SaveItem(ctx, it, testFlag("r1", mediawatch.SeverityLow), testFlag("r2", mediawatch.SeverityHigh)); err != nil {
			t.Fatal(err)
		}
	}
	all, err := db.Flags(ctx, FlagFilter{Size: MaxFlagPageSize})
	if err != nil || len(all.Flags) != 46 {
		t.Fatalf("listing: %d flags, %v", len(all.Flags), err)
	}
	var walked []FlagView
	for after := int64(0); ; {
		page, err := db.Flags(ctx, FlagFilter{Size: 5, AfterID: after})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Flags) == 0 {
			break
		}
		walked = append(walked, page.Flags...)
		after = page.Flags[len(page.Flags)-1].ID
	}
	if !reflect.DeepEqual(walked, all.Flags) {
		t.Errorf("the cursor walk met %d flags, not the listing's %d in its order", len(walked), len(all.Flags))
	}
}

func TestFlagView(t *testing.T) {
	db, ts := flagFixture(t)
	ctx := context.Background()
	edit := testItem("https://a.vn/A", "Sơn La, đã sửa")
	edit.Title, edit.Source, edit.FirstSeen = "Tiêu đề mới", "baosonla", ts[3].Add(time.Hour)
	if res, err := db.SaveItem(ctx, edit); err != nil || res.Version != 2 {
		t.Fatalf("edit: %+v %v", res, err)
	}
	got, err := db.Flag(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	orig := testItem("https://a.vn/A", "")
	want := FlagView{
		Flag: mediawatch.Flag{ID: 1, ItemID: 1, ItemVersion: 1, RuleID: "dat-dai", RuleVersion: "sha-dat-dai",
			Severity: mediawatch.SeverityHigh, Matches: testFlag("x", "").Matches, Snippet: "Sơn La: dat-dai",
			Status: mediawatch.FlagNew, CreatedAt: ts[0]},
		Source: "baosonla", Title: orig.Title, URL: orig.URL, Published: orig.Published, Lang: "vi", CurrentVersion: 2,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Flag(1) =\n%+v\nwant\n%+v", got, want)
	}
	if _, err := db.Flag(ctx, 99); !errors.Is(err, mediawatch.ErrNotFound) {
		t.Errorf("Flag(99): err = %v, want ErrNotFound", err)
	}
	if it, _ := db.Item(ctx, 1); it.RuleIDs != nil || it.Severity != "" {
		t.Errorf("the edit has no flags, yet the item shows %v %q", it.RuleIDs, it.Severity)
	}
}

func TestRuleFlagCounts(t *testing.T) {
	db, ts := flagFixture(t)
	got, err := db.RuleFlagCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]RuleCounts{
		"dat-dai": {Total: 2, ByStatus: map[mediawatch.FlagStatus]int{mediawatch.FlagNew: 1, mediawatch.FlagDismissed: 1}, LastFlagged: ts[1]},
		"lu-lut":  {Total: 2, ByStatus: map[mediawatch.FlagStatus]int{mediawatch.FlagNew: 2}, LastFlagged: ts[2]},
		"tin-gia": {Total: 1, ByStatus: map[mediawatch.FlagStatus]int{mediawatch.FlagNew: 1}, LastFlagged: ts[3]},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("RuleFlagCounts =\n%+v\nwant\n%+v", got, want)
	}
}

// TestItemReadsCarryRules reads items through every path — one, a page,
// by ids, since a date — and each must carry the rules of its current
// version only.
func TestItemReadsCarryRules(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	jan := time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC)
	want := map[int64]string{}
	for i := range 7 {
		it := testItem(fmt.Sprintf("https://a.vn/%d", i), fmt.Sprint("bài ", i))
		it.Published = jan.AddDate(0, 0, i)
		if i == 6 {
			it.Published = time.Time{} // dated by first seen: 2025-03-01
		}
		var flags []mediawatch.Flag
		if i%2 == 0 {
			flags = append(flags, testFlag("chan", mediawatch.SeverityLow))
		}
		if i%3 == 0 {
			flags = append(flags, testFlag("ba", mediawatch.Severities[i%4]))
		}
		if _, err := db.SaveItem(ctx, it, flags...); err != nil {
			t.Fatal(err)
		}
		var rules []string
		var sev mediawatch.Severity
		for _, f := range flags {
			rules = append(rules, f.RuleID)
			if f.Severity.Rank() > sev.Rank() {
				sev = f.Severity
			}
		}
		if len(rules) == 2 {
			rules[0], rules[1] = rules[1], rules[0] // sorted: ba, chan
		}
		want[int64(i+1)] = fmt.Sprintf("%v %q", rules, sev)
	}
	// An edit of item 1 drops its flags: its current version has none.
	edit := testItem("https://a.vn/0", "bài 0 đã sửa")
	edit.FirstSeen, edit.Published = edit.FirstSeen.Add(time.Hour), jan
	if _, err := db.SaveItem(ctx, edit); err != nil {
		t.Fatal(err)
	}
	want[1] = `[] ""`
	check := func(how string, items []mediawatch.Item, ids string) {
		t.Helper()
		var got []int64
		for _, it := range items {
			got = append(got, it.ID)
			if s := fmt.Sprintf("%v %q", it.RuleIDs, it.Severity); s != want[it.ID] {
				t.Errorf("%s: item %d carries %s, want %s", how, it.ID, s, want[it.ID])
			}
		}
		if fmt.Sprint(got) != ids {
			t.Errorf("%s: ids %v, want %s", how, got, ids)
		}
	}
	var paged []mediawatch.Item
	for after := int64(0); ; {
		page, err := db.Items(ctx, after, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		paged = append(paged, page...)
		after = page[len(page)-1].ID
	}
	check("Items", paged, "[1 2 3 4 5 6 7]")
	one, err := db.Item(ctx, 4)
	if err != nil {
		t.Fatal(err)
	}
	check("Item", []mediawatch.Item{one}, "[4]")
	byID, err := db.ItemsByID(ctx, []int64{7, 99, 1, 4})
	if err != nil {
		t.Fatal(err)
	}
	check("ItemsByID", byID, "[1 4 7]")
	since := jan.AddDate(0, 0, 4) // items 5, 6 and 7 (first seen in March)
	recent, err := db.ItemsSince(ctx, since, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	check("ItemsSince", recent, "[5 6 7]")
	if n, err := db.CountItemsSince(ctx, since); err != nil || n != 3 {
		t.Errorf("CountItemsSince = %d, %v; want 3", n, err)
	}
	if n, err := db.CountItemsSince(ctx, time.Time{}); err != nil || n != 7 {
		t.Errorf("CountItemsSince(zero) = %d, %v; want 7", n, err)
	}
}
