package desk

import (
	"context"
	"fmt"

	"mediawatch"
)

// KeyStore is where API keys are kept. *store.DB satisfies it.
type KeyStore interface {
	CreateKey(ctx context.Context, name string, role mediawatch.Role) (string, mediawatch.APIKey, error)
	ListKeys(ctx context.Context) ([]mediawatch.APIKey, error)
	RevokeKey(ctx context.Context, name string) error
	RotateKey(ctx context.Context, name string) (string, mediawatch.APIKey, error)
}

// Keys are the use cases of API keys, shared by `mediawatch keys` and the
// admin's keys page: each change is audited with who made it, so the log
// says which person (or which shell account) gave a program its access.
// A key's secret is returned once, by CreateKey and RotateKey, and never
// stored: only its hash is.
type Keys struct {
	Store KeyStore
	Audit *Audit // nil records nothing
}

// APIKeys returns every key, revoked ones included, in the store's order
// oldest first (see store.ListKeys).
func (k *Keys) APIKeys(ctx context.Context) ([]mediawatch.APIKey, error) {
	return k.Store.ListKeys(ctx)
}

// CreateKey makes a key called name with role (viewer, editor or admin)
// and returns its secret. A bad name or role is mediawatch.ErrInvalid; a
// name a live key has is mediawatch.ErrConflict. Audited as key.create.
func (k *Keys) CreateKey(ctx context.Context, actor mediawatch.Actor, name, role string) (string, mediawatch.APIKey, error) {
	r, err := mediawatch.ParseRole(role)
	if err != nil {
		return "", mediawatch.APIKey{}, fmt.Errorf("create key %q: %w", name, err)
	}
	token, key, err := k.Store.CreateKey(ctx, name, r)
	if err != nil {
		return "", mediawatch.APIKey{}, err
	}
	k.Audit.Record(ctx, actor, "key.create", key.Name, "role "+string(key.Role)+", prefix "+key.Prefix)
	return token, key, nil
}

// RotateKey replaces the live key called name with a new secret of the
// same name and role; the old one is refused from the next request on.
// It returns the new secret. A name no key had is mediawatch.ErrNotFound;
// one whose keys are all revoked is mediawatch.ErrRevoked. Audited as
// key.rotate.
func (k *Keys) RotateKey(ctx context.Context, actor mediawatch.Actor, name string) (string, mediawatch.APIKey, error) {
	token, key, err := k.Store.RotateKey(ctx, name)
	if err != nil {
		return "", mediawatch.APIKey{}, err
	}
	k.Audit.Record(ctx, actor, "key.rotate", key.Name, "new prefix "+key.Prefix)
	return token, key, nil
}

// RevokeKey revokes the live key called name from the next request on.
// Errors are RotateKey's. Audited as key.revoke.
func (k *Keys) RevokeKey(ctx context.Context, actor mediawatch.Actor, name string) error {
	if err := k.Store.RevokeKey(ctx, name); err != nil {
		return err
	}
	k.Audit.Record(ctx, actor, "key.revoke", name, "")
	return nil
}
