package demo

import (
	"embed"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"mediawatch"
)

//go:embed site
var siteFS embed.FS

// outlet is one fictional news outlet.
type outlet struct {
	Key      string // also the name of its fixture file, site/<key>.txt
	Slug     string // the source name mediawatch knows it by
	Name     string // the masthead
	Lang     string
	Kind     mediawatch.SourceKind
	ListPath string // feed, sitemap or listing page
	Selector string
	Keep     mediawatch.Keep
	Weight   float64
	Robots   string
	Tagline  string
	Nav      []string
	Footer   string
	Home     string // "Home" in the outlet's language
	Share    string
	NotFound string
	Desk     string // the byline of its history articles
	// Silent: the outlet stopped publishing silentFor days before the
	// start; it has no fixture file, only history, and its feed still
	// lists its last ten articles.
	Silent bool
	Base   string // http://127.0.0.1:port, set at Start

	ln  net.Listener
	srv *http.Server
}

func newOutlets() []*outlet {
	allowAll := "User-agent: *\nDisallow:\n"
	return []*outlet{{
		Key: "taybac", Slug: "tay-bac-moi", Name: "Báo Tây Bắc Mới", Lang: "vi", Kind: mediawatch.KindFeed,
		ListPath: "/rss/tin-moi.rss", Keep: mediawatch.KeepAll, Weight: 1, Robots: allowAll,
		Tagline: "Tin tức thời sự tỉnh Sơn La và vùng Tây Bắc",
		Nav:     []string{"Thời sự", "Kinh tế", "Xã hội", "Văn hóa", "Giáo dục", "Thể thao"},
		Footer: "Báo Tây Bắc Mới — Cơ quan thông tin của Hội Nhà báo khu vực Tây Bắc. " +
			"Địa chỉ: số 18 đường Chiềng Lề, thành phố Sơn La. Điện thoại: 0212 3 000 000.",
		Home: "Trang chủ", Share: "Chia sẻ", NotFound: "Không tìm thấy trang bạn yêu cầu.", Desk: "Phóng viên Tây Bắc Mới",
	}, {
		Key: "tintuc", Slug: "tin-tuc-viet", Name: "Tin Tức Việt", Lang: "vi", Kind: mediawatch.KindFeed,
		ListPath: "/feeds/atom.xml", Keep: mediawatch.KeepMentions, Weight: 3,
		Robots:  "User-agent: *\nDisallow: /noi-bo/\n\nUser-agent: BadBot\nDisallow: /\n",
		Tagline: "Nhanh, đúng, đủ — tin tức cả nước 24 giờ",
		Nav:     []string{"Thời sự", "Kinh tế", "Pháp luật", "Giáo dục", "Du lịch", "Văn hóa"},
		Footer: "© Tin Tức Việt. Giấy phép hoạt động báo điện tử số 000/GP-BTTTT (hư cấu, dùng cho bản demo). " +
			"Tòa soạn: 25 phố Hàng Chuối, Hà Nội.",
		Home: "Trang chủ", Share: "Chia sẻ bài viết", NotFound: "Trang không tồn tại hoặc đã bị gỡ.", Desk: "Nhóm phóng viên thường trú",
	}, {
		Key: "herald", Slug: "weekly-herald", Name: "Vietnam Weekly Herald", Lang: "en", Kind: mediawatch.KindSitemap,
		ListPath: "/sitemap-news.xml", Keep: mediawatch.KeepMentions, Weight: 2,
		Tagline: "Vietnam, explained every week",
		Nav:     []string{"News", "Business", "Travel", "Fact Check", "World"},
		Footer:  "© Vietnam Weekly Herald, Hanoi. A fictional outlet made for the mediawatch demo.",
		Home:    "Home", Share: "Share this story", NotFound: "Page not found.", Desk: "Herald staff",
	}, {
		Key: "nongnghiep", Slug: "nong-nghiep-doi-song", Name: "Nông Nghiệp & Đời Sống", Lang: "vi", Kind: mediawatch.KindPage,
		ListPath: "/tin-tuc/", Selector: "ul.news-list a", Keep: mediawatch.KeepMentions, Weight: 1.5,
		Robots:  allowAll,
		Tagline: "Tạp chí điện tử của nhà nông",
		Nav:     []string{"Nông sản", "Thị trường", "Đời sống", "Du lịch", "Cảnh giác"},
		Footer:  "Nông Nghiệp & Đời Sống — tạp chí điện tử. Ghi rõ nguồn khi phát hành lại thông tin từ trang này.",
		Home:    "Trang chủ", Share: "Chia sẻ", NotFound: "Bài viết không tồn tại.", Desk: "Ban Nông thôn",
	}, {
		Key: "mocchau", Slug: "ban-tin-moc-chau", Name: "Bản Tin Mộc Châu", Lang: "vi", Kind: mediawatch.KindFeed,
		ListPath: "/feed/", Keep: mediawatch.KeepMentions, Weight: 0.8, Robots: allowAll, Silent: true,
		Tagline: "Tin tức cao nguyên Mộc Châu và các huyện lân cận",
		Nav:     []string{"Tin tức", "Du lịch", "Nông sản", "Văn hóa"},
		Footer:  "Bản Tin Mộc Châu — trang tin điện tử tổng hợp (hư cấu, dùng cho bản demo).",
		Home:    "Trang chủ", Share: "Chia sẻ", NotFound: "Không tìm thấy trang.", Desk: "Bản Tin Mộc Châu",
	}}
}

// article is one fixture record. See site/README.txt for the format.
type article struct {
	Outlet    *outlet
	Path      string
	Title     string
	Author    string
	Section   string
	Lang      string
	Summary   string
	Image     string
	Want      string
	Why       string
	Story     string          // a label: every item with it must end in one story
	Rule      string          // the id of the starter rule that must flag it
	Flags     map[string]bool // syndicated cp1258 nfd slow missing after
	Copy      *article        // verbatim copy of this article
	copyRef   string
	Paras     []string
	Edit      *article // the text after Advance, same URL
	Published time.Time
}

// URL is the article's absolute URL.
func (a *article) URL() string { return a.Outlet.Base + a.Path }

var wants = map[string]bool{"kept": true, "not_mentioned": true, "duplicate": true, "disallowed": true,
	"not_found": true, "timeout": true, "updated": true, "history": true, "not_a_post": true}

// loadArticles parses site/<outlet>.txt for every outlet.
func loadArticles(outlets []*outlet, now time.Time) ([]*article, error) {
	var all []*article
	byRef := map[string]*article{}
	for _, o := range outlets {
		if o.Silent {
			continue // history only (makeHistory)
		}
		data, err := siteFS.ReadFile("site/" + o.Key + ".txt")
		if err != nil {
			return nil, err
		}
		var edits []*article
		for i, rec := range strings.Split("\n"+string(data), "\n=== ")[1:] {
			a, err := parseRecord(o, rec, now)
			if err != nil {
				return nil, fmt.Errorf("%w: %s record %d: %v", errFixture, o.Key, i+1, err)
			}
			if a.Flags["edit"] {
				edits = append(edits, a)
				continue
			}
			if byRef[o.Key+" "+a.Path] != nil {
				return nil, fmt.Errorf("%w: %s %s listed twice", errFixture, o.Key, a.Path)
			}
			byRef[o.Key+" "+a.Path] = a
			all = append(all, a)
		}
		for _, e := range edits {
			orig := byRef[o.Key+" "+e.Path]
			if orig == nil {
				return nil, fmt.Errorf("%w: edit of unknown %s %s", errFixture, o.Key, e.Path)
			}
			orig.Edit = e
		}
	}
	for _, a := range all {
		if a.copyRef == "" {
			continue
		}
		src := byRef[a.copyRef]
		if src == nil {
			return nil, fmt.Errorf("%w: copy of unknown %s", errFixture, a.copyRef)
		}
		a.Copy = src
		a.Title, a.Author, a.Paras, a.Published, a.Summary = src.Title, src.Author, src.Paras, src.Published, src.Summary
	}
	return all, nil
}

func parseRecord(o *outlet, rec string, now time.Time) (*article, error) {
	head, body, _ := strings.Cut(rec, "\n\n")
	lines := strings.Split(head, "\n")
	a := &article{Outlet: o, Path: strings.TrimSpace(lines[0]), Lang: o.Lang, Flags: map[string]bool{}}
	if !strings.HasPrefix(a.Path, "/") {
		return nil, fmt.Errorf("path %q", a.Path)
	}
	hours := 0.0
	for _, l := range lines[1:] {
		if strings.TrimSpace(l) == "" {
			continue
		}
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			return nil, fmt.Errorf("header line %q", l)
		}
		v = strings.TrimSpace(v)
		switch k {
		case "title":
			a.Title = v
		case "author":
			a.Author = v
		case "section":
			a.Section = v
		case "lang":
			a.Lang = v
		case "summary":
			a.Summary = v
		case "image":
			a.Image = v
		case "want":
			a.Want = v
		case "why":
			a.Why = v
		case "story":
			a.Story = v
		case "rule":
			a.Rule = v
		case "copy":
			a.copyRef = v
		case "hours":
			h, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return nil, err
			}
			hours = h
		case "flags":
			for _, f := range strings.Fields(v) {
				a.Flags[f] = true
			}
		default:
			return nil, fmt.Errorf("unknown header %q", k)
		}
	}
	for _, p := range strings.Split(body, "\n\n") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			a.Paras = append(a.Paras, p)
		}
	}
	a.Published = now.Add(-time.Duration(hours * float64(time.Hour))).Truncate(time.Minute)
	if a.Flags["edit"] {
		return a, nil
	}
	if !wants[a.Want] || a.Why == "" {
		return nil, fmt.Errorf("%s: want %q / why missing", a.Path, a.Want)
	}
	if a.Image == "" {
		a.Image = "/img/" + strings.TrimSuffix(a.Path[strings.LastIndex(a.Path, "/")+1:], ".html") + ".jpg"
	}
	if a.copyRef == "" && (a.Title == "" || a.Author == "" || len(a.Paras) < 3) {
		return nil, fmt.Errorf("%s: title, author and three paragraphs are required", a.Path)
	}
	if a.Summary == "" && len(a.Paras) > 0 {
		a.Summary = clip(a.Paras[0], 200)
	}
	return a, nil
}

// clip shortens s to at most n bytes at a word boundary, adding "…".
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut <= 0 {
		cut = n
	}
	return strings.TrimRight(s[:cut], ",;:") + "…"
}
