package report

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

func TestArchive(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "reports")
	a := Archive{Dir: dir}
	if last, err := a.LastDone(); err != nil || last != "" {
		t.Fatalf("LastDone of a missing directory = %q, %v; want none", last, err)
	}
	d := fixtureDaily(t, "vi")
	paths, err := a.Save(d)
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != len(Formats) {
		t.Fatalf("saved %v", paths)
	}
	for i, f := range Formats {
		var want bytes.Buffer
		if err := Write(&want, d, f); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(paths[i])
		if err != nil || !bytes.Equal(got, want.Bytes()) || paths[i] != filepath.Join(dir, "2025-03-14."+string(f)) {
			t.Errorf("%s: %v; content equal %v", paths[i], err, bytes.Equal(got, want.Bytes()))
		}
	}
	if last, _ := a.LastDone(); last != "" {
		t.Errorf("a saved but not finished report counts as done: %q", last)
	}
	for _, date := range []string{"2025-03-12", "2025-03-14", "2025-03-13"} {
		if err := a.MarkDone(date); err != nil {
			t.Fatal(err)
		}
	}
	for _, junk := range []string{"2025-03-20.json", "notes.done", "2025-99-99.done"} {
		if err := os.WriteFile(filepath.Join(dir, junk), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "2025-04-01.done"), 0o750); err != nil {
		t.Fatal(err)
	}
	if last, err := a.LastDone(); err != nil || last != "2025-03-14" {
		t.Errorf("LastDone = %q, %v; want 2025-03-14", last, err)
	}
	if err := a.MarkDone("../escape"); err == nil {
		t.Errorf("MarkDone accepted a path for a date")
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".report-*"))
	if len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestJobProduce(t *testing.T) {
	in := fixture(t, "en")
	src := &memorySource{in: in}
	b := &Builder{Source: src, Loc: in.Loc, Lang: "en", Now: func() time.Time { return in.GeneratedAt }}

	t.Run("mailed and done", func(t *testing.T) {
		sink := &smtpSink{}
		m, err := NewMailer(MailConfig{Host: "127.0.0.1", Port: sink.serve(t, "none", nil), From: "r@x.vn",
			To: []string{"a@x.vn"}, TLS: "none"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		job := &Job{Build: b.Build, Archive: Archive{Dir: t.TempDir()}, Mailer: m}
		if err := job.Produce(context.Background(), "2025-03-14"); err != nil {
			t.Fatal(err)
		}
		if last, _ := job.Archive.LastDone(); last != "2025-03-14" || len(sink.msgs) != 1 {
			t.Errorf("after Produce: last done %q, %d mails", last, len(sink.msgs))
		}
		if _, err := os.Stat(job.Archive.Path("2025-03-14", FormatJSON)); err != nil {
			t.Errorf("report not kept: %v", err)
		}
	})
	t.Run("mail fails: kept but not done", func(t *testing.T) {
		sink := &smtpSink{fail: []*smtp.SMTPError{{Code: 554, Message: "rejected"}}}
		m, err := NewMailer(MailConfig{Host: "127.0.0.1", Port: sink.serve(t, "none", nil), From: "r@x.vn",
			To: []string{"a@x.vn"}, TLS: "none"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		job := &Job{Build: b.Build, Archive: Archive{Dir: t.TempDir()}, Mailer: m}
		if err := job.Produce(context.Background(), "2025-03-14"); err == nil {
			t.Fatal("Produce succeeded though the mail was refused")
		}
		if last, _ := job.Archive.LastDone(); last != "" {
			t.Errorf("a date whose mail failed is marked done")
		}
		if _, err := os.Stat(job.Archive.Path("2025-03-14", FormatHTML)); err != nil {
			t.Errorf("the report should be kept even when mail fails: %v", err)
		}
	})
	t.Run("build fails", func(t *testing.T) {
		boom := errors.New("store closed")
		job := &Job{Build: func(context.Context, string) (*Daily, error) { return nil, boom }, Archive: Archive{Dir: t.TempDir()}}
		if err := job.Produce(context.Background(), "2025-03-14"); !errors.Is(err, boom) {
			t.Errorf("Produce = %v, want the build error", err)
		}
	})
}
