package main

// helpVI is the Vietnamese help of every command, flag and argument, keyed
// by command path (helpKey, flagKey, argKey): "keys create",
// "keys create --name", "keys revoke <name>"; "" is the application.
// A flag every command shares may be keyed by itself ("--data"). The
// English texts are the CLI struct's help tags. A command added to the CLI
// needs its line here: TestHelpComplete fails until it has one.
var helpVI = map[string]string{
	"":         "Theo dõi báo chí cho một địa phương: thu thập, lưu giữ, gắn cờ và báo cáo các tin nhắc tới địa phương đó.",
	"--help":   "Hiện hướng dẫn cho lệnh đang gõ.",
	"--config": "Tệp cấu hình (YAML). Không có tệp cũng được, trừ khi đã chỉ rõ tên tệp.",
	"--data":   "Thư mục dữ liệu (mặc định theo cấu hình: ./data).",

	"crawl":          "Thu thập các nguồn đã cấu hình (tất cả, hoặc một nguồn với --source).",
	"crawl --once":   "Thu thập mỗi nguồn một lần rồi thoát (không có tùy chọn này thì thu thập theo lịch cho tới khi bị ngắt).",
	"crawl --source": "Chỉ thu thập nguồn có tên này.",

	"serve":          "Thu thập theo lịch và phục vụ API cho tới khi bị ngắt (SIGINT/SIGTERM).",
	"serve --listen": "Địa chỉ của API HTTP (mặc định theo cấu hình: 127.0.0.1:8080).",

	"sources":             "Xem các nguồn đã cấu hình, tình trạng và số tin của từng nguồn.",
	"sources list":        "Liệt kê các nguồn kèm tình trạng và số tin.",
	"sources list --json": "In JSON thay cho bảng.",

	"import":          "Nhập bù tin từ tệp JSON-lines qua cùng quy trình xử lý như khi thu thập.",
	"import <file>":   "Tệp JSON-lines: mỗi dòng một đối tượng với url, title, text (hoặc body), published, source, lang. '-' đọc từ đầu vào chuẩn.",
	"import --keep":   "Giữ mọi bản ghi (all), hay chỉ những bản ghi nhắc tới từ khóa theo dõi (mentions).",
	"import --source": "Tên nguồn cho các bản ghi không ghi nguồn.",
	"import --json":   "In phần tổng kết thành một đối tượng JSON (read, kept, not_mentioned, duplicates, errors).",

	"extract":                 "Xem trình thu thập trích được gì từ một trang bài viết (tệp hoặc URL), dạng JSON.",
	"extract <target>":        "Một tệp HTML, hoặc một URL http(s) để tải về (tuân theo robots.txt và các giới hạn).",
	"extract --url":           "Địa chỉ của trang, khi đọc từ tệp: dùng để giải các liên kết tương đối và URL chuẩn.",
	"extract --allow-private": "Cho phép tải từ địa chỉ nội bộ hoặc loopback.",

	"demo":          "Dựng một trang tin mẫu trên 127.0.0.1, thu thập nó, phục vụ API và tiếp tục thu thập; không cần mạng.",
	"demo --once":   "Thoát sau lượt thu thập đầy đủ (bản đầu và bản cập nhật) thay vì phục vụ API và thu thập theo lịch.",
	"demo --listen": "Địa chỉ của API HTTP (mặc định theo cấu hình: 127.0.0.1:8080).",

	"keys":               "Tạo, liệt kê, đổi và thu hồi khóa API.",
	"keys create":        "Tạo một khóa API; khóa chỉ được in một lần, đứng riêng ở dòng cuối.",
	"keys create --name": "Tên của khóa: ai hoặc cái gì dùng nó (chữ cái của bất kỳ ngôn ngữ nào, chữ số, '-', '_').",
	"keys create --role": "viewer (tìm kiếm, xem), editor (thêm quyền duyệt tin), admin (thêm quyền quản lý quy tắc và khóa).",
	"keys list":          "Liệt kê các khóa API (không bao giờ in chính khóa).",
	"keys list --json":   "In JSON thay cho bảng.",
	"keys revoke":        "Thu hồi một khóa API theo tên.",
	"keys revoke <name>": "Tên của khóa.",
	"keys rotate":        "Thay một khóa bằng mã bí mật mới cùng tên và vai trò; khóa cũ bị thu hồi. Khóa mới chỉ được in một lần, đứng riêng ở dòng cuối.",
	"keys rotate <name>": "Tên của khóa.",

	"search":          "Tìm trong những gì đã lưu, bằng cùng chỉ mục và mã nguồn với API.",
	"search <query>":  "Câu truy vấn: từ, \"cụm từ\", AND OR NOT -, NEAR/n, ONEAR/n, tiền_tố*, title: text: source: lang: url: rule: severity:.",
	"search --json":   "In kết quả dạng JSON.",
	"search --count":  "Chỉ in số kết quả.",
	"search --sort":   "relevance (mức liên quan), newest (mới nhất) hoặc oldest (cũ nhất).",
	"search --size":   "Số kết quả hiển thị.",
	"search --from":   "Đăng từ ngày này trở đi, theo giờ địa phương (YYYY-MM-DD).",
	"search --to":     "Đăng đến hết ngày này, theo giờ địa phương (YYYY-MM-DD).",
	"search --source": "Chỉ các nguồn này.",
	"search --lang":   "Chỉ các ngôn ngữ này.",

	"reindex": "Dựng lại chỉ mục tìm kiếm từ kho dữ liệu.",

	"rules":                  "Kiểm tra, liệt kê, thử và áp dụng các quy tắc từ khóa dùng để gắn cờ tin xuyên tạc và sai sự thật.",
	"rules check":            "Kiểm tra mọi tệp quy tắc trong một thư mục; in từng lỗi dạng tệp:dòng:cột: thông báo.",
	"rules check <dir>":      "Thư mục quy tắc (mặc định theo cấu hình: rules).",
	"rules list":             "Xem các quy tắc đang chạy cùng số cờ của từng quy tắc: của dịch vụ đang chạy, nếu không thì của thư mục đã cấu hình.",
	"rules list --json":      "In các quy tắc và số cờ dạng JSON.",
	"rules test":             "Xem một quy tắc (từ tệp, hoặc --query) sẽ gắn cờ những tin đã lưu nào; không ghi gì.",
	"rules test <file>":      "Một tệp quy tắc; nếu tệp có nhiều quy tắc, chọn một bằng --rule.",
	"rules test --query":     "Thử câu truy vấn này thay cho tệp quy tắc.",
	"rules test --rule":      "Mã (id) của quy tắc cần thử trong TỆP.",
	"rules test --lang":      "Dùng với --query: chỉ các tin bằng những ngôn ngữ này.",
	"rules test --source":    "Dùng với --query: chỉ các tin từ những nguồn này.",
	"rules test --since":     "Chỉ các tin đề ngày từ ngày này trở đi, theo giờ địa phương (YYYY-MM-DD).",
	"rules test --json":      "In một đối tượng JSON, trong đó matched là số tin khớp.",
	"rules apply":            "Gắn cờ các tin đã lưu theo bộ quy tắc đã cấu hình, áp dụng ngược về trước; chạy lần hai không thêm gì.",
	"rules apply --since":    "Chỉ các tin đề ngày từ ngày này trở đi, theo giờ địa phương (YYYY-MM-DD).",
	"rules apply --json":     "In phần tổng kết dạng JSON.",
	"stories":                "Duy trì việc gộp các bản gần giống nhau thành câu chuyện.",
	"stories regroup":        "Gộp các bản gần giống nhau đã lưu thành câu chuyện (sau khi nhập bù, hoặc khi đổi stories.max_distance); chạy lúc không có gì đang thu thập.",
	"stories regroup --json": "In phần tổng kết dạng JSON.",

	"report":                "Ghi báo cáo các tin bị gắn cờ của một ngày (html, md, csv hoặc json) từ kho dữ liệu, hoặc gửi thử một thư.",
	"report write":          "Ghi báo cáo các tin bị gắn cờ của một ngày (html, md, csv hoặc json) từ kho dữ liệu (lệnh mặc định).",
	"report write --date":   "Ngày cần báo cáo theo giờ địa phương, YYYY-MM-DD (mặc định: hôm qua theo múi giờ đã cấu hình).",
	"report write --format": "html, md, csv hoặc json.",
	"report write --out":    "Ghi báo cáo vào tệp này (mặc định: đầu ra chuẩn).",
	"report write --lang":   "Ngôn ngữ của báo cáo, vi hoặc en (mặc định theo cấu hình: report.lang).",
	"report send-test":      "Gửi một thư thử ngắn qua cấu hình report.mail; nếu lỗi, cho biết lỗi ở bước nào.",
	"report send-test --to": "Địa chỉ người nhận; lặp lại để gửi nhiều người (mặc định: report.mail.to).",
	"backup":                "Ghi một bản sao lưu nhất quán của kho dữ liệu, các quy tắc và cấu hình vào một tệp nén (chạy được khi serve đang chạy).",
	"backup --out":          "Tệp nén cần ghi (.tar.gz; nếu đã có, chỉ bị thay khi bản mới đã ghi xong).",
	"restore":               "Khôi phục một bản sao lưu vào thư mục dữ liệu trống và dựng lại chỉ mục tìm kiếm.",
	"restore <file>":        "Tệp nén do mediawatch backup tạo ra.",
	"prune":                 "Xóa khỏi kho dữ liệu và chỉ mục các tin cũ hơn retention.items (--dry-run: chỉ cho xem những gì sẽ bị xóa).",
	"prune --dry-run":       "Cho xem những gì sẽ bị xóa (số lượng, cũ nhất và mới nhất, theo nguồn) mà không xóa gì.",
	"prune --older-than":    "Thời hạn lưu giữ cho lần chạy này thay cho retention.items (ví dụ 730d hoặc 1d12h).",
	"doctor":                "Kiểm tra cấu hình, thư mục dữ liệu, kho dữ liệu, quy tắc, nguồn tin, thư điện tử và TLS; mỗi vấn đề kèm cách sửa.",
}
