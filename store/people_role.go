package store

import (
	"context"
	"database/sql"
	"fmt"

	"mediawatch"
)

// SetUserRole gives person id a new role. The role is read afresh with
// every request of the person's sessions, so the change holds from their
// next page on, without signing them out.
func (db *DB) SetUserRole(ctx context.Context, id int64, role mediawatch.Role) error {
	if !role.Valid() {
		return fmt.Errorf("set role of user %d: %w: role %q", id, mediawatch.ErrInvalid, role)
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		return updateUser(ctx, tx, id, `role = ?`, string(role))
	})
	if err != nil {
		return fmt.Errorf("set role of user %d: %w", id, err)
	}
	return nil
}
