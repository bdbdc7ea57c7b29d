package desk

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"mediawatch"
	"mediawatch/store"
)

func TestSavedSearches(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	d := New(Deps{Store: db}, Options{})
	lan, _ := db.CreateUser(ctx, mediawatch.User{Name: "lan", Role: mediawatch.RoleViewer, PasswordHash: "x"})
	minh, _ := db.CreateUser(ctx, mediawatch.User{Name: "minh", Role: mediawatch.RoleViewer, PasswordHash: "x"})

	for _, bad := range []struct{ name, params string }{
		{"", "q=l%C5%A9"}, {"   ", "q=x"}, {"ok", "lang=vi"}, {"ok", "q=%zz"}, {string(make([]rune, 101)), "q=x"},
	} {
		if _, err := d.SaveSearch(ctx, lan.ID, bad.name, bad.params); !errors.Is(err, mediawatch.ErrInvalid) {
			t.Errorf("SaveSearch(%q, %q) = %v, want ErrInvalid", bad.name, bad.params, err)
		}
	}
	s, err := d.SaveSearch(ctx, lan.ID, "  Lũ   Sơn La ", "q=l%C5%A9&cursor=abc&source=baosonla")
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "Lũ Sơn La" || s.Params != "q=l%C5%A9&source=baosonla" {
		t.Fatalf("saved %+v: name tidied, cursor dropped", s)
	}
	if got, _ := d.SavedSearches(ctx, minh.ID); len(got) != 0 {
		t.Fatalf("minh sees lan's searches: %+v", got)
	}
	if err := d.DeleteSavedSearch(ctx, minh.ID, s.ID); !errors.Is(err, mediawatch.ErrNotFound) {
		t.Fatalf("minh deletes lan's search: %v", err)
	}
	if got, _ := d.SavedSearches(ctx, lan.ID); len(got) != 1 || got[0].ID != s.ID {
		t.Fatalf("lan's searches %+v", got)
	}
	if err := d.DeleteSavedSearch(ctx, lan.ID, s.ID); err != nil {
		t.Fatal(err)
	}
}
