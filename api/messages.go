package api

import (
	"fmt"
	"net/http"
	"strings"

	"golang.org/x/text/language"
)

// msgKey names one sentence of the API's problems. Every sentence exists in
// English and Vietnamese (TestMessagesInBothLanguages checks it); a problem
// is written in the language Accept-Language prefers, English by default.
type msgKey int

// The API's sentences.
const (
	msgServerFailed msgKey = iota + 1
	msgValidationFailed
	msgNoRoute
	msgMethodNotAllowed
	msgSendKey
	msgKeyRevoked
	msgKeyUnknown
	msgNeedsRole
	msgStoreDown
	msgMetricsLoopback
	msgRateLimited
	msgRulesRefused
	msgNeedVersion
	msgNotFound
	msgConflict
	msgStale
	msgBadRequest
	msgWantDate
	msgDateRange
	msgBeforeFrom
	msgPositiveInt
	msgWantStatus
	msgWantSeverity
	msgWantReportFormat
	msgWantLang
	msgWantDay
	msgIfMatch
	msgDisagreesIfMatch
	msgHeaderTooLarge
	msgRuleTestNeedsIndex
	msgWantAccountCursor
	msgHumaUnknown
)

// messages is the catalogue: language → key → format.
var messages = map[string]map[msgKey]string{
	"en": {
		msgServerFailed:       "the server could not answer; request id %s",
		msgValidationFailed:   "validation failed",
		msgNoRoute:            "no such route",
		msgMethodNotAllowed:   "method %s is not allowed here",
		msgSendKey:            "send an API key as: Authorization: Bearer <key>",
		msgKeyRevoked:         "the API key has been revoked",
		msgKeyUnknown:         "the API key is not known",
		msgNeedsRole:          "this needs role %s or higher; the key has role %s",
		msgStoreDown:          "the store is not answering",
		msgMetricsLoopback:    "metrics are served to loopback addresses only",
		msgRateLimited:        "rate limit exceeded for this key; retry after %d s",
		msgRulesRefused:       "the rule set was refused; the active set stays",
		msgNeedVersion:        "send the story's version: If-Match with its ETag, or version in the body",
		msgNotFound:           "not found",
		msgConflict:           "the change conflicts with the story's current state",
		msgStale:              "the story has changed since that version",
		msgBadRequest:         "the request is not valid",
		msgWantDate:           "want a date YYYY-MM-DD or an RFC 3339 time",
		msgDateRange:          "must be from %s to %s",
		msgBeforeFrom:         "is before from",
		msgPositiveInt:        "must be a positive integer",
		msgWantStatus:         "want new, in_review, responded, dismissed or false_positive",
		msgWantSeverity:       "want low, medium, high or critical",
		msgWantReportFormat:   "want html, md, csv or json",
		msgWantLang:           "want vi or en",
		msgWantDay:            "want a calendar day as YYYY-MM-DD",
		msgIfMatch:            `want one strong ETag as this API sends it, e.g. "3"`,
		msgDisagreesIfMatch:   "disagrees with If-Match",
		msgHeaderTooLarge:     "the request headers are larger than %d bytes",
		msgRuleTestNeedsIndex: "testing a rule needs the search index",
		msgHumaUnknown:        "%s",
		msgWantAccountCursor:  "is not a next value this listing gave",
	},
	"vi": {
		msgServerFailed:       "máy chủ không trả lời được; mã yêu cầu %s",
		msgValidationFailed:   "dữ liệu gửi lên không hợp lệ",
		msgNoRoute:            "không có đường dẫn này",
		msgMethodNotAllowed:   "không dùng được phương thức %s ở đây",
		msgSendKey:            "hãy gửi khoá API dạng: Authorization: Bearer <khoá>",
		msgKeyRevoked:         "khoá API đã bị thu hồi",
		msgKeyUnknown:         "khoá API không có trong hệ thống",
		msgNeedsRole:          "việc này cần vai trò %s trở lên; khoá đang có vai trò %s",
		msgStoreDown:          "kho dữ liệu không phản hồi",
		msgMetricsLoopback:    "số liệu giám sát chỉ phục vụ địa chỉ loopback",
		msgRateLimited:        "khoá này đã gửi quá nhiều yêu cầu; hãy thử lại sau %d giây",
		msgRulesRefused:       "bộ quy tắc bị từ chối; bộ đang dùng được giữ nguyên",
		msgNeedVersion:        "hãy gửi phiên bản của tin: If-Match với ETag của nó, hoặc version trong nội dung",
		msgNotFound:           "không tìm thấy",
		msgConflict:           "thay đổi xung đột với trạng thái hiện tại của tin",
		msgStale:              "tin đã thay đổi kể từ phiên bản đó",
		msgBadRequest:         "yêu cầu không hợp lệ",
		msgWantDate:           "cần một ngày YYYY-MM-DD hoặc một thời điểm RFC 3339",
		msgDateRange:          "phải nằm trong khoảng từ %s đến %s",
		msgBeforeFrom:         "sớm hơn from",
		msgPositiveInt:        "phải là số nguyên dương",
		msgWantStatus:         "cần new, in_review, responded, dismissed hoặc false_positive",
		msgWantSeverity:       "cần low, medium, high hoặc critical",
		msgWantReportFormat:   "cần html, md, csv hoặc json",
		msgWantLang:           "cần vi hoặc en",
		msgWantDay:            "cần một ngày dạng YYYY-MM-DD",
		msgIfMatch:            `cần đúng một ETag mạnh như API này gửi, ví dụ "3"`,
		msgDisagreesIfMatch:   "không khớp với If-Match",
		msgHeaderTooLarge:     "phần tiêu đề của yêu cầu lớn hơn %d byte",
		msgRuleTestNeedsIndex: "thử quy tắc cần có chỉ mục tìm kiếm",
		msgHumaUnknown:        "%s",
		msgWantAccountCursor:  "không phải giá trị next do danh sách này trả về",
	},
}

// statusTitles are problem titles in Vietnamese; English titles are
// net/http's status texts.
var statusTitles = map[int]string{
	http.StatusBadRequest:                  "Yêu cầu không hợp lệ",
	http.StatusUnauthorized:                "Chưa xác thực",
	http.StatusForbidden:                   "Không có quyền",
	http.StatusNotFound:                    "Không tìm thấy",
	http.StatusMethodNotAllowed:            "Phương thức không được phép",
	http.StatusNotAcceptable:               "Không có định dạng được yêu cầu",
	http.StatusConflict:                    "Xung đột",
	http.StatusPreconditionFailed:          "Điều kiện không còn đúng",
	http.StatusRequestEntityTooLarge:       "Nội dung quá lớn",
	http.StatusUnsupportedMediaType:        "Kiểu nội dung không được hỗ trợ",
	http.StatusUnprocessableEntity:         "Không xử lý được",
	http.StatusPreconditionRequired:        "Cần điều kiện kèm theo",
	http.StatusTooManyRequests:             "Quá nhiều yêu cầu",
	http.StatusRequestHeaderFieldsTooLarge: "Tiêu đề yêu cầu quá lớn",
	http.StatusInternalServerError:         "Lỗi máy chủ",
	http.StatusServiceUnavailable:          "Dịch vụ tạm thời không sẵn sàng",
}

// langs are the languages of problems; English, the first, is the default.
var langs = language.NewMatcher([]language.Tag{language.English, language.Vietnamese})

// problemLang is the language of problems for an Accept-Language header:
// "vi" or "en" (the default, also for a header that cannot be read).
func problemLang(acceptLanguage string) string {
	if strings.TrimSpace(acceptLanguage) == "" {
		return "en"
	}
	tag, _ := language.MatchStrings(langs, acceptLanguage)
	if base, _ := tag.Base(); base.String() == "vi" {
		return "vi"
	}
	return "en"
}

// tr renders key in lang (English when lang is unknown).
func tr(lang string, key msgKey, args ...any) string {
	m, ok := messages[lang]
	if !ok {
		m = messages["en"]
	}
	format, ok := m[key]
	if !ok {
		format = messages["en"][key]
	}
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

// title is a problem's title for status in lang.
func title(lang string, status int) string {
	if lang == "vi" {
		if t, ok := statusTitles[status]; ok {
			return t
		}
	}
	return http.StatusText(status)
}
