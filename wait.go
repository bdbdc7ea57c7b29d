package mediawatch

import (
	"context"
	"time"
)

// Sleep waits d, or until ctx is done, whichever comes first, and returns
// ctx's error in the second case: every wait of mediawatch (politeness,
// retries, mail resends, sign-in throttling) must end on SIGINT at once.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
