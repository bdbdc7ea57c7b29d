package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"mediawatch"
)

func TestImportSummary(t *testing.T) {
	ctx := context.Background()
	p, db := newPipeline(t)
	f, err := os.Open("testdata/import.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var refused []int
	sum, err := p.Import(ctx, f, ImportOptions{Keep: mediawatch.KeepMentions, OnError: func(line int, _ error) { refused = append(refused, line) }})
	if err != nil {
		t.Fatal(err)
	}
	want := ImportSummary{Read: 7, Kept: 3, NotMentioned: 1, Duplicates: 1, Errors: 2}
	if sum != want {
		t.Errorf("summary = %+v, want %+v", sum, want)
	}
	if !reflect.DeepEqual(refused, []int{6, 7}) {
		t.Errorf("refused lines = %v, want [6 7]", refused)
	}
	if n, _ := db.CountItems(ctx); n != 3 {
		t.Errorf("items = %d, want 3", n)
	}
	it, err := db.ItemByURL(ctx, "https://tinh.example/1")
	if err != nil {
		t.Fatal(err)
	}
	if it.Source != "bao-tinh" || it.Published.Format(time.DateOnly) != "2026-11-20" {
		t.Errorf("item = source %q published %v", it.Source, it.Published)
	}
	// Running the same import again adds nothing.
	f2, _ := os.Open("testdata/import.jsonl")
	defer f2.Close()
	again, err := p.Import(ctx, f2, ImportOptions{Keep: mediawatch.KeepMentions})
	if err != nil || again.Kept != 0 || again.Duplicates != 4 {
		t.Errorf("second import = %+v, %v", again, err)
	}
}

func TestImportSummaryJSONKeys(t *testing.T) {
	b, _ := json.Marshal(ImportSummary{})
	var m map[string]int
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	for _, k := range []string{"read", "kept", "not_mentioned", "duplicates", "errors"} {
		if _, ok := m[k]; !ok {
			t.Errorf("missing key %q", k)
		}
	}
	if len(m) != 5 {
		t.Errorf("keys = %v, want exactly five", keys)
	}
}

func TestImportKeepAll(t *testing.T) {
	p, _ := newPipeline(t)
	in := `{"url":"https://a.example/1","title":"Lạng Sơn","text":"Lạng Sơn là tỉnh biên giới."}` + "\n"
	sum, err := p.Import(context.Background(), strings.NewReader(in), ImportOptions{Keep: mediawatch.KeepAll})
	if err != nil || sum.Kept != 1 {
		t.Fatalf("sum = %+v, %v", sum, err)
	}
}

func TestImportStopsOnCancel(t *testing.T) {
	p, _ := newPipeline(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := p.Import(ctx, strings.NewReader(`{"url":"https://a.example/1","title":"Sơn La","text":"Sơn La"}`+"\n"), ImportOptions{})
	if err == nil {
		t.Fatal("want the cancellation error")
	}
}

func TestReadLineTooLong(t *testing.T) {
	long := strings.Repeat("x", 300) + "\n" + `{"ok":1}` + "\n"
	br := newReader(long)
	if _, err := readLine(br, 100); err != errLineTooLong {
		t.Fatalf("err = %v, want errLineTooLong", err)
	}
	line, err := readLine(br, 100)
	if err != nil || string(line) != `{"ok":1}` {
		t.Fatalf("next line = %q, %v", line, err)
	}
}

func newReader(s string) *bufio.Reader { return bufio.NewReaderSize(strings.NewReader(s), 16) }

// FuzzImport feeds arbitrary bytes to Import: it must never panic, never
// store more items than lines it kept, and count every non-blank line once.
func FuzzImport(f *testing.F) {
	f.Add([]byte(`{"url":"https://a.example/1","title":"Sơn La","text":"Tin Sơn La"}` + "\n"))
	f.Add([]byte(`{"url":"javascript:alert(1)","title":"x","body":"Sơn La"}`))
	f.Add([]byte("{\"title\":\"\xff\xfe\",\"text\":\"So\u031bn La\"}\n\n{}\n[1,2]\nnull\n"))
	f.Add([]byte(`{"url":"https://a.example/2","title":"Sơn La","text":"x","published":"9999-99-99"}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		p, db := newPipeline(t)
		sum, err := p.Import(context.Background(), bytes.NewReader(in), ImportOptions{Keep: mediawatch.KeepAll})
		if err != nil {
			t.Fatalf("import: %v", err)
		}
		if sum.Kept+sum.NotMentioned+sum.Duplicates+sum.Errors != sum.Read {
			t.Fatalf("summary does not add up: %+v", sum)
		}
		if n, _ := db.CountItems(context.Background()); n > sum.Kept {
			t.Fatalf("%d items stored, %d kept", n, sum.Kept)
		}
		items, err := db.Items(context.Background(), 0, 100)
		if err != nil {
			t.Fatalf("stored items unreadable: %v", err)
		}
		for _, it := range items {
			if p := it.Published; !p.IsZero() && !mediawatch.CleanDate(p).Equal(p) {
				t.Fatalf("item %d keeps published %v, which no zone-safe date is", it.ID, p)
			}
		}
	})
}
