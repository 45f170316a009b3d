package rules

// Calls between the packages of one scan. A library's exported fn has callers out of its own
// package's sight; when the scan holds the packages that call it (a workspace's binary
// calling its own library's `BootManager::init()`), what those calls are decides what the fn
// is: start-up code when every such call is start-up code of its own package.
//
// Each package, with its own facts, describes its calls into the other packages of the scan
// (PeerCalls); the Workspace gathers them, and a package's settling reads those made into
// it (peerCallsOf). A package served from the cache keeps the calls it made in its entry,
// and one settled under other calls into it than today's is analysed again (PeerDigest).

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// PeerCall is one call of a fn of another package of the scan: which fn, by the package's
// crate name and the path's last two segments, and whether the call runs only at start-up
// in the package that makes it, under each reading startupOnly has.
type PeerCall struct {
	Lib  string // the crate name the path starts with (`common`)
	Kind uint8  // biRefKind: a free fn, or an associated fn of Qual
	Qual string // the type (associated fns) or the last module of the path
	Name string
	// Detached, Blocking and BlockingVia are startupOnly's answers for the call: for a
	// detached task (initNamed false), for blocking code (initNamed true), and for
	// blocking code whose chain in the called package already passed an init fn.
	Detached, Blocking, BlockingVia bool
	Where                           string // how a note names the calling chain
}

func (pc PeerCall) startup(initNamed, via bool) bool {
	switch {
	case !initNamed:
		return pc.Detached
	case via:
		return pc.BlockingVia
	}
	return pc.Blocking
}

func (pc PeerCall) describe(f *biFnFact) string {
	name := f.Name
	if f.Type != "" {
		name = f.Type + "::" + name
	}
	return fmt.Sprintf("calls from the scan's other packages (`%s` is called by %s, which runs only at start-up there)", name, pc.Where)
}

// CrateName is the name a package's library crate goes by in paths: its `[lib] name`, or
// the package's name, with `-` as `_`.
func CrateName(pkg *CrateInfo) string {
	if pkg == nil {
		return ""
	}
	if pkg.LibName != "" {
		return strings.ReplaceAll(pkg.LibName, "-", "_")
	}
	return strings.ReplaceAll(pkg.Name, "-", "_")
}

// PeerCalls describes the calls one package's results make into the libraries named in libs
// (crate names of the scan's other packages).
func PeerCalls(results []*FileResult, libs map[string]bool) []PeerCall {
	// In path order, as Settle makes the crate: the two share it.
	sort.Slice(results, func(i, j int) bool { return results[i].Info.Path < results[j].Info.Path })
	for _, c := range crateFacts(results) {
		own := CrateName(results[0].Info.Package)
		return peerCallsFrom(c, othersThan(libs, own), own)
	}
	return nil
}

func peerCallsFrom(c *Crate, libs map[string]bool, own string) []PeerCall {
	facts := Facts(c, suFactFn)
	var out []PeerCall
	var sg *suGraph
	memo := map[int][3]bool{} // by caller: startupChains under each reading
	for i := range facts {
		for _, r := range facts[i].Fn.Calls {
			if r.Ext == "" || !libs[r.Ext] || r.Kind == biRefMethod {
				continue
			}
			if sg == nil {
				sg = suGraphOf(c)
			}
			if len(sg.g.resolve(r)) > 0 {
				continue // a fn of this package after all (a module named like the crate)
			}
			pc := PeerCall{Lib: r.Ext, Kind: uint8(r.Kind), Qual: r.Qual, Name: r.Name}
			k, ok := sg.g.byID[facts[i].Fn.ID]
			if ok {
				chains, have := memo[k]
				if !have {
					_, chains[0] = startupChains(c, k, true, false, true)
					_, chains[1] = startupChains(c, k, true, true, true)
					_, chains[2] = startupChains(c, k, false, false, true)
					memo[k] = chains
				}
				before := sg.spawnsBefore(k, r.Off)
				// A call in a loop or a closure (a task spawned per connection) runs many
				// times, however often its fn does.
				once := !slices.Contains(facts[i].Repeat, r.Off)
				pc.Blocking, pc.BlockingVia, pc.Detached = chains[0] && !before && once, chains[1] && !before && once, chains[2] && once
			}
			pc.Where = fmt.Sprintf("`%s` in package `%s` (%s)", facts[i].Fn.Name, own, biRel(c.Root, facts[i].Fn.Path))
			out = append(out, pc)
		}
	}
	return out
}

// peerCallsOf returns the calls the scan's other packages make of f, an exported fn of c.
func peerCallsOf(c *Crate, f *biFnFact) []PeerCall {
	if c.ws == nil || c.lib == "" || !f.Exported {
		return nil
	}
	var out []PeerCall
	for _, pc := range c.ws.peers[c.lib] {
		if pc.Name != f.Name {
			continue
		}
		switch biRefKind(pc.Kind) {
		case biRefAssoc:
			if pc.Qual != f.Type {
				continue
			}
		case biRefFn:
			if f.Method || pc.Qual != f.Module && !(f.Module == "" && pc.Qual == pc.Lib) {
				continue
			}
		default:
			continue
		}
		out = append(out, pc)
	}
	// The same order whichever order the packages were described in (a cached scan gathers
	// them by crate, a plain one by file): the first names the caller in notes.
	slices.SortFunc(out, func(a, b PeerCall) int { return strings.Compare(a.Where, b.Where) })
	return out
}

// AddPeerCalls gives the workspace calls one package makes into the others.
func (w *Workspace) AddPeerCalls(calls []PeerCall) {
	if w.peers == nil {
		w.peers = map[string][]PeerCall{}
	}
	for _, pc := range calls {
		w.peers[pc.Lib] = append(w.peers[pc.Lib], pc)
	}
}

// PeerDigest sums up the calls made into the package root's crate: a package settled under
// another digest than today's must be settled again.
func (w *Workspace) PeerDigest(pkg *CrateInfo) [sha256.Size]byte {
	calls := slices.Clone(w.peers[CrateName(pkg)])
	keys := make([]string, len(calls))
	for i, pc := range calls {
		keys[i] = fmt.Sprintf("%d\x00%s\x00%s\x00%v%v%v\x00%s", pc.Kind, pc.Qual, pc.Name, pc.Detached, pc.Blocking, pc.BlockingVia, pc.Where)
	}
	slices.Sort(keys)
	return sha256.Sum256([]byte(strings.Join(keys, "\x01")))
}

// PeerLibs are the crate names of the scan's packages.
func PeerLibs(pkgs []*CrateInfo) map[string]bool {
	libs := map[string]bool{}
	for _, p := range pkgs {
		if n := CrateName(p); n != "" {
			libs[n] = true
		}
	}
	return libs
}

// othersThan is libs without own.
func othersThan(libs map[string]bool, own string) map[string]bool {
	if !libs[own] {
		return libs
	}
	out := make(map[string]bool, len(libs))
	for l := range libs {
		if l != own {
			out[l] = true
		}
	}
	return out
}
