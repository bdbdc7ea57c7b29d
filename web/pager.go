package web

import (
	"net/url"
	"strconv"
)

// pager is the paging of a list page: which page of how many, and the links
// to its neighbours with the rest of the query kept. Build it with newPager
// and put it in the page's Data; the layout's "pager" block draws it:
//
//	{{template "pager" $.PagerView .Data.Pager}}
type pager struct {
	Page, PerPage, Total int
	query                url.Values
	path                 string
}

// maxPage bounds ?page= so a huge number cannot overflow an offset.
const maxPage = 100000

// newPager reads ?page= (1 when absent or not a number; clamped to the last
// page) for a list of total rows shown perPage at a time.
func newPager(u *url.URL, total, perPage int) pager {
	if perPage < 1 {
		perPage = 20
	}
	p, err := strconv.Atoi(u.Query().Get("page"))
	if err != nil || p < 1 {
		p = 1
	}
	if p > maxPage {
		p = maxPage
	}
	pg := pager{Page: p, PerPage: perPage, Total: total, query: u.Query(), path: u.Path}
	if last := pg.Pages(); pg.Page > last {
		pg.Page = last
	}
	return pg
}

// Pages is the number of pages, at least 1.
func (p pager) Pages() int {
	if p.Total <= 0 {
		return 1
	}
	return (p.Total + p.PerPage - 1) / p.PerPage
}

// Offset is the first row of the page, for the query's OFFSET.
func (p pager) Offset() int { return (p.Page - 1) * p.PerPage }

// HasPrev and HasNext say whether there are neighbours.
func (p pager) HasPrev() bool { return p.Page > 1 }

// HasNext reports whether a later page exists.
func (p pager) HasNext() bool { return p.Page < p.Pages() }

// PrevURL and NextURL link to the neighbours, keeping the other parameters.
func (p pager) PrevURL() string { return p.link(p.Page - 1) }

// NextURL links to the next page.
func (p pager) NextURL() string { return p.link(p.Page + 1) }

func (p pager) link(n int) string {
	q := url.Values{}
	for k, v := range p.query {
		q[k] = v
	}
	if n <= 1 {
		q.Del("page")
	} else {
		q.Set("page", strconv.Itoa(n))
	}
	if len(q) == 0 {
		return p.path
	}
	return p.path + "?" + q.Encode()
}

func itoa(n int) string { return strconv.Itoa(n) }

// pagerView is what the "pager" block gets: the pager and the page (for its
// texts and numbers).
type pagerView struct {
	P *page
	pager
}

// PagerView pairs a pager with the page for the "pager" template block.
func (p *page) PagerView(pg pager) pagerView { return pagerView{P: p, pager: pg} }
