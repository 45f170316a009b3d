package rules

import "github.com/rustaudit/rustaudit/knowledge"

// Adapters from the knowledge base's tables (package knowledge) to the shapes the rules
// look them up in.

// frameworkPolledSet returns knowledge.FrameworkPolled as "Trait.method" keys.
func frameworkPolledSet() map[string]bool {
	m := make(map[string]bool, len(knowledge.FrameworkPolled))
	for _, e := range knowledge.FrameworkPolled {
		m[e.Trait+"."+e.Method] = true
	}
	return m
}
