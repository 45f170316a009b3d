package scan

// EveryRule is, for the external tests, an engine with every rule on.
var EveryRule = everyRule
