package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"mediawatch"
)

// sharedData is the project's public evaluation data, beside the
// repository; it is read where present and never copied in.
const sharedData = "../../shared/data"

// benchInput spreads the DANeS sample's 1,000 real Vietnamese headlines
// (titles, URLs, outlets) over the 30 days of a report, perDay items a
// day, every 20th flagged, two items in five sharing a story: a busy
// province's month. It skips when the data is absent.
func benchInput(b *testing.B, perDay int) Input {
	b.Helper()
	f, err := os.Open(filepath.Join(sharedData, "danes-items-sample.jsonl"))
	if err != nil {
		b.Skipf("shared data not present: %v", err)
	}
	defer f.Close()
	type rec struct{ Title, URL, Source string }
	var recs []rec
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r rec
		if err := json.Unmarshal(sc.Bytes(), &r); err == nil && r.Title != "" {
			recs = append(recs, r)
		}
	}
	loc := ict(b)
	in := Input{Date: "2025-03-14", Loc: loc, Lang: "vi", GeneratedAt: at(loc, "2025-03-15", "07:00:00"),
		RuleNames: map[string]mediawatch.Names{"r0": {VI: "Quy tắc 0"}, "r1": {VI: "Quy tắc 1"}, "r2": {VI: "Quy tắc 2"}}}
	sev := []mediawatch.Severity{mediawatch.SeverityLow, mediawatch.SeverityMedium, mediawatch.SeverityHigh, mediawatch.SeverityCritical}
	id := int64(0)
	for day := range VolumeDays {
		date := addDays(in.Date, day-VolumeDays+1)
		for j := range perDay {
			id++
			r := recs[int(id)%len(recs)]
			seen := at(loc, date, "00:00:00").Add(time.Duration(j) * 24 * time.Hour / time.Duration(perDay))
			e := mediawatch.ReportEntry{Item: mediawatch.Item{ID: id, Title: r.Title, URL: r.URL, Source: r.Source, Lang: "vi", FirstSeen: seen},
				Story: id - id%5/2}
			if id%20 == 0 {
				e.Flags = []mediawatch.Flag{mkFlag(id, id, "r"+string(rune('0'+id%3)), sev[id%4], mediawatch.FlagNew,
					seen.Add(time.Minute), r.Title, r.Title[:min(len(r.Title), 12)])}
			}
			in.Entries = append(in.Entries, e)
		}
	}
	return in
}

// BenchmarkCompute counts a month of 1,000 items a day into one report.
func BenchmarkCompute(b *testing.B) {
	in := benchInput(b, 1000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compute(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWrite renders that report (50 flagged items in the day) in
// each format.
func BenchmarkWrite(b *testing.B) {
	d, err := Compute(benchInput(b, 1000))
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range Formats {
		b.Run(string(f), func(b *testing.B) {
			var buf bytes.Buffer
			if err := Write(&buf, d, f); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(buf.Len()))
			b.ReportAllocs()
			for b.Loop() {
				if err := Write(io.Discard, d, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
