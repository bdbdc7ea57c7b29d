// Package people holds what sign-in needs that is not storage: password
// hashing, random tokens and the throttle policy for failed sign-ins.
//
// # Password hashing
//
// Passwords are hashed with argon2id and kept as a PHC string,
// $argon2id$v=19$m=65536,t=2,p=2$<salt>$<hash>, so the parameters travel
// with each hash: they can be raised later without breaking old hashes, and
// Verify reads them from the stored string, never from this package's
// constants.
//
// The parameters (64 MiB, 2 passes, 2 lanes) suit the machine mediawatch
// runs on: two cores shared with crawling and indexing. One hash takes about
// a tenth of a second and 64 MiB for that time, which makes guessing a
// stolen database slow (RFC 9106's second recommended setting uses the same
// memory), while a burst of sign-ins cannot exhaust memory: desk.People
// runs at most four checks at once (256 MiB) and the others wait their turn.
// p=2 uses both cores for one hash rather than leaving one idle.
//
// Verify refuses parameters far outside what Hash writes (more than
// 256 MiB, more than 16 passes or lanes): a damaged or planted hash string
// must not be able to make one sign-in allocate gigabytes.
//
// # Throttle
//
// Throttle is a pure function of the failure history and the time: the
// store keeps failed sign-ins (name, address, time) and the desk asks
// Throttle what to do before checking a password. A few failures cost a
// growing delay (1, 2, 4, 8 s); MaxFailures of them within the window lock
// sign-in for Lock. Being pure, it is tested without sleeping.
package people
