package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"mediawatch"
	"mediawatch/internal/pgtest"
)

// openCopyPair opens a new SQLite store and a new PostgreSQL one, closed
// at the end of t.
func openCopyPair(t *testing.T) (src, dst *DB) {
	t.Helper()
	url := pgtest.Database(t)
	src, err := Open(context.Background(), filepath.Join(t.TempDir(), "mediawatch.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	dst, err = Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dst.Close() })
	return src, dst
}

// fillForCopy writes a little of everything a store holds.
func fillForCopy(t *testing.T, db *DB, items int) {
	t.Helper()
	ctx := context.Background()
	for i := range items {
		it := testItem(fmt.Sprintf("https://a.vn/%d", i), fmt.Sprintf("Bài %d về Sơn La, mưa lũ ở Mường La", i))
		it.FirstSeen = it.FirstSeen.Add(time.Duration(i) * time.Minute)
		var flags []mediawatch.Flag
		if i%3 == 0 {
			flags = append(flags, mediawatch.Flag{RuleID: "lu-sai", RuleVersion: "v1", Severity: mediawatch.SeverityHigh, Snippet: "lũ"})
		}
		if _, err := db.SaveItem(ctx, it, flags...); err != nil {
			t.Fatal(err)
		}
		if i%7 == 0 { // a second version
			it.Text += " (cập nhật)"
			it.ContentHash = hashOf(it.Text)
			it.FirstSeen = it.FirstSeen.Add(time.Hour)
			if _, err := db.SaveItem(ctx, it); err != nil {
				t.Fatal(err)
			}
		}
	}
	st, err := db.Story(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	who := "lan"
	if _, err := db.UpdateStory(ctx, 1, StoryChange{Version: st.Version, Who: "lan", At: st.FirstSeen.Add(2 * time.Hour),
		Status: mediawatch.FlagInReview, Assignee: &who}); err != nil {
		t.Fatal(err)
	}
	u, err := db.CreateUser(ctx, mediawatch.User{Name: "nguyễn.lan", Role: mediawatch.RoleEditor, Lang: "vi", PasswordHash: "argon2id$x"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateSession(ctx, hashOf("token"), mediawatch.Session{UserID: u.ID, CSRF: "c", CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveSearch(ctx, u.ID, "lũ", "q=l%C5%A9"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.CreateKey(ctx, "analyst", mediawatch.RoleViewer); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AppendAudit(ctx, mediawatch.AuditEntry{At: time.Now(), ActorKind: mediawatch.ActorPerson, Actor: "lan", Action: "sign_in"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecordAlert(ctx, mediawatch.Alert{ID: "a1", Kind: mediawatch.AlertFlag, At: time.Now()}); err != nil {
		t.Fatal(err)
	}
}

// TestCopyToPostgres copies a SQLite store into PostgreSQL, interrupted
// half-way and resumed, and checks the copy answers as the original does.
func TestCopyToPostgres(t *testing.T) {
	ctx := context.Background()
	src, dst := openCopyPair(t)
	fillForCopy(t, src, 120)

	// Interrupted once past a third of the rows.
	cctx, cancel := context.WithCancel(ctx)
	var total int64
	_, err := CopyTo(cctx, src, dst, CopyOptions{Chunk: 10, Progress: func(done, all int64) {
		total = all
		if done > all/3 {
			cancel()
		}
	}})
	cancel()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted copy: err = %v, want context.Canceled", err)
	}
	var last int64
	rep, err := CopyTo(ctx, src, dst, CopyOptions{Chunk: 10, Progress: func(done, _ int64) { last = done }})
	if err != nil {
		t.Fatalf("resumed copy: %v", err)
	}
	if !rep.Resumed || rep.Copied >= total || last != total {
		t.Fatalf("resumed copy: resumed %v, copied %d of %d, progress ended at %d", rep.Resumed, rep.Copied, total, last)
	}
	for _, tc := range rep.Tables {
		if tc.Again {
			t.Errorf("table %s was copied again, but nothing changed the source", tc.Table)
		}
	}

	// The copy is the same store: identity, items, stories, people.
	sid, _ := src.Identity(ctx)
	did, _ := dst.Identity(ctx)
	if sid != did {
		t.Errorf("identity %q, want the source's %q", did, sid)
	}
	for _, id := range []int64{1, 8, 120} {
		a, err := src.Item(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		b, err := dst.Item(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("item %d differs:\n sqlite   %+v\n postgres %+v", id, a, b)
		}
	}
	ea, _ := src.StoryEvents(ctx, 1)
	eb, err := dst.StoryEvents(ctx, 1)
	if err != nil || !reflect.DeepEqual(ea, eb) {
		t.Errorf("story events differ (%v):\n %+v\n %+v", err, ea, eb)
	}
	ua, _ := src.Users(ctx)
	ub, err := dst.Users(ctx)
	if err != nil || !reflect.DeepEqual(ua, ub) {
		t.Errorf("users differ (%v)", err)
	}

	// New rows get new ids after the copied ones.
	res, err := dst.SaveItem(ctx, testItem("https://a.vn/new", "Tin mới ở Sơn La"))
	if err != nil {
		t.Fatal(err)
	}
	if res.ItemID != 121 {
		t.Errorf("a new item after the copy has id %d, want 121", res.ItemID)
	}

	// The finished copy is the store now: copying again is refused, and
	// what it recorded since stays.
	if _, err := CopyTo(ctx, src, dst, CopyOptions{}); !errors.Is(err, ErrCopyDone) {
		t.Fatalf("copy over a finished copy: err = %v, want ErrCopyDone", err)
	}
	if _, err := dst.Item(ctx, 121); err != nil {
		t.Errorf("the item written after the copy: %v", err)
	}
}

// TestCopyRefusesAnotherStore: a target with another store's rows is not
// written to.
func TestCopyRefusesAnotherStore(t *testing.T) {
	ctx := context.Background()
	src, dst := openCopyPair(t)
	if _, err := dst.SaveItem(ctx, testItem("https://b.vn/1", "khác")); err != nil {
		t.Fatal(err)
	}
	if _, err := CopyTo(ctx, src, dst, CopyOptions{}); !errors.Is(err, ErrCopyTarget) {
		t.Fatalf("err = %v, want ErrCopyTarget", err)
	}
	if n, _ := dst.CountItems(ctx); n != 1 {
		t.Errorf("target has %d items, want its 1", n)
	}
}
