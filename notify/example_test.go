package notify_test

import (
	"fmt"
	"io"
	"net/http"
	"time"

	"mediawatch/notify"
)

// A receiver checks the signature over the raw body and the timestamp's
// freshness before it trusts anything in the request.
func ExampleVerify() {
	secret := "shared-secret-of-16+-chars"
	handler := func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			http.Error(w, "unreadable body", http.StatusBadRequest)
			return
		}
		ts := r.Header.Get(notify.HeaderTimestamp)
		if err := notify.Verify(secret, r.Header.Get(notify.HeaderSignature), ts, body); err != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		if err := notify.Fresh(ts, time.Now(), notify.DefaultTolerance); err != nil {
			http.Error(w, "stale request", http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusNoContent) // then decode body as a notify.Event
	}
	_ = handler

	body := []byte(`{"id":"flag-1","type":"flag"}`)
	sig := notify.Sign(secret, "1741935600", body)
	fmt.Println(notify.Verify(secret, sig, "1741935600", body))
	fmt.Println(notify.Verify(secret, sig, "1741935600", []byte(`{"id":"flag-2","type":"flag"}`)) != nil)
	// Output:
	// <nil>
	// true
}
