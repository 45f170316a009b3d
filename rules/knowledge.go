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

// dtSpawnFns and dtSpawnMethods are the paths of knowledge.Spawns: functions, and runtime
// methods written in path form with the receiver first.
var dtSpawnFns, dtSpawnMethods = spawnPaths()

func spawnPaths() (fns, methods []string) {
	for _, e := range knowledge.Spawns {
		if e.Method {
			methods = append(methods, e.Path)
		} else {
			fns = append(fns, e.Path)
		}
	}
	return fns, methods
}

// knowledgeNames returns the names of a table of knowledge.Named, in order.
func knowledgeNames(tbl []knowledge.Named) []string {
	out := make([]string, len(tbl))
	for i, e := range tbl {
		out[i] = e.Name
	}
	return out
}
