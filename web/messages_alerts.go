package web

func init() {
	for k, v := range map[string]msg{
		"alerts.nav":                   {"Cảnh báo", "Alerts"},
		"alerts.title":                 {"Cảnh báo", "Alerts"},
		"alerts.lead":                  {"Những điều không chờ đến báo cáo buổi sáng: cờ mới từ mức nghiêm trọng đã đặt trở lên, tin tăng đột biến, nguồn ngừng đăng, bị lỗi hoặc hoạt động trở lại. Mỗi cảnh báo chỉ được gửi một lần, qua webhook và thư điện tử nếu đã cấu hình.", "What does not wait for the morning report: new flags at or above the configured severity, spikes, and sources gone silent, failing or back. Each alert is sent once, by webhook and e-mail where configured."},
		"alerts.filter":                {"Lọc cảnh báo", "Filter alerts"},
		"alerts.kind":                  {"Loại", "Kind"},
		"alerts.kind.any":              {"Tất cả các loại", "Every kind"},
		"alerts.kind.flag":             {"Cờ mới", "New flag"},
		"alerts.kind.spike":            {"Tăng đột biến", "Spike"},
		"alerts.kind.source.silent":    {"Nguồn ngừng đăng", "Source silent"},
		"alerts.kind.source.failing":   {"Nguồn lỗi", "Source failing"},
		"alerts.kind.source.recovered": {"Nguồn hoạt động lại", "Source back"},
		"alerts.period":                {"Trong", "In the last"},
		"alerts.period.24":             {"24 giờ qua", "24 hours"},
		"alerts.period.168":            {"7 ngày qua", "7 days"},
		"alerts.period.720":            {"30 ngày qua", "30 days"},
		"alerts.apply":                 {"Xem", "Show"},
		"alerts.list":                  {"Danh sách cảnh báo, mới nhất trước", "Alerts, newest first"},
		"alerts.none":                  {"Không có cảnh báo nào trong khoảng thời gian này.", "No alerts in this period."},
		"alerts.count":                 {"%s cảnh báo", "%s alerts"},
		"alerts.links":                 {"Xem thêm", "See"},
		"alerts.link.item":             {"Bài bị gắn cờ", "Flagged item"},
		"alerts.link.story":            {"Câu chuyện", "Story"},
		"alerts.link.storyn":           {"Câu chuyện #%d", "Story #%d"},
		"alerts.link.rule":             {"Quy tắc", "Rule"},
		"alerts.link.search":           {"Tìm các bài", "Search the items"},
		"alerts.link.sources":          {"Tình trạng các nguồn", "Sources' health"},
	} {
		messages[k] = v
	}
}
