// Package notify tells an outside system about new high and critical flags
// through a webhook: a signed JSON POST per flag (Webhook.Send), retried
// with backoff, every attempt written to a delivery log (Log), and a
// bounded in-process queue that delivers in the background (Queue).
//
// It imports only the root package and the standard library. It must not
// read or write the store itself: the caller hands it events and a Log
// implementation (the store's, or MemoryLog).
//
// # Request
//
//	POST <url>
//	Content-Type: application/json
//	X-Mediawatch-Event: flag
//	X-Mediawatch-Delivery: flag-42             the event id, the same on every attempt
//	X-Mediawatch-Timestamp: 1741935600         Unix seconds of this attempt
//	X-Mediawatch-Signature: sha256=<64 hex>
//
//	{"id":"flag-42","type":"flag",
//	 "flag":{"id":42,"item_id":7,"rule_id":"dam-rumour","severity":"critical",
//	         "snippet":"…","matched_terms":["vỡ đập"],"created_at":"…"},
//	 "item":{"title":"…","url":"…","source":"…"},
//	 "sent_at":"2025-03-14T07:00:00Z"}
//
// # Verifying a request
//
// The signature is HMAC-SHA256, keyed with the shared secret, over the
// timestamp header's value, a full stop, and the raw body bytes:
//
//	sha256=hex(HMAC-SHA256(secret, timestamp + "." + body))
//
// A receiver reads the raw body before decoding it, recomputes the MAC
// and compares it in constant time (Verify does this), then refuses a
// timestamp more than a few minutes from its own clock (Fresh), so that a
// captured request cannot be replayed; the timestamp is inside the MAC,
// so it cannot be altered. A receiver should drop an event id it has
// already seen: a retry after a lost answer repeats the event.
//
// # Retries
//
// A network error, a 5xx or a 429 is tried again, Retries times, after
// Backoff, doubling each time, each wait a random point between its half
// and itself so that many senders do not return together. A Retry-After
// (seconds or an HTTP date) replaces that wait; one longer than MaxWait
// ends the delivery. Any other answer (a 4xx, a redirect) ends it at once:
// the request itself is wrong and repeating it would not help.
package notify
