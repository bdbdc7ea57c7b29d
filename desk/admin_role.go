package desk

import (
	"context"
	"fmt"

	"mediawatch"
)

// RoleStore is the store's role change. *store.DB satisfies it; it is
// apart from PeopleStore because only the admin's pages need it.
type RoleStore interface {
	SetUserRole(ctx context.Context, id int64, role mediawatch.Role) error
}

// SetRole gives the account called name a new role (viewer, editor or
// admin). It holds from the person's next page on: sessions read the role
// afresh. Taking the admin role from the last active admin is refused
// (mediawatch.ErrConflict): nobody could then manage the office's people
// from the pages. A bad role is mediawatch.ErrInvalid. Audited as
// user.role with the old and new roles.
func (p *People) SetRole(ctx context.Context, actor mediawatch.Actor, name, role string) error {
	rs, ok := p.Store.(RoleStore)
	if !ok {
		return fmt.Errorf("set role: %w: this store cannot change roles", mediawatch.ErrInvalid)
	}
	r, err := mediawatch.ParseRole(role)
	if err != nil {
		return fmt.Errorf("set role of %q: %w", name, err)
	}
	u, err := p.Store.UserByName(ctx, name)
	if err != nil {
		return err
	}
	if u.Role == r {
		return nil
	}
	if u.Role == mediawatch.RoleAdmin && !u.Disabled() {
		last, err := p.lastAdmin(ctx, u.ID)
		if err != nil {
			return err
		}
		if last {
			return fmt.Errorf("set role of %q: %w: the last active admin keeps the role", u.Name, mediawatch.ErrConflict)
		}
	}
	if err := rs.SetUserRole(ctx, u.ID, r); err != nil {
		return err
	}
	p.changed(ctx, actor, "user.role", u.Name, fmt.Sprintf("%s → %s", u.Role, r))
	return nil
}

// lastAdmin reports whether account id is the only active admin.
func (p *People) lastAdmin(ctx context.Context, id int64) (bool, error) {
	us, err := p.Store.Users(ctx)
	if err != nil {
		return false, err
	}
	for _, u := range us {
		if u.ID != id && u.Role == mediawatch.RoleAdmin && !u.Disabled() {
			return false, nil
		}
	}
	return true, nil
}

// Admin is what the admin's pages call: the people use cases, the API
// keys and the audit log together. Each part keeps its own audit.
type Admin struct {
	*People
	*Keys
	Log *Audit // the audit log the page lists
}

// AuditLog returns the audit entries f chooses, newest first.
func (a Admin) AuditLog(ctx context.Context, f AuditFilter) ([]mediawatch.AuditEntry, error) {
	return a.Log.List(ctx, f)
}
