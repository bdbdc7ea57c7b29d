package web

import (
	"context"

	"mediawatch"
	"mediawatch/desk"
)

// Admin is what the admin's pages need: people, API keys and the audit
// log (desk.Admin implements it). Every change takes the actor, so the
// audit log names the admin who made it and from where.
type Admin interface {
	// Users returns every account, disabled ones included, by name.
	Users(ctx context.Context) ([]mediawatch.User, error)
	// CreateUser makes an account; an empty password means one is
	// generated and returned, once.
	CreateUser(ctx context.Context, actor mediawatch.Actor, name, role, lang, tz, password string) (generated string, err error)
	// DisableUser and EnableUser switch an account off (its sessions end)
	// and on again.
	DisableUser(ctx context.Context, actor mediawatch.Actor, name string) error
	EnableUser(ctx context.Context, actor mediawatch.Actor, name string) error
	// ResetPassword gives an account a generated password, returned once;
	// its sessions end.
	ResetPassword(ctx context.Context, actor mediawatch.Actor, name, newPassword string) (generated string, err error)
	// SetRole changes an account's role; the last active admin keeps
	// theirs (mediawatch.ErrConflict).
	SetRole(ctx context.Context, actor mediawatch.Actor, name, role string) error

	// APIKeys returns every key, revoked ones included.
	APIKeys(ctx context.Context) ([]mediawatch.APIKey, error)
	// CreateKey and RotateKey return the key's secret, once.
	CreateKey(ctx context.Context, actor mediawatch.Actor, name, role string) (string, mediawatch.APIKey, error)
	RotateKey(ctx context.Context, actor mediawatch.Actor, name string) (string, mediawatch.APIKey, error)
	RevokeKey(ctx context.Context, actor mediawatch.Actor, name string) error

	// AuditLog returns the entries f chooses, newest first.
	AuditLog(ctx context.Context, f desk.AuditFilter) ([]mediawatch.AuditEntry, error)
}
