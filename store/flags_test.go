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

// testFlag is a flag of rule with one match of "Sơn La" at the start of
// the text.
func testFlag(rule string, sev mediawatch.Severity) mediawatch.Flag {
	return mediawatch.Flag{
		RuleID: rule, RuleVersion: "sha-" + rule, Severity: sev, Snippet: "Sơn La: " + rule,
		Matches: []mediawatch.TermMatch{{Term: `"Sơn La"`, Field: "text", Start: 0, End: len("Sơn La"), Text: "Sơn La"}},
	}
}

// flagsOf lists every flag of an item, newest first.
func flagsOf(t *testing.T, db *DB, id int64) []FlagView {
	t.Helper()
	page, err := db.Flags(context.Background(), FlagFilter{ItemID: id, Size: MaxFlagPageSize})
	if err != nil {
		t.Fatal(err)
	}
	return page.Flags
}

func TestSaveItemWritesFlags(t *testing.T) {
	const url = "https://baosonla.vn/a/1"
	db, _ := openTest(t)
	ctx := context.Background()
	base := testItem(url, "Sơn La mưa lớn")
	at := func(i int, text string) mediawatch.Item {
		it := testItem(url, text)
		it.FirstSeen = base.FirstSeen.Add(time.Duration(i) * time.Hour)
		return it
	}
	for _, tc := range []struct {
		name      string
		it        mediawatch.Item
		flags     []mediawatch.Flag
		outcome   mediawatch.Outcome
		written   int
		rules     []string
		severity  mediawatch.Severity
		allFlags  int
		newestVer int
	}{
		{"new item, two rules", at(0, "Sơn La mưa lớn"),
			[]mediawatch.Flag{testFlag("sat-lo", mediawatch.SeverityHigh), testFlag("lu-lut", mediawatch.SeverityLow)},
			mediawatch.OutcomeKept, 2, []string{"lu-lut", "sat-lo"}, mediawatch.SeverityHigh, 2, 1},
		{"duplicate writes nothing", at(1, "Sơn La mưa lớn"),
			[]mediawatch.Flag{testFlag("tin-gia", mediawatch.SeverityCritical)},
			mediawatch.OutcomeDuplicate, 0, []string{"lu-lut", "sat-lo"}, mediawatch.SeverityHigh, 2, 1},
		{"edit is matched again", at(2, "Sơn La mưa lớn, tin đồn vỡ đập"),
			[]mediawatch.Flag{testFlag("tin-gia", mediawatch.SeverityMedium)},
			mediawatch.OutcomeUpdated, 1, []string{"tin-gia"}, mediawatch.SeverityMedium, 3, 2},
		{"edit that matches nothing", at(3, "Sơn La nắng đẹp"), nil,
			mediawatch.OutcomeUpdated, 0, nil, "", 3, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := db.SaveItem(ctx, tc.it, tc.flags...)
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcome != tc.outcome || res.Flags != tc.written {
				t.Fatalf("SaveItem = %+v, want %s with %d flags", res, tc.outcome, tc.written)
			}
			got, err := db.ItemByURL(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.RuleIDs, tc.rules) || got.Severity != tc.severity {
				t.Errorf("item rules = %v %q, want %v %q", got.RuleIDs, got.Severity, tc.rules, tc.severity)
			}
			fs := flagsOf(t, db, got.ID)
			if len(fs) != tc.allFlags || fs[0].ItemVersion != tc.newestVer {
				t.Errorf("item has %d flags, newest about version %d; want %d, %d",
					len(fs), fs[0].ItemVersion, tc.allFlags, tc.newestVer)
			}
		})
	}
	for _, f := range flagsOf(t, db, 1) {
		wantAt := base.FirstSeen
		if f.ItemVersion == 2 {
			wantAt = base.FirstSeen.Add(2 * time.Hour)
		}
		want := testFlag(f.RuleID, f.Severity)
		if f.ItemID != 1 || f.Status != mediawatch.FlagNew || !f.CreatedAt.Equal(wantAt) ||
			f.RuleVersion != want.RuleVersion || f.Snippet != want.Snippet || !reflect.DeepEqual(f.Matches, want.Matches) {
			t.Errorf("stored flag = %+v", f.Flag)
		}
	}
}

// failFlagInserts makes every insert into flags fail inside the database,
// after the item's own rows were written in the same transaction. A
// PostgreSQL trigger runs a function.
func failFlagInserts(t *testing.T, db *DB, on bool) {
	t.Helper()
	stmt := `DROP TRIGGER IF EXISTS fail_flags`
	if on {
		stmt = `CREATE TRIGGER fail_flags BEFORE INSERT ON flags BEGIN SELECT RAISE(ABORT, 'flags refused'); END`
	}
	if onPostgres() {
		stmt = `DROP TRIGGER IF EXISTS fail_flags ON flags`
		if on {
			stmt = `CREATE OR REPLACE FUNCTION fail_flags() RETURNS trigger LANGUAGE plpgsql AS
				$$ BEGIN RAISE EXCEPTION 'flags refused'; END $$;
				CREATE TRIGGER fail_flags BEFORE INSERT ON flags FOR EACH ROW EXECUTE FUNCTION fail_flags()`
		}
	}
	if _, err := db.w.ExecContext(context.Background(), stmt); err != nil {
		t.Fatal(err)
	}
}

func TestSaveItemFlagFailureLeavesNeither(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	const url = "https://baosonla.vn/a/1"
	flag := testFlag("sat-lo", mediawatch.SeverityHigh)

	failFlagInserts(t, db, true)
	if _, err := db.SaveItem(ctx, testItem(url, "Sơn La"), flag); err == nil {
		t.Fatal("SaveItem succeeded although its flags could not be written")
	}
	if n, _ := db.CountItems(ctx); n != 0 {
		t.Errorf("a new item whose flags failed was stored: %d items", n)
	}

	failFlagInserts(t, db, false)
	// Its id is not 1 on PostgreSQL, whose identities are not given back
	// by the failed save's rollback.
	res, err := db.SaveItem(ctx, testItem(url, "Sơn La"), flag)
	if err != nil {
		t.Fatal(err)
	}
	failFlagInserts(t, db, true)
	edit := testItem(url, "Sơn La sạt lở")
	edit.FirstSeen = edit.FirstSeen.Add(time.Hour)
	if _, err := db.SaveItem(ctx, edit, flag); err == nil {
		t.Fatal("SaveItem of an edit succeeded although its flags could not be written")
	}
	if vs, _ := db.ItemVersions(ctx, res.ItemID); len(vs) != 1 {
		t.Errorf("an edit whose flags failed left %d versions, want 1", len(vs))
	}
	if it, _ := db.Item(ctx, res.ItemID); it.Version != 1 || it.Text != "Sơn La" {
		t.Errorf("item after a failed edit = version %d %q", it.Version, it.Text)
	}
}

func TestSaveItemRefusesBadFlags(t *testing.T) {
	ok := testFlag("ok", mediawatch.SeverityLow)
	badMatch := func(m mediawatch.TermMatch) mediawatch.Flag {
		f := testFlag("bad-match", mediawatch.SeverityLow)
		f.Matches = []mediawatch.TermMatch{m}
		return f
	}
	for _, tc := range []struct {
		name  string
		flags []mediawatch.Flag
	}{
		{"no rule id", []mediawatch.Flag{ok, testFlag("", mediawatch.SeverityLow)}},
		{"unknown severity", []mediawatch.Flag{testFlag("r", "urgent")}},
		{"empty severity", []mediawatch.Flag{testFlag("r", "")}},
		{"one rule twice", []mediawatch.Flag{ok, ok}},
		{"match in the summary", []mediawatch.Flag{badMatch(mediawatch.TermMatch{Field: "summary", End: 1})}},
		{"negative offset", []mediawatch.Flag{badMatch(mediawatch.TermMatch{Field: "text", Start: -1, End: 1})}},
		{"end before start", []mediawatch.Flag{badMatch(mediawatch.TermMatch{Field: "title", Start: 4, End: 2})}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, _ := openTest(t)
			ctx := context.Background()
			_, err := db.SaveItem(ctx, testItem("https://a.vn/1", "Sơn La"), tc.flags...)
			if !errors.Is(err, mediawatch.ErrInvalid) {
				t.Errorf("err = %v, want ErrInvalid", err)
			}
			if n, _ := db.CountItems(ctx); n != 0 {
				t.Errorf("%d items stored", n)
			}
		})
	}
}

func TestAddFlagsIsInsertOrIgnore(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	now := time.Date(2025, 4, 2, 3, 4, 5, 0, time.UTC)
	for i := range 2 {
		if _, err := db.SaveItem(ctx, testItem(fmt.Sprintf("https://a.vn/%d", i+1), fmt.Sprint("bài ", i))); err != nil {
			t.Fatal(err)
		}
	}
	edit := testItem("https://a.vn/2", "bài 1, đã sửa")
	edit.FirstSeen = edit.FirstSeen.Add(time.Hour)
	if res, err := db.SaveItem(ctx, edit); err != nil || res.Version != 2 {
		t.Fatalf("edit: %+v %v", res, err)
	}
	about := func(id int64, v int, rule string, sev mediawatch.Severity) mediawatch.Flag {
		f := testFlag(rule, sev)
		f.ItemID, f.ItemVersion = id, v
		return f
	}
	steps := []struct {
		name  string
		flags []mediawatch.Flag
		added []string // "item/version/rule" of what is added
	}{
		{"first apply", []mediawatch.Flag{about(1, 1, "x", mediawatch.SeverityLow), about(2, 2, "x", mediawatch.SeverityHigh),
			about(1, 1, "y", mediawatch.SeverityCritical)}, []string{"1/1/x", "2/2/x", "1/1/y"}},
		{"second apply adds nothing", []mediawatch.Flag{about(1, 1, "x", mediawatch.SeverityLow),
			about(2, 2, "x", mediawatch.SeverityHigh), about(1, 1, "y", mediawatch.SeverityCritical)}, nil},
		{"only what is new", []mediawatch.Flag{about(1, 1, "x", mediawatch.SeverityLow), about(2, 1, "x", mediawatch.SeverityLow)},
			[]string{"2/1/x"}},
		{"twice in one call", []mediawatch.Flag{about(2, 2, "z", mediawatch.SeverityLow), about(2, 2, "z", mediawatch.SeverityLow)},
			[]string{"2/2/z"}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			added, err := db.AddFlags(ctx, s.flags, now)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range added {
				if f.ID == 0 || f.Status != mediawatch.FlagNew || !f.CreatedAt.Equal(now) {
					t.Errorf("added flag = %+v", f)
				}
				got = append(got, fmt.Sprintf("%d/%d/%s", f.ItemID, f.ItemVersion, f.RuleID))
			}
			if !reflect.DeepEqual(got, s.added) {
				t.Errorf("added %v, want %v", got, s.added)
			}
		})
	}
	it1, _ := db.Item(ctx, 1)
	it2, _ := db.Item(ctx, 2)
	if fmt.Sprintf("%v %s %v %s", it1.RuleIDs, it1.Severity, it2.RuleIDs, it2.Severity) != "[x y] critical [x z] high" {
		t.Errorf("rules of the current versions: %v %s, %v %s", it1.RuleIDs, it1.Severity, it2.RuleIDs, it2.Severity)
	}
	t.Run("a version that does not exist refuses the whole call", func(t *testing.T) {
		_, err := db.AddFlags(ctx, []mediawatch.Flag{about(1, 1, "new-rule", mediawatch.SeverityLow),
			about(1, 7, "x", mediawatch.SeverityLow)}, now)
		if err == nil {
			t.Fatal("AddFlags accepted a flag about version 7 of item 1")
		}
		if fs := flagsOf(t, db, 1); len(fs) != 2 {
			t.Errorf("item 1 has %d flags after a refused call, want 2", len(fs))
		}
	})
	t.Run("refused before writing", func(t *testing.T) {
		for _, bad := range [][]mediawatch.Flag{{testFlag("x", mediawatch.SeverityLow)}, {about(1, 1, "x", "")}} {
			if _, err := db.AddFlags(ctx, bad, now); !errors.Is(err, mediawatch.ErrInvalid) {
				t.Errorf("AddFlags(%+v): err = %v, want ErrInvalid", bad, err)
			}
		}
		if _, err := db.AddFlags(ctx, []mediawatch.Flag{about(1, 1, "x", mediawatch.SeverityLow)}, time.Time{}); !errors.Is(err, mediawatch.ErrInvalid) {
			t.Errorf("AddFlags without a time: err = %v, want ErrInvalid", err)
		}
	})
}
