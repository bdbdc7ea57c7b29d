package main

// Sentences of honest source health (issue 13, point 3): the states and
// the new kinds of problem in `sources list`, the health check's lines.
const (
	msgStateOK msgKey = 20000 + iota
	msgStateFailing
	msgStateSilent
	msgStateRecovered
	msgStateDisabled
	msgAgeMinutes
	msgAgeHours
	msgAgeDays
	msgErrChannelEmpty
	msgErrListingEmpty
	msgErrNoPreview
	msgHealthChecked
	msgHealthFailed
)

func init() {
	addMessages(map[string]map[msgKey]string{
		"en": {
			msgStateOK:         "ok",
			msgStateFailing:    "failing",
			msgStateSilent:     "silent",
			msgStateRecovered:  "recovered",
			msgStateDisabled:   "disabled",
			msgAgeMinutes:      "%dm",
			msgAgeHours:        "%dh",
			msgAgeDays:         "%dd",
			msgErrChannelEmpty: "the %s channel shows no posts",
			msgErrListingEmpty: "the listing gave no links",
			msgErrNoPreview:    "the channel has no public web preview (it may be private, or the name is wrong): %[1]s",
			msgHealthChecked:   "Source health: %d ok, %d failing, %d silent, %d recovered; %d alerts raised.",
			msgHealthFailed:    "the source health check failed: %v",
		},
		"vi": {
			msgStateOK:         "ổn",
			msgStateFailing:    "lỗi",
			msgStateSilent:     "im lặng",
			msgStateRecovered:  "đã hồi phục",
			msgStateDisabled:   "tắt",
			msgAgeMinutes:      "%d phút",
			msgAgeHours:        "%d giờ",
			msgAgeDays:         "%d ngày",
			msgErrChannelEmpty: "kênh %s không hiện bài đăng nào",
			msgErrListingEmpty: "trang danh sách không cho liên kết nào",
			msgErrNoPreview:    "kênh không có bản xem trước công khai trên web (có thể là kênh riêng tư, hoặc sai tên): %[1]s",
			msgHealthChecked:   "Tình trạng nguồn: %d ổn, %d lỗi, %d im lặng, %d đã hồi phục; đã phát %d cảnh báo.",
			msgHealthFailed:    "kiểm tra tình trạng nguồn thất bại: %v",
		},
	})
}
