package main

import (
	"fmt"

	"mediawatch/crawler"
)

// msgKey names one sentence the CLI prints.
type msgKey int

const (
	msgDemoHeader msgKey = iota
	msgDemoOutlets
	msgFirstCrawl
	msgSecondCrawl
	msgSomeFailed
	msgDecisions
	msgStoreHolds
	msgOnSchedule
	msgCrawlSummary
	msgImportSummary
	msgKept
	msgUpdated
	msgDuplicate
	msgNotMentioned
	msgDisallowed
	msgUnchanged
	msgSeen
	msgError
	msgWhyNotMentioned
	msgWhyDisallowed
	msgWhyUnchanged
	msgWhyFeedOnly
	msgWhyUpdated
	msgWhyDuplicate
	msgKeyCreated
	msgKeysHeader
	msgKeyRevoked
	msgListening
	msgDemoKeys
	msgSearchTotal
	msgReindexed
	msgRulesOK
	msgRulesRefused
	msgRuleTestMatched
	msgRuleTestPerDay
	msgRuleTestSamples
	msgRulesApplied
	msgRulesHeader
	msgRulesActive
	msgDemoFlags
	msgReportWritten
	msgRegrouped
	msgDemoQueue
)

// messages holds every sentence in each interface language (ui_lang).
var messages = map[string]map[msgKey]string{
	"en": {
		msgDemoHeader:      "mediawatch demo — a built-in news site on 127.0.0.1, data in %s",
		msgDemoOutlets:     "OUTLET\tKIND\tKEEP\tURL",
		msgFirstCrawl:      "First crawl",
		msgSecondCrawl:     "The site publishes an update (an edit, a new copy); second crawl",
		msgSomeFailed:      "(some sources failed: %v)",
		msgDecisions:       "(%d decisions in %s)",
		msgStoreHolds:      "The store now holds %d items. Sources:",
		msgOnSchedule:      "Crawling on schedule (every %s per source); press Ctrl-C to stop.",
		msgCrawlSummary:    "listed %d, kept %d, updated %d, duplicates %d, not mentioning %d, feed-only %d, skipped %d, errors %d, sources failed %d",
		msgImportSummary:   "read %d, kept %d, not mentioning %d, duplicates %d, errors %d",
		msgKept:            "Kept (new items)",
		msgUpdated:         "Updated (a new version of a stored item)",
		msgDuplicate:       "Dropped as duplicates",
		msgNotMentioned:    "Skipped: mentions no watch term",
		msgDisallowed:      "Skipped: robots.txt disallows",
		msgUnchanged:       "Unchanged since the last crawl (304)",
		msgSeen:            "Already stored",
		msgError:           "Errors",
		msgWhyNotMentioned: "no watch term in the title or text (language %s)",
		msgWhyDisallowed:   "robots.txt disallows this page",
		msgWhyUnchanged:    "304 not modified",
		msgWhyFeedOnly:     "feed only: the page could not be had",
		msgWhyUpdated:      "text changed: version %d of item %d",
		msgWhyDuplicate:    "same text as item %d",
		msgKeyCreated:      "Created key %q (%s). It is shown only now; keep it safe:",
		msgKeysHeader:      "NAME\tROLE\tPREFIX\tCREATED\tLAST USED\tREVOKED",
		msgKeyRevoked:      "Revoked key %q.",
		msgListening:       "API on http://%s (docs: http://%s/api/v1/docs)",
		msgDemoKeys:        "Keys for this demo (viewer, then admin):",
		msgSearchTotal:     "%d matches (%s)",
		msgReindexed:       "Indexed %d items in %s.",
		msgRulesOK:         "%d rules (%d enabled) in %s: all valid (version %s).",
		msgRulesRefused:    "%d problems in %s: the set is refused whole.",
		msgRuleTestMatched: "%d stored items would be flagged (%d candidates from the index, %s).",
		msgRuleTestPerDay:  "Per day:",
		msgRuleTestSamples: "Newest matches:",
		msgRulesApplied:    "Examined %d items: %d match, %d new flags (%s).",
		msgRulesHeader:     "ID\tSEVERITY\tENABLED\tFLAGS\tLAST FLAG\tNAME",
		msgRulesActive:     "Rule set %s from %s, loaded %s.",
		msgDemoQueue:       "The editors' queue: %d open flagged stories, most urgent first (GET /api/v1/queue):",
		msgRegrouped:       "Examined %d items: %d stories folded into %d others (%d groups left apart: both had editors' verdicts) in %s.",
		msgDemoFlags:       "Flags: %d, raised by the %d rules of the starter pack (copied to %s; edit them and they reload):",
		msgReportWritten:   "Report for %s (%s) written to %s: %d items, %d flagged.",
	},
	"vi": {
		msgDemoHeader:      "mediawatch demo — trang tin dựng sẵn trên 127.0.0.1, dữ liệu lưu tại %s",
		msgDemoOutlets:     "NGUỒN TIN\tLOẠI\tLƯU\tĐỊA CHỈ",
		msgFirstCrawl:      "Lần thu thập thứ nhất",
		msgSecondCrawl:     "Trang tin đăng bản cập nhật (một bài được sửa, một bản sao mới); lần thu thập thứ hai",
		msgSomeFailed:      "(một số nguồn bị lỗi: %v)",
		msgDecisions:       "(%d quyết định trong %s)",
		msgStoreHolds:      "Kho dữ liệu hiện có %d tin. Các nguồn:",
		msgOnSchedule:      "Đang thu thập theo lịch (mỗi nguồn %s một lần); nhấn Ctrl-C để dừng.",
		msgCrawlSummary:    "liệt kê %d, lưu mới %d, cập nhật %d, trùng lặp %d, không nhắc tới %d, chỉ từ feed %d, bỏ qua %d, lỗi %d, nguồn lỗi %d",
		msgImportSummary:   "đọc %d, lưu %d, không nhắc tới %d, trùng lặp %d, lỗi %d",
		msgKept:            "Đã lưu (tin mới)",
		msgUpdated:         "Đã cập nhật (phiên bản mới của tin đã lưu)",
		msgDuplicate:       "Bỏ qua: trùng lặp",
		msgNotMentioned:    "Bỏ qua: không nhắc tới từ khóa theo dõi",
		msgDisallowed:      "Bỏ qua: robots.txt không cho phép",
		msgUnchanged:       "Không thay đổi từ lần trước (304)",
		msgSeen:            "Đã lưu từ trước",
		msgError:           "Lỗi",
		msgWhyNotMentioned: "tiêu đề và nội dung không có từ khóa theo dõi (ngôn ngữ %s)",
		msgWhyDisallowed:   "robots.txt không cho phép lấy trang này",
		msgWhyUnchanged:    "304: không thay đổi",
		msgWhyFeedOnly:     "chỉ có tiêu đề và tóm tắt từ feed: không lấy được trang",
		msgWhyUpdated:      "nội dung thay đổi: phiên bản %d của tin %d",
		msgWhyDuplicate:    "trùng nội dung với tin %d",
		msgKeyCreated:      "Đã tạo khóa %q (%s). Khóa chỉ hiện một lần này; hãy cất giữ cẩn thận:",
		msgKeysHeader:      "TÊN\tVAI TRÒ\tTIỀN TỐ\tTẠO LÚC\tDÙNG GẦN NHẤT\tTHU HỒI",
		msgKeyRevoked:      "Đã thu hồi khóa %q.",
		msgListening:       "API tại http://%s (tài liệu: http://%s/api/v1/docs)",
		msgDemoKeys:        "Khóa cho bản demo này (xem, rồi quản trị):",
		msgSearchTotal:     "%d kết quả (%s)",
		msgReindexed:       "Đã lập chỉ mục %d tin trong %s.",
		msgRulesOK:         "%d quy tắc (%d đang bật) trong %s: tất cả hợp lệ (phiên bản %s).",
		msgRulesRefused:    "%d lỗi trong %s: cả bộ quy tắc bị từ chối.",
		msgRuleTestMatched: "%d tin đã lưu sẽ bị gắn cờ (%d ứng viên từ chỉ mục, %s).",
		msgRuleTestPerDay:  "Theo ngày:",
		msgRuleTestSamples: "Các tin khớp mới nhất:",
		msgRulesApplied:    "Đã xét %d tin: %d tin khớp, %d cờ mới (%s).",
		msgRulesHeader:     "ID\tMỨC ĐỘ\tBẬT\tSỐ CỜ\tCỜ GẦN NHẤT\tTÊN",
		msgRulesActive:     "Bộ quy tắc %s từ %s, nạp lúc %s.",
		msgDemoQueue:       "Hàng đợi của biên tập viên: %d câu chuyện bị gắn cờ đang mở, khẩn nhất trước (GET /api/v1/queue):",
		msgRegrouped:       "Đã xét %d tin: gộp %d câu chuyện vào %d câu chuyện khác (%d nhóm để riêng vì đều đã có kết luận của biên tập viên) trong %s.",
		msgDemoFlags:       "Cờ: %d, do %d quy tắc của bộ mẫu gắn (đã chép vào %s; sửa tệp là quy tắc tự nạp lại):",
		msgReportWritten:   "Đã ghi báo cáo ngày %s (%s) vào %s: %d tin, %d tin bị gắn cờ.",
	},
}

// addMessages files a part's sentences into the catalogue. Each part of
// the CLI keeps its sentences in a file of its own (messages_*.go) with its
// own range of keys, registered from init, so that adding a command does
// not touch one long list every other command shares.
func addMessages(part map[string]map[msgKey]string) {
	for lang, m := range part {
		for k, s := range m {
			if _, dup := messages[lang][k]; dup {
				panic(fmt.Sprintf("message %d filed twice for %s", k, lang))
			}
			messages[lang][k] = s
		}
	}
}

// texts prints in one interface language.
type texts struct {
	m    map[msgKey]string
	code string // "en" or "vi"
}

func textsFor(lang string) texts {
	if m, ok := messages[lang]; ok {
		return texts{m, lang}
	}
	return texts{messages["en"], "en"}
}

// lang is the interface language's code.
func (t texts) lang() string {
	if t.code == "" {
		return "en"
	}
	return t.code
}

// f formats the sentence k.
func (t texts) f(k msgKey, args ...any) string {
	if len(args) == 0 {
		return t.m[k]
	}
	return fmt.Sprintf(t.m[k], args...)
}

// why explains one crawl decision in the interface language; the crawler's
// own detail (English, technical) is kept for errors.
func (t texts) why(e crawler.Event) string {
	var s string
	switch e.Outcome {
	case "not_mentioned":
		s = t.f(msgWhyNotMentioned, orDash(e.Lang))
	case "disallowed":
		s = t.f(msgWhyDisallowed)
	case "unchanged":
		s = t.f(msgWhyUnchanged)
	case "updated":
		s = t.f(msgWhyUpdated, e.Version, e.ItemID)
	case "duplicate":
		s = t.f(msgWhyDuplicate, e.ItemID)
	case "kept":
	default:
		s = e.Detail
	}
	if e.FeedOnly {
		s = joinNonEmpty(t.f(msgWhyFeedOnly), s)
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func orElse(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func joinNonEmpty(a, b string) string {
	if b == "" {
		return a
	}
	return a + "; " + b
}
