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
	msgErrVideoEmpty
	msgErrMastodonEmpty
	msgErrBlueskyEmpty
	msgErrRedditEmpty
)

func init() {
	addMessages(map[string]map[msgKey]string{
		"en": {
			msgStateOK:          "ok",
			msgStateFailing:     "failing",
			msgStateSilent:      "silent",
			msgStateRecovered:   "recovered",
			msgStateDisabled:    "disabled",
			msgAgeMinutes:       "%dm",
			msgAgeHours:         "%dh",
			msgAgeDays:          "%dd",
			msgErrChannelEmpty:  "the channel's web preview shows no posts with text",
			msgErrListingEmpty:  "the listing gave no links",
			msgErrNoPreview:     "the channel has no public web preview (it may be private, or the name is wrong): %s",
			msgHealthChecked:    "Source health: %d ok, %d failing, %d silent, %d recovered; %d alerts raised.",
			msgHealthFailed:     "the source health check failed: %v",
			msgErrVideoEmpty:    "the video feed lists no videos (a channel or playlist with none, or one taken down)",
			msgErrMastodonEmpty: "the Mastodon feed has no posts (a tag nobody used lately, or an account that posts nothing public)",
			msgErrBlueskyEmpty:  "the Bluesky profile's feed has no posts",
			msgErrRedditEmpty:   "the Reddit feed has no posts",
		},
		"vi": {
			msgStateOK:          "ổn",
			msgStateFailing:     "lỗi",
			msgStateSilent:      "im lặng",
			msgStateRecovered:   "đã hồi phục",
			msgStateDisabled:    "tắt",
			msgAgeMinutes:       "%d phút",
			msgAgeHours:         "%d giờ",
			msgAgeDays:          "%d ngày",
			msgErrChannelEmpty:  "bản xem trước trên web của kênh không có bài đăng nào có chữ",
			msgErrListingEmpty:  "trang danh sách không cho liên kết nào",
			msgErrNoPreview:     "kênh không có bản xem trước công khai trên web (có thể là kênh riêng tư, hoặc sai tên): %s",
			msgHealthChecked:    "Tình trạng nguồn: %d ổn, %d lỗi, %d im lặng, %d đã hồi phục; đã phát %d cảnh báo.",
			msgHealthFailed:     "kiểm tra tình trạng nguồn thất bại: %v",
			msgErrVideoEmpty:    "nguồn cấp video không có video nào (kênh hoặc danh sách phát trống, hoặc đã bị gỡ)",
			msgErrMastodonEmpty: "nguồn cấp Mastodon không có bài đăng nào (thẻ lâu nay không ai dùng, hoặc tài khoản không đăng gì công khai)",
			msgErrBlueskyEmpty:  "nguồn cấp của hồ sơ Bluesky không có bài đăng nào",
			msgErrRedditEmpty:   "nguồn cấp Reddit không có bài đăng nào",
		},
	})
}
