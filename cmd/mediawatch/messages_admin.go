package main

// The sentences of the demo's people.
const (
	msgDemoPeople msgKey = 15000 + iota
	msgDemoPersonNew
	msgDemoPersonExists
	msgDemoRoleViewer
	msgDemoRoleEditor
	msgDemoRoleAdmin
	msgDemoPagesOpen
	msgDemoPagesOnce
)

func init() {
	addMessages(map[string]map[msgKey]string{
		"en": {
			msgDemoPeople:       "People who can sign in to the web pages (each new password is shown only now):",
			msgDemoPersonNew:    "  %-6s %-22s password: %s",
			msgDemoPersonExists: "  %-6s %-22s exists already; for a new password: mediawatch users reset --data %s %s",
			msgDemoRoleViewer:   "analyst (viewer)",
			msgDemoRoleEditor:   "editor",
			msgDemoRoleAdmin:    "administrator",
			msgDemoPagesOpen:    "Open http://%s/ in a browser and sign in as one of them.",
			msgDemoPagesOnce:    "The pages are at http://%s/ while mediawatch serves (demo without --once, or mediawatch serve).",
		},
		"vi": {
			msgDemoPeople:       "Những người đăng nhập được vào trang web (mật khẩu mới chỉ hiện lần này):",
			msgDemoPersonNew:    "  %-6s %-22s mật khẩu: %s",
			msgDemoPersonExists: "  %-6s %-22s đã có; muốn mật khẩu mới: mediawatch users reset --data %s %s",
			msgDemoRoleViewer:   "phân tích viên (xem)",
			msgDemoRoleEditor:   "biên tập viên",
			msgDemoRoleAdmin:    "quản trị viên",
			msgDemoPagesOpen:    "Mở http://%s/ trong trình duyệt và đăng nhập bằng một trong các tài khoản trên.",
			msgDemoPagesOnce:    "Trang web ở http://%s/ khi mediawatch đang chạy (demo không có --once, hoặc mediawatch serve).",
		},
	})
}
