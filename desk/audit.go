package desk

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"mediawatch"
	"mediawatch/store"
)

// AuditStore is what the audit log is kept in. *store.DB satisfies it. It
// has no method to change or delete an entry, on purpose.
type AuditStore interface {
	AppendAudit(ctx context.Context, e mediawatch.AuditEntry) (mediawatch.AuditEntry, error)
	Audit(ctx context.Context, f store.AuditFilter) ([]mediawatch.AuditEntry, error)
}

// AuditFilter chooses entries of the audit log; see store.AuditFilter.
type AuditFilter = store.AuditFilter

// auditTimeout bounds one audit write made after the caller's request has
// gone: an entry must not be lost to a closed browser tab, nor hang.
const auditTimeout = 10 * time.Second

// Audit records who did what, when and from where, in the append-only
// audit log. A nil *Audit records nothing, so a use case can be run
// without one (tests, one-off tools).
type Audit struct {
	Store AuditStore
	Log   *slog.Logger     // nil discards
	Now   func() time.Time // nil means time.Now
}

// Record appends an entry for actor doing action on target, with detail
// in plain words. It never fails the caller's work: the change it records
// is already made, so an error writing the entry is logged, not returned.
// It writes even when ctx is cancelled (the person closed the tab after
// the change was made), within a timeout of its own.
func (a *Audit) Record(ctx context.Context, actor mediawatch.Actor, action, target, detail string) {
	if a == nil || a.Store == nil {
		return
	}
	now := time.Now
	if a.Now != nil {
		now = a.Now
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), auditTimeout)
	defer cancel()
	e := mediawatch.AuditEntry{At: now(), ActorKind: actor.Kind, Actor: actor.Name, Address: actor.Address,
		Action: action, Target: target, Detail: detail}
	if _, err := a.Store.AppendAudit(ctx, e); err != nil {
		orDiscard(a.Log).ErrorContext(ctx, "audit entry not written", "action", action, "actor", actor.Name,
			"target", target, "err", err)
	}
}

// List returns the entries f chooses, newest first; the next page starts
// before the last one's ID.
func (a *Audit) List(ctx context.Context, f AuditFilter) ([]mediawatch.AuditEntry, error) {
	if a == nil || a.Store == nil {
		return nil, fmt.Errorf("audit log: %w: not kept here", mediawatch.ErrNotFound)
	}
	return a.Store.Audit(ctx, f)
}

// orDiscard returns l, or one that discards when l is nil.
func orDiscard(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.New(slog.DiscardHandler)
	}
	return l
}
