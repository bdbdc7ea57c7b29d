package desk

import (
	"context"
	"fmt"
	"strings"
	"time"

	"mediawatch"
	"mediawatch/store"
)

// Flags is one page of the flags a filter selects, newest first, with the
// total in all pages.
func (d *Desk) Flags(ctx context.Context, f store.FlagFilter) (store.FlagPage, error) {
	return d.store.Flags(ctx, f)
}

// Flag reads one flag with its item; an unknown id wraps
// mediawatch.ErrNotFound.
func (d *Desk) Flag(ctx context.Context, id int64) (store.FlagView, error) {
	return d.store.Flag(ctx, id)
}

// FlagExport is every flag of a filter, newest first, page by page — not
// capped at a page.
type FlagExport struct {
	d     *Desk
	who   mediawatch.Actor
	f     store.FlagFilter
	first store.FlagPage
	// Total is the number of flags when the export began.
	Total int
}

// StartFlagExport reads the first page before anything is sent, so that
// a store that cannot answer is still an error the face can show whole;
// Rows then streams. f's page and cursor are replaced; f.Size is the page
// read at a time (store.MaxFlagPageSize when zero). Every export is in the
// audit log under who's name, with its filter and the rows it gave.
func (d *Desk) StartFlagExport(ctx context.Context, who mediawatch.Actor, f store.FlagFilter) (*FlagExport, error) {
	if f.Size <= 0 {
		f.Size = store.MaxFlagPageSize
	}
	f.Page, f.AfterID = 0, 0
	first, err := d.store.Flags(ctx, f)
	if err != nil {
		return nil, err
	}
	return &FlagExport{d: d, who: who, f: f, first: first, Total: first.Total}, nil
}

// Rows calls row for every flag, in order, until the last or an error
// from row or the store; it returns how many rows it handed over.
func (e *FlagExport) Rows(ctx context.Context, row func(store.FlagView) error) (n int, err error) {
	defer func() {
		detail := fmt.Sprintf("flags %s, %d rows", describeFlagFilter(e.f), n)
		if err != nil {
			detail += ", cut short: " + err.Error()
		}
		e.d.Record(context.WithoutCancel(ctx), e.who, "export", "flags", detail)
	}()
	page, f := e.first, e.f
	for {
		for _, fv := range page.Flags {
			if err = row(fv); err != nil {
				return n, err
			}
			n++
		}
		if len(page.Flags) < f.Size {
			return n, nil
		}
		f.AfterID = page.Flags[len(page.Flags)-1].ID
		if page, err = e.d.store.Flags(ctx, f); err != nil {
			return n, err
		}
	}
}

// describeFlagFilter says in plain words what a flag export selected, for
// the audit log.
func describeFlagFilter(f store.FlagFilter) string {
	var parts []string
	add := func(name string, vals []string) {
		if len(vals) > 0 {
			parts = append(parts, name+"="+strings.Join(vals, ","))
		}
	}
	if !f.From.IsZero() {
		parts = append(parts, "from="+f.From.Format(time.RFC3339))
	}
	if !f.To.IsZero() {
		parts = append(parts, "to="+f.To.Format(time.RFC3339))
	}
	add("rule", f.Rules)
	add("source", f.Sources)
	var sev, st []string
	for _, s := range f.Severities {
		sev = append(sev, string(s))
	}
	for _, s := range f.Statuses {
		st = append(st, string(s))
	}
	add("severity", sev)
	add("status", st)
	if len(parts) == 0 {
		return "(all)"
	}
	return strings.Join(parts, " ")
}
