package web

// The texts of honest source health on the sources page (issue 13): the
// states, the silence rule and why each source is in its state.
func init() {
	for k, v := range map[string]msg{
		"sources.summary": {"%s nguồn: %s đang lỗi, %s im lặng, %s đã hồi phục, %s ổn định, %s đã tắt.",
			"%s sources: %s failing, %s silent, %s recovered, %s ok, %s disabled."},
		"health.rule": {"Nguồn lỗi, rồi nguồn im lặng được xếp lên đầu. Một nguồn chỉ ổn khi lần đọc gần nhất phân tích được và có tin. «Im lặng»: trung bình số tin mỗi ngày của %[1]s ngày gần nhất thấp hơn trung bình %[2]s ngày trừ %[3]s độ lệch chuẩn, hoặc bằng 0 trong khi trung bình %[2]s ngày thì không. Chỉ tính những ngày đã trọn, không tính hôm nay.",
			"Failing, then silent sources come first. A source is ok only when its last read parsed and gave items. Silent: the mean of its last %[1]s days' items a day is below its %[2]s-day mean minus %[3]s standard deviations, or zero while the %[2]s-day mean is not. Only whole days count, not today."},
		"sources.state.ok":        {"Ổn định", "OK"},
		"sources.state.recovered": {"Đã hồi phục", "Recovered"},
		"sources.col.means":       {"Tin mỗi ngày (7 ngày / 28 ngày)", "Items a day (7 days / 28 days)"},
		"sources.col.days":        {"28 ngày qua", "Last 28 days"},
		"health.means":            {"%s / %s", "%s / %s"},
		"health.days.label":       {"Số tin mỗi ngày từ %s đến %s: %s", "Items a day from %s to %s: %s"},
		"health.day":              {"%s: %s tin", "%s: %s items"},
		"health.why.never":        {"Chưa đọc được lần nào: chưa có lần đọc nào phân tích được.", "Never read yet: no read of it has parsed."},
		"health.why.silent.zero":  {"Không có tin nào trong %s ngày qua, trong khi trung bình %s ngày là %s tin mỗi ngày.", "No item in the last %s days, against %s days' mean of %s a day."},
		"health.why.silent": {"Trung bình %[2]s tin mỗi ngày trong %[1]s ngày qua, thấp hơn ngưỡng %[6]s (trung bình %[3]s ngày là %[4]s, trừ %[7]s × độ lệch chuẩn %[5]s).",
			"%[2]s items a day over the last %[1]s days, below the threshold of %[6]s (the %[3]s-day mean %[4]s minus %[7]s × the standard deviation %[5]s)."},
		"health.why.recovered": {"Đọc lại bình thường từ %s.", "Back to normal since %s."},
		"health.why.ok":        {"Đọc bình thường, có tin.", "Read normally, with items."},

		"sources.problem.video_empty": {"nguồn cấp video không có video nào (kênh hoặc danh sách phát trống, hoặc đã bị gỡ)",
			"the video feed lists no videos (a channel or playlist with none, or one taken down)"},
		"sources.problem.channel_empty": {"bản xem trước trên web của kênh không có bài đăng nào có chữ", "the channel's web preview shows no posts with text"},
		"sources.problem.mastodon_empty": {"nguồn cấp Mastodon không có bài đăng nào (thẻ lâu nay không ai dùng, hoặc tài khoản không đăng gì công khai)",
			"the Mastodon feed has no posts (a tag nobody used lately, or an account that posts nothing public)"},
		"sources.problem.bluesky_empty": {"nguồn cấp của hồ sơ Bluesky không có bài đăng nào", "the Bluesky profile's feed has no posts"},
		"sources.problem.reddit_empty":  {"nguồn cấp Reddit không có bài đăng nào", "the Reddit feed has no posts"},
		"sources.problem.listing_empty": {"trang danh sách không cho liên kết nào", "the listing gave no links"},
		"sources.problem.no_preview": {"kênh không có bản xem trước công khai trên web (có thể là kênh riêng tư, hoặc sai tên): %s",
			"the channel has no public web preview (it may be private, or the name is wrong): %s"},
	} {
		messages[k] = v
	}
}
