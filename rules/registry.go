package rules

// All is every rule rustaudit has, in the order `rustaudit rules` lists them. Adding a rule
// is one line here plus its own files (rules/<id>.go, rules/<id>.md, testdata/rules/<id>/).
var All = []*Rule{
	PendingWithoutWaker,
	DetachedTask,
	SelectTimerInLoop,
	LargeFutureCapture,
	SelectCancelUnsafe,
	PollAfterReady,
	BlockingInAsync,
	LockAcrossAwait,
	LockTwice,
	UnboundedChannel,
	SelectUnbiasedPriority,
	SelectAllDisabled,
	UncheckedPinProjection,
	UnusedSuppression,
}

// ByID returns the rule with that id, or nil.
func ByID(id string) *Rule {
	for _, r := range All {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// IDs returns every rule id in registry order.
func IDs() []string {
	out := make([]string, len(All))
	for i, r := range All {
		out[i] = r.ID
	}
	return out
}
