package main

// The sentences of a source's health as `sources list` shows it, and the
// errors the service's jobs send back to a command through the admin
// socket.
const (
	msgWarnListingCut msgKey = 8000 + iota
	msgWarnFeedEmpty
	msgWarnSelectorEmpty
	msgWarnSitemapEmpty
	msgWarnSitemapsUnread
	msgWarnSitemapsPartial
	msgWarnRefusedPrivate
	msgErrHTTPStatusRetry
	msgErrHTTPStatus
	msgErrRedirectLimit
	msgErrPrivateAddress
	msgErrRobotsDisallowed
	msgErrRobotsUnavailable
	msgErrHostBusy
	msgErrTooLarge
	msgErrTimeout
	msgErrConnRefused
	msgErrNoSuchHost
	msgErrCertificate
	msgErrNotFeed
	msgErrNotSitemap
	msgErrTheSite
	msgJobAnotherRuns
	msgJobStopped
	msgJobNotCrawling
	msgJobNoSourceToCrawl
	msgJobNoSuchSource
	msgJobSince
	msgJobAnswerBroke
	msgJobServiceStopped
	msgJobSaid
	msgRuleFileOrQuery
	msgRuleFileAndQuery
	msgRuleNotInFile
	msgRuleChooseOne
)

func init() {
	addMessages(map[string]map[msgKey]string{
		"en": {
			msgWarnListingCut:       "listing cut: %s of %s links taken (crawler.max_links is %s)",
			msgWarnFeedEmpty:        "the feed has no items",
			msgWarnSelectorEmpty:    "the selector %s matched no links on the page",
			msgWarnSitemapEmpty:     "the sitemap lists no pages",
			msgWarnSitemapsUnread:   "%s of the index's sitemaps could not be read (see the crawl log)",
			msgWarnSitemapsPartial:  "%s of the index's %s sitemaps read (at most %s, and crawler.max_links is %s)",
			msgWarnRefusedPrivate:   "%s of %s links refused: a private address outside the source's own host (first: %s)",
			msgErrHTTPStatusRetry:   "status %[2]s, asked to come back after %[3]s: %[1]s",
			msgErrHTTPStatus:        "status %[2]s: %[1]s",
			msgErrRedirectLimit:     "too many redirects (at most %[2]s are followed): %[1]s",
			msgErrPrivateAddress:    "private address refused: %[1]s",
			msgErrRobotsDisallowed:  "robots.txt forbids reading it: %[1]s",
			msgErrRobotsUnavailable: "robots.txt unreadable (status %[2]s), the site is left alone for now: %[1]s",
			msgErrHostBusy:          "the site asked to be left alone until %s (status %s)",
			msgErrTooLarge:          "larger than crawler.max_body_bytes allows: %[1]s",
			msgErrTimeout:           "no answer in time: %[1]s",
			msgErrConnRefused:       "connection refused: %[1]s",
			msgErrNoSuchHost:        "no such host name (check the address): %[1]s",
			msgErrCertificate:       "TLS certificate not valid: %[1]s",
			msgErrNotFeed:           "the address gives no RSS, Atom or JSON feed (is the source's kind right?)",
			msgErrNotSitemap:        "the address gives no sitemap (is the source's kind right?)",
			msgErrTheSite:           "(address unknown)",
			msgJobAnotherRuns:       "another job runs in this service; wait for it to finish",
			msgJobStopped:           "stopped: the service is shutting down or the command was interrupted",
			msgJobNotCrawling:       "this service is not crawling yet; try again in a moment",
			msgJobNoSourceToCrawl:   "the service has no source to crawl (add one to sources.yaml and restart the service)",
			msgJobNoSuchSource:      "the service crawls no source named %q (`mediawatch sources list` shows them)",
			msgJobSince:             "--since: want a date YYYY-MM-DD, got %q",
			msgJobAnswerBroke:       "the service's answer broke off: %v",
			msgJobServiceStopped:    "the service stopped before the job finished",
			msgJobSaid:              "%s",
			msgRuleFileOrQuery:      "give a rule file or --query",
			msgRuleFileAndQuery:     "give a rule file or --query, not both",
			msgRuleNotInFile:        "%s has no rule %q",
			msgRuleChooseOne:        "%s holds %d rules (%s): choose one with --rule",
		},
		"vi": {
			msgWarnListingCut:       "danh sách bị cắt: chỉ lấy %s trong %s liên kết (crawler.max_links là %s)",
			msgWarnFeedEmpty:        "nguồn cấp (feed) không có mục nào",
			msgWarnSelectorEmpty:    "bộ chọn %s không khớp liên kết nào trên trang",
			msgWarnSitemapEmpty:     "sơ đồ trang (sitemap) không liệt kê trang nào",
			msgWarnSitemapsUnread:   "%s sơ đồ trang con của chỉ mục không đọc được (xem nhật ký thu thập)",
			msgWarnSitemapsPartial:  "đã đọc %s trong %s sơ đồ trang con của chỉ mục (tối đa %s, và crawler.max_links là %s)",
			msgWarnRefusedPrivate:   "từ chối %s trong %s liên kết: địa chỉ nội bộ nằm ngoài máy chủ của chính nguồn tin (đầu tiên: %s)",
			msgErrHTTPStatusRetry:   "trang trả về mã %[2]s, đề nghị quay lại sau %[3]s: %[1]s",
			msgErrHTTPStatus:        "trang trả về mã %[2]s: %[1]s",
			msgErrRedirectLimit:     "chuyển hướng quá nhiều lần (chỉ theo tối đa %[2]s lần): %[1]s",
			msgErrPrivateAddress:    "từ chối địa chỉ nội bộ: %[1]s",
			msgErrRobotsDisallowed:  "robots.txt của trang cấm đọc: %[1]s",
			msgErrRobotsUnavailable: "không đọc được robots.txt (mã %[2]s), tạm thời không thu thập trang: %[1]s",
			msgErrHostBusy:          "trang đề nghị không truy cập cho tới %s (mã %s)",
			msgErrTooLarge:          "trang lớn hơn mức crawler.max_body_bytes cho phép: %[1]s",
			msgErrTimeout:           "quá thời gian chờ trả lời: %[1]s",
			msgErrConnRefused:       "máy chủ từ chối kết nối: %[1]s",
			msgErrNoSuchHost:        "không tìm thấy tên máy chủ (hãy kiểm tra địa chỉ): %[1]s",
			msgErrCertificate:       "chứng chỉ TLS không hợp lệ: %[1]s",
			msgErrNotFeed:           "địa chỉ không trả về nguồn cấp RSS, Atom hay JSON (loại nguồn tin có đúng không?)",
			msgErrNotSitemap:        "địa chỉ không trả về sơ đồ trang (sitemap) (loại nguồn tin có đúng không?)",
			msgErrTheSite:           "(không rõ địa chỉ)",
			msgJobAnotherRuns:       "dịch vụ đang chạy một việc khác; hãy chờ việc đó xong",
			msgJobStopped:           "đã dừng: dịch vụ đang tắt hoặc lệnh bị ngắt giữa chừng",
			msgJobNotCrawling:       "dịch vụ chưa bắt đầu thu thập; hãy thử lại sau giây lát",
			msgJobNoSourceToCrawl:   "dịch vụ không có nguồn tin nào để thu thập (hãy thêm nguồn vào sources.yaml rồi khởi động lại dịch vụ)",
			msgJobNoSuchSource:      "dịch vụ không thu thập nguồn tin nào tên %q (`mediawatch sources list` liệt kê các nguồn)",
			msgJobSince:             "--since: cần một ngày dạng YYYY-MM-DD, không phải %q",
			msgJobAnswerBroke:       "câu trả lời của dịch vụ bị đứt giữa chừng: %v",
			msgJobServiceStopped:    "dịch vụ đã dừng trước khi việc chạy xong",
			msgJobSaid:              "%s",
			msgRuleFileOrQuery:      "hãy đưa một tệp quy tắc hoặc --query",
			msgRuleFileAndQuery:     "chỉ đưa một tệp quy tắc hoặc --query, không đưa cả hai",
			msgRuleNotInFile:        "%s không có quy tắc %q",
			msgRuleChooseOne:        "%s chứa %d quy tắc (%s): hãy chọn một bằng --rule",
		},
	})
}
