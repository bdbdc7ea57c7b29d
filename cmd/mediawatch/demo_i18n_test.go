package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"mediawatch/demo"
)

// TestDemoSummariesInVietnamese runs the demo once with ui_lang vi: the
// flag summary calls each rule by its Vietnamese name with the severity in
// words, says which rules flagged nothing, and the queue's reasons name
// the rules the same way — no English word, no bare slug.
func TestDemoSummariesInVietnamese(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the demo site")
	}
	t.Setenv("MEDIAWATCH_UI_LANG", "vi")
	site, err := demo.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	var out bytes.Buffer
	if err := runDemo(testGlobals(context.Background(), &out), site, t.TempDir(), true, ""); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	_, tail, ok := strings.Cut(text, "Cờ: ")
	if !ok {
		t.Fatalf("no flag summary in:\n%s", text)
	}
	for _, want := range []string{
		`Tin đồn thảm họa bịa đặt (vỡ đập, lũ cuốn, mất tích bị "giấu") (disaster-rumour, mức nghiêm trọng): `,
		"Hàng đợi của biên tập viên",
		`nghiêm trọng: quy tắc “Tin đồn thảm họa bịa đặt`,
		"nguồn đăng", "xuất hiện lần đầu",
	} {
		if !strings.Contains(tail, want) {
			t.Errorf("demo summary lacks %q:\n%s", want, tail)
		}
	}
	for _, bad := range []string{"(critical)", "critical:", " rule ", "outlet", "first seen", "Rules that", "widest reach"} {
		if strings.Contains(tail, bad) {
			t.Errorf("demo summary has the English %q:\n%s", bad, tail)
		}
	}
}
