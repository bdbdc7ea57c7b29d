package main

// Sentences of doctor, report send-test, built-in TLS and the rule
// directory warning (key range 5000).
const (
	msgListeningTLS msgKey = 5000 + iota
	msgRulesDirMissing
	msgMailSent
	msgMailNoHost
	msgMailConnect
	msgMailTLS
	msgMailAuth
	msgMailSender
	msgMailRecipient
	msgMailMessage
	msgTestSubject
	msgTestBody
	msgDoctorHeader
	msgDoctorSummary
	msgDoctorFix
	msgDocConfigOK
	msgDocConfigBad
	msgDocConfigBadFix
	msgDocConfigMissing
	msgDocConfigMissingFix
	msgDocConfigSecret
	msgDocConfigSecretFix
	msgDocDataMissing
	msgDocDataMissingFix
	msgDocDataNotDir
	msgDocDataOK
	msgDocDataWorldWritable
	msgDocDataWorldReadable
	msgDocDataModeFix
	msgDocDataOwner
	msgDocDataOwnerFix
	msgDocDataRoot
	msgDocDataRootFix
	msgDocStoreNone
	msgDocStoreBad
	msgDocStoreBadFix
	msgDocStoreNewer
	msgDocStoreNewerFix
	msgDocStoreOlder
	msgDocStoreOlderFix
	msgDocStoreOK
	msgDocNoKeys
	msgDocNoKeysFix
	msgDocRulesMissingFix
	msgDocRulesBad
	msgDocRulesBadFix
	msgDocRulesOK
	msgDocSourcesNone
	msgDocSourcesNoneFix
	msgDocSourcesOK
	msgDocPrivate
	msgDocPrivateFix
	msgDocUserAgent
	msgDocUserAgentFix
	msgDocInterval
	msgDocIntervalFix
	msgDocHostDelay
	msgDocHostDelayFix
	msgDocMailNone
	msgDocMailNoneFix
	msgDocMailOK
	msgDocTLSNone
	msgDocTLSOK
	msgDocTLSBad
	msgDocTLSBadFix
	msgDocTLSExpired
	msgDocTLSSoon
	msgDocTLSRenewFix
	msgDocListenOK
	msgDocListenBusy
	msgDocListenBad
	msgDocListenBadFix
	msgDocListenClear
	msgDocListenClearFix
	msgDocProxyAll
	msgDocProxyAllFix
	msgDocMailFixOther
)

func init() {
	addMessages(map[string]map[msgKey]string{
		"en": {
			msgListeningTLS:         "API on https://%s (docs: https://%s/api/v1/docs)",
			msgRulesDirMissing:      "The rule directory %q was not found (looked in %s): no rules are active.",
			msgMailSent:             "Test e-mail sent to %s through %s (%s).",
			msgMailNoHost:           "report.mail.host is not set: there is no mail server to send through. Set report.mail.* in the configuration (see README, Daily report).",
			msgMailConnect:          "Could not reach the mail server %s: %v. Check report.mail.host and report.mail.port, and that this machine may connect to it.",
			msgMailTLS:              "TLS with the mail server %s failed: %v. Check report.mail.tls (starttls on port 587, tls on 465) and the server's certificate.",
			msgMailAuth:             "The mail server %s refused the login: %v. Check report.mail.username and report.mail.password.",
			msgMailSender:           "The mail server %s refused the sender %s: %v. Check report.mail.from (many servers accept only the login's own address).",
			msgMailRecipient:        "The mail server %s refused the recipient %s: %v. Check the address.",
			msgMailMessage:          "The mail server %s refused the message: %v.",
			msgTestSubject:          "mediawatch test e-mail",
			msgTestBody:             "This is a test e-mail from mediawatch on %s, sent %s.\nIf you can read it, the daily report will reach you through %s as configured.",
			msgDoctorHeader:         "mediawatch doctor — configuration %s",
			msgDoctorSummary:        "%d problems, %d warnings.",
			msgDoctorFix:            "    fix: %s",
			msgDocConfigOK:          "Configuration loads and every key is valid (%s).",
			msgDocConfigBad:         "Configuration does not load:\n%s",
			msgDocConfigBadFix:      "correct the keys named above; README lists every key.",
			msgDocConfigMissing:     "No configuration file at %s: running on the built-in defaults.",
			msgDocConfigMissingFix:  "copy deploy/mediawatch.production.yaml to /etc/mediawatch/mediawatch.yaml and pass --config (or set MEDIAWATCH_CONFIG).",
			msgDocConfigSecret:      "%s holds a password or secret and every user of this machine can read it (mode %04o).",
			msgDocConfigSecretFix:   "chmod 640 %s; chown root:mediawatch %s",
			msgDocDataMissing:       "Data directory %s does not exist yet; serve will create it.",
			msgDocDataMissingFix:    "install -d -o mediawatch -g mediawatch -m 750 %s (or check data_dir names the directory you mean)",
			msgDocDataNotDir:        "Data directory %s is not a directory.",
			msgDocDataOK:            "Data directory %s: owner %s, mode %04o.",
			msgDocDataWorldWritable: "%s can be written by every user of this machine (mode %04o).",
			msgDocDataWorldReadable: "%s can be read by every user of this machine (mode %04o); it holds the store, API key hashes and backups.",
			msgDocDataModeFix:       "chmod o-rwx %s",
			msgDocDataOwner:         "Data directory %s belongs to %s, but doctor runs as %s: serve must run as the owner.",
			msgDocDataOwnerFix:      "run doctor as the service user (sudo -u %s mediawatch doctor …), or chown -R mediawatch:mediawatch %s",
			msgDocDataRoot:          "Data directory %s belongs to root: the service should run as its own user.",
			msgDocDataRootFix:       "chown -R mediawatch:mediawatch %s and run serve as mediawatch (deploy/mediawatch.service does).",
			msgDocStoreNone:         "No store yet in %s: serve (or the first keys create) makes it.",
			msgDocStoreBad:          "The store %s does not open: %v",
			msgDocStoreBadFix:       "stop serve, move the file aside and restore the last backup (mediawatch restore FILE --data DIR).",
			msgDocStoreNewer:        "The store is at schema version %d, made by a newer mediawatch; this binary knows up to %d.",
			msgDocStoreNewerFix:     "install the newer mediawatch again (or restore a backup made before the upgrade).",
			msgDocStoreOlder:        "The store is at schema version %d; this binary upgrades it to %d at the next start.",
			msgDocStoreOlderFix:     "back up first: mediawatch backup --out FILE",
			msgDocStoreOK:           "Store opens: schema version %d, %d items, %d API keys.",
			msgDocNoKeys:            "There is no API key yet: nobody can use the API.",
			msgDocNoKeysFix:         "mediawatch keys create --name admin --role admin",
			msgDocRulesMissingFix:   "set rules.dir to an absolute path (like /etc/mediawatch/rules), or create the directory.",
			msgDocRulesBad:          "Rules in %s have %d problems; serve refuses to start with them:\n%s",
			msgDocRulesBadFix:       "mediawatch rules check %s",
			msgDocRulesOK:           "Rules: %d in %s (%d enabled).",
			msgDocSourcesNone:       "No sources configured: serve will crawl nothing.",
			msgDocSourcesNoneFix:    "add sources to sources.yaml (see sources.example.yaml).",
			msgDocSourcesOK:         "Sources: %d configured, %d enabled.",
			msgDocPrivate:           "Source %s may fetch a private address (allow_private): its own host only.",
			msgDocPrivateFix:        "keep allow_private only for a source on your own network.",
			msgDocUserAgent:         "crawler.user_agent is the default: webmasters cannot tell who crawls them.",
			msgDocUserAgentFix:      "set crawler.user_agent to name your office's contact page, like \"mediawatch/0.1 (+https://your.office/contact)\".",
			msgDocInterval:          "Source %s is crawled every %s: that is impolite to the site and rarely finds more.",
			msgDocIntervalFix:       "set interval to 15m or more for %s.",
			msgDocHostDelay:         "crawler.host_delay is %s: one site gets requests back to back.",
			msgDocHostDelayFix:      "set crawler.host_delay to 1s or more.",
			msgDocMailNone:          "E-mail: report.mail.host is not set; daily reports are written to %s but not e-mailed.",
			msgDocMailNoneFix:       "set report.mail.* and try it with: mediawatch report send-test --to YOUR@ADDRESS",
			msgDocMailOK:            "E-mail: %s answers%s%s; nothing was sent.",
			msgDocTLSNone:           "TLS: not built in (api.tls_cert unset); fine behind a reverse proxy that does TLS.",
			msgDocTLSOK:             "TLS: certificate for %s, valid until %s.",
			msgDocTLSBad:            "TLS: %v",
			msgDocTLSBadFix:         "point api.tls_cert and api.tls_key at a PEM certificate (with its chain) and its key, readable by the service user.",
			msgDocTLSExpired:        "TLS: the certificate for %s expired on %s.",
			msgDocTLSSoon:           "TLS: the certificate for %s expires on %s.",
			msgDocTLSRenewFix:       "renew it; serve picks up renewed files within a minute, no restart needed.",
			msgDocListenOK:          "Listen address %s is free.",
			msgDocListenBusy:        "Listen address %s is in use (by a running serve? then all is well).",
			msgDocListenBad:         "Cannot listen on %s: %v",
			msgDocListenBadFix:      "set listen to an address of this machine, like 127.0.0.1:8080 (ports below 1024 need a privilege the unit does not give).",
			msgDocListenClear:       "The API listens on %s without TLS: API keys would cross the network in clear.",
			msgDocListenClearFix:    "set api.tls_cert and api.tls_key, or listen on 127.0.0.1:8080 behind nginx or Caddy (README, Run it in production).",
			msgDocProxyAll:          "api.trusted_proxies includes %s: any client can then choose its own address.",
			msgDocProxyAllFix:       "list only the addresses of your reverse proxies, like 127.0.0.1.",
			msgDocMailFixOther:      "try mediawatch report send-test --to YOUR@ADDRESS for the whole dialogue.",
		},
		"vi": {
			msgListeningTLS:         "API tại https://%s (tài liệu: https://%s/api/v1/docs)",
			msgRulesDirMissing:      "Không tìm thấy thư mục quy tắc %q (đã tìm ở %s): không có quy tắc nào đang chạy.",
			msgMailSent:             "Đã gửi thư thử tới %s qua %s (%s).",
			msgMailNoHost:           "Chưa đặt report.mail.host: không có máy chủ thư để gửi. Hãy đặt report.mail.* trong cấu hình (xem README, mục báo cáo hằng ngày).",
			msgMailConnect:          "Không kết nối được máy chủ thư %s: %v. Hãy kiểm tra report.mail.host, report.mail.port và máy này có được phép kết nối tới đó không.",
			msgMailTLS:              "TLS với máy chủ thư %s thất bại: %v. Hãy kiểm tra report.mail.tls (starttls ở cổng 587, tls ở cổng 465) và chứng chỉ của máy chủ.",
			msgMailAuth:             "Máy chủ thư %s từ chối đăng nhập: %v. Hãy kiểm tra report.mail.username và report.mail.password.",
			msgMailSender:           "Máy chủ thư %s từ chối người gửi %s: %v. Hãy kiểm tra report.mail.from (nhiều máy chủ chỉ nhận đúng địa chỉ của tài khoản đăng nhập).",
			msgMailRecipient:        "Máy chủ thư %s từ chối người nhận %s: %v. Hãy kiểm tra lại địa chỉ.",
			msgMailMessage:          "Máy chủ thư %s từ chối nội dung thư: %v.",
			msgTestSubject:          "Thư thử của mediawatch",
			msgTestBody:             "Đây là thư thử của mediawatch trên máy %s, gửi lúc %s.\nNếu bạn đọc được thư này, báo cáo hằng ngày sẽ đến được với bạn qua %s như đã cấu hình.",
			msgDoctorHeader:         "mediawatch doctor — cấu hình %s",
			msgDoctorSummary:        "%d lỗi, %d cảnh báo.",
			msgDoctorFix:            "    cách sửa: %s",
			msgDocConfigOK:          "Cấu hình đọc được và mọi khóa đều hợp lệ (%s).",
			msgDocConfigBad:         "Không đọc được cấu hình:\n%s",
			msgDocConfigBadFix:      "sửa các khóa nêu trên; README liệt kê mọi khóa.",
			msgDocConfigMissing:     "Không có tệp cấu hình ở %s: đang chạy với giá trị mặc định.",
			msgDocConfigMissingFix:  "chép deploy/mediawatch.production.yaml thành /etc/mediawatch/mediawatch.yaml và dùng --config (hoặc đặt MEDIAWATCH_CONFIG).",
			msgDocConfigSecret:      "%s chứa mật khẩu hoặc khóa bí mật mà mọi người dùng trên máy đều đọc được (quyền %04o).",
			msgDocConfigSecretFix:   "chmod 640 %s; chown root:mediawatch %s",
			msgDocDataMissing:       "Thư mục dữ liệu %s chưa có; serve sẽ tạo nó.",
			msgDocDataMissingFix:    "install -d -o mediawatch -g mediawatch -m 750 %s (hoặc kiểm tra data_dir có đúng thư mục bạn muốn không)",
			msgDocDataNotDir:        "Thư mục dữ liệu %s không phải là thư mục.",
			msgDocDataOK:            "Thư mục dữ liệu %s: chủ sở hữu %s, quyền %04o.",
			msgDocDataWorldWritable: "Mọi người dùng trên máy đều ghi được vào %s (quyền %04o).",
			msgDocDataWorldReadable: "Mọi người dùng trên máy đều đọc được %s (quyền %04o); trong đó có kho dữ liệu, mã băm khóa API và bản sao lưu.",
			msgDocDataModeFix:       "chmod o-rwx %s",
			msgDocDataOwner:         "Thư mục dữ liệu %s thuộc về %s nhưng doctor đang chạy với người dùng %s: serve phải chạy với người dùng sở hữu.",
			msgDocDataOwnerFix:      "chạy doctor với người dùng của dịch vụ (sudo -u %s mediawatch doctor …), hoặc chown -R mediawatch:mediawatch %s",
			msgDocDataRoot:          "Thư mục dữ liệu %s thuộc về root: dịch vụ nên chạy với người dùng riêng.",
			msgDocDataRootFix:       "chown -R mediawatch:mediawatch %s và chạy serve với người dùng mediawatch (deploy/mediawatch.service đã làm vậy).",
			msgDocStoreNone:         "Chưa có kho dữ liệu trong %s: serve (hoặc lệnh keys create đầu tiên) sẽ tạo nó.",
			msgDocStoreBad:          "Không mở được kho dữ liệu %s: %v",
			msgDocStoreBadFix:       "dừng serve, chuyển tệp sang chỗ khác và khôi phục bản sao lưu gần nhất (mediawatch restore TỆP --data THƯ_MỤC).",
			msgDocStoreNewer:        "Kho dữ liệu ở phiên bản lược đồ %d, do một bản mediawatch mới hơn tạo; bản này chỉ biết tới %d.",
			msgDocStoreNewerFix:     "cài lại bản mediawatch mới hơn (hoặc khôi phục bản sao lưu làm trước khi nâng cấp).",
			msgDocStoreOlder:        "Kho dữ liệu ở phiên bản lược đồ %d; bản này sẽ nâng lên %d ở lần khởi động tới.",
			msgDocStoreOlderFix:     "sao lưu trước: mediawatch backup --out TỆP",
			msgDocStoreOK:           "Kho dữ liệu mở được: lược đồ phiên bản %d, %d tin, %d khóa API.",
			msgDocNoKeys:            "Chưa có khóa API nào: chưa ai dùng được API.",
			msgDocNoKeysFix:         "mediawatch keys create --name admin --role admin",
			msgDocRulesMissingFix:   "đặt rules.dir là đường dẫn tuyệt đối (như /etc/mediawatch/rules), hoặc tạo thư mục đó.",
			msgDocRulesBad:          "Các quy tắc trong %s có %d lỗi; serve sẽ không khởi động với chúng:\n%s",
			msgDocRulesBadFix:       "mediawatch rules check %s",
			msgDocRulesOK:           "Quy tắc: %d trong %s (%d đang bật).",
			msgDocSourcesNone:       "Chưa cấu hình nguồn nào: serve sẽ không thu thập gì.",
			msgDocSourcesNoneFix:    "thêm nguồn vào sources.yaml (xem sources.example.yaml).",
			msgDocSourcesOK:         "Nguồn: %d đã cấu hình, %d đang bật.",
			msgDocPrivate:           "Nguồn %s được phép tải địa chỉ nội bộ (allow_private): chỉ máy chủ của chính nó.",
			msgDocPrivateFix:        "chỉ giữ allow_private cho nguồn nằm trong mạng nội bộ của bạn.",
			msgDocUserAgent:         "crawler.user_agent đang là mặc định: quản trị các trang không biết ai đang thu thập.",
			msgDocUserAgentFix:      "đặt crawler.user_agent có trang liên hệ của cơ quan bạn, như \"mediawatch/0.1 (+https://coquan.gov.vn/lien-he)\".",
			msgDocInterval:          "Nguồn %s được thu thập mỗi %s: quá dày với trang đó và hiếm khi thấy thêm tin.",
			msgDocIntervalFix:       "đặt interval từ 15m trở lên cho %s.",
			msgDocHostDelay:         "crawler.host_delay là %s: một trang nhận các yêu cầu liên tiếp không nghỉ.",
			msgDocHostDelayFix:      "đặt crawler.host_delay từ 1s trở lên.",
			msgDocMailNone:          "Thư điện tử: chưa đặt report.mail.host; báo cáo hằng ngày được ghi vào %s nhưng không gửi thư.",
			msgDocMailNoneFix:       "đặt report.mail.* rồi thử bằng: mediawatch report send-test --to ĐỊA_CHỈ_CỦA_BẠN",
			msgDocMailOK:            "Thư điện tử: %s trả lời%s%s; không gửi thư nào.",
			msgDocTLSNone:           "TLS: không dùng TLS tích hợp (chưa đặt api.tls_cert); ổn nếu đứng sau reverse proxy có TLS.",
			msgDocTLSOK:             "TLS: chứng chỉ cho %s, hiệu lực đến %s.",
			msgDocTLSBad:            "TLS: %v",
			msgDocTLSBadFix:         "trỏ api.tls_cert và api.tls_key tới chứng chỉ PEM (kèm chuỗi chứng chỉ) và khóa của nó, người dùng của dịch vụ phải đọc được.",
			msgDocTLSExpired:        "TLS: chứng chỉ cho %s đã hết hạn ngày %s.",
			msgDocTLSSoon:           "TLS: chứng chỉ cho %s sẽ hết hạn ngày %s.",
			msgDocTLSRenewFix:       "gia hạn chứng chỉ; serve tự nạp tệp mới trong vòng một phút, không cần khởi động lại.",
			msgDocListenOK:          "Địa chỉ lắng nghe %s còn trống.",
			msgDocListenBusy:        "Địa chỉ lắng nghe %s đang được dùng (bởi serve đang chạy? nếu vậy thì ổn).",
			msgDocListenBad:         "Không lắng nghe được trên %s: %v",
			msgDocListenBadFix:      "đặt listen là một địa chỉ của máy này, như 127.0.0.1:8080 (cổng dưới 1024 cần đặc quyền mà unit không cấp).",
			msgDocListenClear:       "API lắng nghe trên %s mà không có TLS: khóa API sẽ đi qua mạng ở dạng rõ.",
			msgDocListenClearFix:    "đặt api.tls_cert và api.tls_key, hoặc lắng nghe trên 127.0.0.1:8080 sau nginx hay Caddy (README, mục chạy thật).",
			msgDocProxyAll:          "api.trusted_proxies có %s: khi đó mọi máy khách đều tự chọn được địa chỉ của mình.",
			msgDocProxyAllFix:       "chỉ liệt kê địa chỉ của các reverse proxy của bạn, như 127.0.0.1.",
			msgDocMailFixOther:      "thử mediawatch report send-test --to ĐỊA_CHỈ_CỦA_BẠN để chạy trọn cuộc trao đổi.",
		},
	})
}
