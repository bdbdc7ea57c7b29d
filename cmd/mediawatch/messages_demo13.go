package main

// The sentences of the demo's channels, history, health and spike check
// (issue 13).
const (
	msgDemoHistory msgKey = 22000 + iota
	msgDemoChecks
	msgDemoChannels
	msgDemoPostsKept
	msgDemoRumourOne
	msgDemoRumourApart
	msgDemoShareJoined
	msgDemoShareApart
	msgDemoSilent
	msgDemoAlert
	msgDemoNoAlert
	msgDemoSpike
	msgDemoNoSpike
	msgDemoHoursAgo
	msgDemoNews
)

func init() {
	addMessages(map[string]map[msgKey]string{
		"en": {
			msgDemoHistory:     "Stored the month before the demo as history: %d articles of %d outlets since %s, as if mediawatch had run all that time (the baseline of the health and spike checks).",
			msgDemoChecks:      "== Health check and spike check ==",
			msgDemoChannels:    "What happened with the social and video channels:",
			msgDemoPostsKept:   "  Posts kept: %s.",
			msgDemoRumourOne:   "  The rumour is one story (#%d) across %d platforms, flagged %s: %s.",
			msgDemoRumourApart: "  The rumour's items are not one story: %s.",
			msgDemoShareJoined: "  %s shares %q and joins its story (#%d).",
			msgDemoShareApart:  "  %s shares %q but sits in story #%d, not the article's #%d.",
			msgDemoSilent:      "  %s has published nothing for %d days: its health is %s.",
			msgDemoAlert:       "    alert: %s",
			msgDemoNoAlert:     "    no alert was raised for it.",
			msgDemoSpike:       "  %s",
			msgDemoNoSpike:     "  No spike: no rule or watch term is above its baseline.",
			msgDemoHoursAgo:    "%s %d h ago",
			msgDemoNews:        "news (%s)",
		},
		"vi": {
			msgDemoHistory:     "Đã lưu tháng trước bản demo làm lịch sử: %d bài của %d cơ quan báo chí từ %s, như thể mediawatch đã chạy suốt thời gian đó (mức nền cho kiểm tra sức khỏe nguồn và tăng đột biến).",
			msgDemoChecks:      "== Kiểm tra sức khỏe nguồn và tăng đột biến ==",
			msgDemoChannels:    "Điều đã xảy ra với các kênh mạng xã hội và video:",
			msgDemoPostsKept:   "  Bài đăng được giữ: %s.",
			msgDemoRumourOne:   "  Tin đồn là một câu chuyện (#%d) trên %d nền tảng, bị gắn cờ %s: %s.",
			msgDemoRumourApart: "  Các mục của tin đồn không thành một câu chuyện: %s.",
			msgDemoShareJoined: "  %s chia sẻ bài %q và nhập vào câu chuyện của bài đó (#%d).",
			msgDemoShareApart:  "  %s chia sẻ bài %q nhưng nằm ở câu chuyện #%d, không phải #%d của bài báo.",
			msgDemoSilent:      "  %s không đăng bài nào trong %d ngày: tình trạng nguồn là %s.",
			msgDemoAlert:       "    cảnh báo: %s",
			msgDemoNoAlert:     "    không có cảnh báo nào cho nguồn này.",
			msgDemoSpike:       "  %s",
			msgDemoNoSpike:     "  Không có tăng đột biến: không quy tắc hay từ theo dõi nào vượt mức nền.",
			msgDemoHoursAgo:    "%s cách đây %d giờ",
			msgDemoNews:        "báo chí (%s)",
		},
	})
}
