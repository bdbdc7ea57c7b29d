// Package notify tells an outside system about new high and critical flags
// and the alerts (spikes, sources gone silent, failing or recovered)
// through a webhook: a signed JSON POST per event (Webhook.Send), retried
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
// The event types are flag, spike, source.silent, source.failing and
// source.recovered: the X-Mediawatch-Event header and the body's "type".
// A flag event has the shape above, unchanged since the first version
// (flag and item); only flags at or above MinSeverity are sent. The other
// types carry "at" (when mediawatch noticed), the object of their type,
// and "link", the page of mediawatch's web face about it (only when
// web.public_url is set); "flag" and "item" are absent:
//
//	{"id":"spike-rule-dam-rumour-1h-2025-03-14T00","type":"spike",
//	 "at":"2025-03-14T00:05:00Z",
//	 "spike":{"scope":"rule","key":"dam-rumour","window_seconds":3600,
//	          "end":"2025-03-14T00:05:00Z","count":12,"mean":1.5,"sd":0.5,
//	          "threshold":3,"days":14,"story_ids":[41,7]},
//	 "link":"https://mediawatch.example/stories/41",
//	 "sent_at":"2025-03-14T00:05:01Z"}
//
//	{"id":"source-baosonla-silent-…","type":"source.silent",
//	 "at":"…",
//	 "source":{"source":"baosonla","label":"Báo Sơn La","from":"ok",
//	           "to":"silent","why":"7-day mean 0.0 below 28-day mean 5.2 − 1.5 × 1.1"},
//	 "link":"https://mediawatch.example/sources","sent_at":"…"}
//
// scope is "rule" (key: the rule id; count: distinct items it flagged in
// the window) or "term" (key: the watch term; count: items mentioning
// it); window_seconds is 3600 or 86400; mean, sd and threshold (mean +
// k·sd) are over the same window on each of the previous days days;
// story_ids are the stories of the window's items, most items first.
// source.failing and source.recovered have the same shape as
// source.silent, with from and to the states (ok, failing, silent,
// recovered) and why the last error or the silence figures (none when
// recovered). The id is the same every time the same event is seen (a
// spike's names its window), so a receiver drops a repeat as for flags.
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
