package store

import (
	"context"
	"testing"

	"mediawatch"
)

// TestSourceDisplayNames: an outlet's display name is kept beside its slug
// and follows the configuration when it changes or goes.
func TestSourceDisplayNames(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	src := mediawatch.Source{Name: "baosonla", Kind: mediawatch.KindFeed, URL: "https://baosonla.example/rss",
		Keep: mediawatch.KeepAll, Enabled: true, Weight: 1, DisplayName: "Báo Sơn La"}
	for _, want := range []string{"Báo Sơn La", "Báo Sơn La điện tử", ""} {
		src.DisplayName = want
		if err := db.SyncSources(ctx, []mediawatch.Source{src}); err != nil {
			t.Fatal(err)
		}
		got, err := db.Sources(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].DisplayName != want || got[0].Label() != orSlug(want, "baosonla") {
			t.Errorf("sources %+v, want display name %q", got, want)
		}
	}
}

func orSlug(name, slug string) string {
	if name == "" {
		return slug
	}
	return name
}
