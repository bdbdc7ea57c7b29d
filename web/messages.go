package web

import "fmt"

// msg is one text of the pages in both languages.
type msg struct{ vi, en string }

// messages is the pages' catalogue. Keys are "area.what"; a text with
// arguments takes them as fmt verbs. TestMessages checks that every key the
// templates name is here, in both languages, and that the Vietnamese is NFC.
var messages = map[string]msg{
	"product":         {"mediawatch", "mediawatch"},
	"skip":            {"Chuyển đến nội dung chính", "Skip to main content"},
	"nav.label":       {"Điều hướng chính", "Main navigation"},
	"nav.search":      {"Tìm kiếm", "Search"},
	"nav.queue":       {"Hàng đợi", "Queue"},
	"nav.rules":       {"Quy tắc", "Rules"},
	"nav.sources":     {"Nguồn", "Sources"},
	"nav.reports":     {"Báo cáo", "Reports"},
	"nav.admin":       {"Quản trị", "Admin"},
	"nav.account":     {"Tài khoản", "Account"},
	"nav.signout":     {"Đăng xuất", "Sign out"},
	"nav.signedin":    {"Đang đăng nhập: %s", "Signed in as %s"},
	"lang.label":      {"Ngôn ngữ", "Language"},
	"lang.switch":     {"Đổi", "Switch"},
	"lang.vi":         {"Tiếng Việt", "Tiếng Việt"},
	"lang.en":         {"English", "English"},
	"footer":          {"mediawatch — theo dõi báo chí", "mediawatch — media monitoring"},
	"form.errors":     {"Chưa lưu được:", "Not saved:"},
	"pager.label":     {"Phân trang", "Pages"},
	"pager.prev":      {"Trang trước", "Previous page"},
	"pager.next":      {"Trang sau", "Next page"},
	"pager.of":        {"Trang %s / %s", "Page %s of %s"},
	"link.external":   {"(mở trong thẻ mới)", "(opens in a new tab)"},
	"confirm.default": {"Bạn chắc chắn chứ?", "Are you sure?"},

	"login.title":       {"Đăng nhập", "Sign in"},
	"login.name":        {"Tên đăng nhập", "User name"},
	"login.password":    {"Mật khẩu", "Password"},
	"login.submit":      {"Đăng nhập", "Sign in"},
	"login.bad":         {"Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password."},
	"login.locked":      {"Đăng nhập tạm khóa do sai nhiều lần. Thử lại sau %s.", "Sign-in is locked after too many failures. Try again after %s."},
	"login.lockednow":   {"Đăng nhập tạm khóa do sai nhiều lần. Vui lòng thử lại sau.", "Sign-in is locked after too many failures. Please try again later."},
	"login.csrf":        {"Biểu mẫu đã hết hạn hoặc thiếu mã bảo mật. Vui lòng đăng nhập lại.", "The form had expired or lacked its security token. Please sign in again."},
	"login.missing":     {"Hãy nhập tên đăng nhập và mật khẩu.", "Enter your user name and password."},
	"login.off":         {"Chức năng đăng nhập chưa được cấu hình trên máy chủ này.", "Sign-in is not configured on this server."},
	"login.expired":     {"Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại; nội dung vừa gửi chưa được lưu.", "Your session has ended. Please sign in again; what you just sent was not saved."},
	"login.signedout":   {"Bạn đã đăng xuất.", "You have signed out."},
	"account.title":     {"Tài khoản của tôi", "My account"},
	"account.prefs":     {"Ngôn ngữ và múi giờ", "Language and time zone"},
	"account.lang":      {"Ngôn ngữ", "Language"},
	"account.tz":        {"Múi giờ", "Time zone"},
	"account.save":      {"Lưu", "Save"},
	"account.saved":     {"Đã lưu lựa chọn của bạn.", "Your preferences are saved."},
	"account.role":      {"Vai trò", "Role"},
	"account.name":      {"Tên đăng nhập", "User name"},
	"account.now":       {"Giờ hiện tại theo múi giờ của bạn", "Current time in your zone"},
	"account.pw":        {"Đổi mật khẩu", "Change password"},
	"account.pw.old":    {"Mật khẩu hiện tại", "Current password"},
	"account.pw.new":    {"Mật khẩu mới", "New password"},
	"account.pw.again":  {"Nhập lại mật khẩu mới", "New password again"},
	"account.pw.submit": {"Đổi mật khẩu", "Change password"},
	"account.pw.done":   {"Đã đổi mật khẩu.", "Your password is changed."},
	"account.pw.signin": {"Đã đổi mật khẩu. Mời đăng nhập lại bằng mật khẩu mới.", "Your password is changed. Please sign in again with the new one."},
	"account.pw.wrong":  {"Mật khẩu hiện tại không đúng.", "The current password is wrong."},
	"account.pw.differ": {"Hai lần nhập mật khẩu mới không khớp.", "The two new passwords differ."},
	"account.pw.weak":   {"Mật khẩu mới không được chấp nhận: quá ngắn hoặc quá dễ đoán.", "The new password was not accepted: too short or too easy to guess."},
	"account.badlang":   {"Ngôn ngữ không hợp lệ.", "Unknown language."},
	"account.badtz":     {"Múi giờ không hợp lệ.", "Unknown time zone."},
	"role.viewer":       {"Người xem", "Viewer"},
	"role.editor":       {"Biên tập viên", "Editor"},
	"role.admin":        {"Quản trị viên", "Administrator"},

	"error.400.title": {"Yêu cầu không hợp lệ", "Bad request"},
	"error.400.text":  {"Trang không hiểu được yêu cầu này.", "The page could not understand this request."},
	"error.403.title": {"Không có quyền truy cập", "Access denied"},
	"error.403.text":  {"Tài khoản của bạn không có quyền xem trang này.", "Your account may not see this page."},
	"error.csrf":      {"Yêu cầu bị từ chối vì thiếu mã bảo mật của biểu mẫu hoặc mã không đúng. Hãy tải lại trang rồi thử lại.", "The request was refused: the form's security token was missing or wrong. Reload the page and try again."},
	"error.404.title": {"Không tìm thấy trang", "Page not found"},
	"error.404.text":  {"Không có trang nào ở địa chỉ này.", "There is no page at this address."},
	"error.405.title": {"Thao tác không được hỗ trợ", "Method not allowed"},
	"error.405.text":  {"Trang này không nhận kiểu yêu cầu đó.", "This page does not take that kind of request."},
	"error.500.title": {"Lỗi máy chủ", "Server error"},
	"error.500.text":  {"Đã có lỗi xảy ra. Nếu lỗi lặp lại, hãy báo cho quản trị viên mã yêu cầu %s.", "Something went wrong. If it happens again, give the administrator request id %s."},
	"error.home":      {"Về trang chính", "Go to the home page"},
}

// T returns the text of key in lang ("vi" or "en"), formatted with args.
// An unknown key is shown as itself, so a missing text is visible, not
// silent; TestMessages keeps that from shipping.
func T(lang, key string, args ...any) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	s := m.vi
	if lang == "en" {
		s = m.en
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}
