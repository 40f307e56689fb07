package audit

// ComputeHash lets the tests recompute hashes exactly as Record does, as an
// attacker who has read this code would.
var ComputeHash = Event.computeHash
