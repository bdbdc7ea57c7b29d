package main

// The sentences of users and audit.
const (
	msgUserCreated msgKey = 10000 + iota
	msgUserCreatedGenerated
	msgUsersHeader
	msgUserDisabled
	msgUserEnabled
	msgUserReset
	msgUserResetGenerated
	msgUserBadName
	msgUserTaken
	msgUserUnknown
	msgUserBadZone
	msgUserBadPassword
	msgUserNoPassword
	msgAuditHeader
	msgAuditBadSince
	msgAuditNone
)

func init() {
	addMessages(map[string]map[msgKey]string{
		"en": {
			msgUserCreated:          "Created %q (%s). They sign in to the web pages with the password given.",
			msgUserCreatedGenerated: "Created %q (%s). Their password is shown only now; give it to them safely (they can change it on their account page):",
			msgUsersHeader:          "NAME\tROLE\tLANGUAGE\tTIME ZONE\tCREATED\tLAST SIGN-IN\tDISABLED",
			msgUserDisabled:         "Disabled %q: they are signed out now and cannot sign in until `mediawatch users enable %s`.",
			msgUserEnabled:          "Enabled %q: they can sign in again.",
			msgUserReset:            "New password set for %q; they are signed out everywhere.",
			msgUserResetGenerated:   "New password for %q; they are signed out everywhere. It is shown only now:",
			msgUserBadName:          "%q cannot be a person's name: 1-64 letters (of any alphabet), digits, '-', '_' or '.', starting with a letter or digit",
			msgUserTaken:            "someone is already called %q (names are the same whatever their case): choose another name",
			msgUserUnknown:          "no one is called %q (`mediawatch users list` shows everyone)",
			msgUserBadZone:          "%q is not a time zone: use a name like Asia/Ho_Chi_Minh",
			msgUserBadPassword:      "the password needs 10 to 256 characters; a phrase of a few words is easy to remember and hard to guess",
			msgUserNoPassword:       "--password-stdin: nothing was read; type the password and press Enter, or pipe it in",
			msgAuditHeader:          "WHEN\tWHO\tFROM\tACTION\tTARGET\tDETAIL",
			msgAuditBadSince:        "--since %q: want a period like 24h or 7d, or a date like 2026-03-01",
			msgAuditNone:            "Nothing in the audit log for this choice.",
		},
		"vi": {
			msgUserCreated:          "Đã tạo tài khoản %q (%s). Người này đăng nhập trang web bằng mật khẩu đã nhập.",
			msgUserCreatedGenerated: "Đã tạo tài khoản %q (%s). Mật khẩu chỉ hiện một lần này; hãy trao tận tay một cách an toàn (người dùng có thể đổi mật khẩu ở trang tài khoản):",
			msgUsersHeader:          "TÊN\tVAI TRÒ\tNGÔN NGỮ\tMÚI GIỜ\tTẠO LÚC\tĐĂNG NHẬP GẦN NHẤT\tVÔ HIỆU HÓA",
			msgUserDisabled:         "Đã vô hiệu hóa %q: người này bị đăng xuất ngay và không đăng nhập được cho đến khi chạy `mediawatch users enable %s`.",
			msgUserEnabled:          "Đã kích hoạt lại %q: người này đăng nhập được trở lại.",
			msgUserReset:            "Đã đặt mật khẩu mới cho %q; người này bị đăng xuất trên mọi thiết bị.",
			msgUserResetGenerated:   "Mật khẩu mới của %q; người này bị đăng xuất trên mọi thiết bị. Mật khẩu chỉ hiện một lần này:",
			msgUserBadName:          "%q không dùng được làm tên người dùng: tên gồm 1-64 chữ cái (chữ của bất kỳ ngôn ngữ nào), chữ số, '-', '_' hoặc '.', bắt đầu bằng chữ cái hoặc chữ số",
			msgUserTaken:            "đã có người tên %q (tên viết hoa hay viết thường đều coi là một): hãy chọn tên khác",
			msgUserUnknown:          "không có ai tên %q (`mediawatch users list` liệt kê tất cả)",
			msgUserBadZone:          "%q không phải là múi giờ: hãy dùng tên như Asia/Ho_Chi_Minh",
			msgUserBadPassword:      "mật khẩu cần từ 10 đến 256 ký tự; một cụm vài từ vừa dễ nhớ vừa khó đoán",
			msgUserNoPassword:       "--password-stdin: không đọc được gì; hãy gõ mật khẩu rồi nhấn Enter, hoặc chuyển vào qua đường ống",
			msgAuditHeader:          "THỜI ĐIỂM\tAI\tTỪ ĐỊA CHỈ\tHÀNH ĐỘNG\tĐỐI TƯỢNG\tCHI TIẾT",
			msgAuditBadSince:        "--since %q: cần một khoảng thời gian như 24h hoặc 7d, hoặc một ngày như 2026-03-01",
			msgAuditNone:            "Nhật ký hoạt động không có mục nào khớp.",
		},
	})
}
