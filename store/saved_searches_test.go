package store

import (
	"context"
	"errors"
	"testing"

	"mediawatch"
)

func TestSavedSearches(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, testStorePath(t, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	lan, err := db.CreateUser(ctx, mediawatch.User{Name: "lan", Role: mediawatch.RoleViewer, PasswordHash: "x"})
	if err != nil {
		t.Fatal(err)
	}
	minh, err := db.CreateUser(ctx, mediawatch.User{Name: "minh", Role: mediawatch.RoleEditor, PasswordHash: "x"})
	if err != nil {
		t.Fatal(err)
	}
	a, err := db.SaveSearch(ctx, lan.ID, "Lũ Sơn La", "q=l%C5%A9")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveSearch(ctx, lan.ID, "Lũ Sơn La", "q=l%C5%A9&lang=vi"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveSearch(ctx, minh.ID, "Lũ Sơn La", "q=other"); err != nil {
		t.Fatal(err)
	}
	got, err := db.SavedSearches(ctx, lan.ID)
	if err != nil || len(got) != 1 || got[0].Params != "q=l%C5%A9&lang=vi" || got[0].ID != a.ID {
		t.Fatalf("lan's searches %+v %v (saving again replaces)", got, err)
	}
	if err := db.DeleteSavedSearch(ctx, minh.ID, a.ID); !errors.Is(err, mediawatch.ErrNotFound) {
		t.Fatalf("minh deleting lan's search: %v", err)
	}
	if err := db.DeleteSavedSearch(ctx, lan.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.SavedSearches(ctx, lan.ID); len(got) != 0 {
		t.Fatalf("after delete %+v", got)
	}
	if got, _ := db.SavedSearches(ctx, minh.ID); len(got) != 1 {
		t.Fatalf("minh's %+v", got)
	}
}
