package rules

import (
	"strings"

	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules/cfg"
)

// A guard bound by a pattern: what ends it early (drop, move, shadowing) before an await
// point, and a guard held by a `match`/`if let` scrutinee.

// guardCheckBinding reports a guard bound to names (or, with no names, a borrow of it that
// keeps it alive) when it is alive at a suspension point of region, and says whether it did.
func guardCheckBinding(p *Pass, w *guardWatch, lk lockCall, names patBindings, pat parser.NodeID, region guardRegion, via string) bool {
	t := p.Tree
	awaits := w.points(t, region.container, parser.None)
	var kills []parser.NodeID
	if len(names.names) > 0 && !names.hasRef {
		kills = guardKills(t, names, region)
		if w.kills != nil {
			kills = append(kills, w.kills(t, names, region)...)
		}
	}
	for _, ap := range awaits {
		if t.Nodes[ap.node].Start < region.from {
			continue
		}
		if guardKilledBefore(t, kills, ap, region.container) {
			continue
		}
		w.binding(p, lk, names, pat, ap, via)
		return true
	}
	return false
}

// guardKills finds the uses of the bound names after region.from that move the guard away:
// `drop(g)`, `mem::drop(g)`, `consume(g)`, `x.method(g)`, `let h = g;`, also inside a tuple
// or array handed over (`drop((data, g))`).
func guardKills(t *parser.Tree, names patBindings, region guardRegion) []parser.NodeID {
	var out []parser.NodeID
	WalkBody(t, region.container, func(d parser.NodeID) bool {
		if d != region.container && IsBodyBoundary(t, d) {
			// `async move { .. g .. }` / `move || g`: the guard moves into it
			if t.Nodes[d].Start >= region.from && t.FirstChildOfKind(d, parser.TMove) >= 0 {
				captured := false
				t.Walk(d, func(x parser.NodeID) bool {
					if !captured && t.Is(x, parser.KIdentifier) && names.has(t, x) && !guardShadowed(t, x, t.Text(x), region) {
						captured = true
					}
					return !captured
				})
				if captured {
					out = append(out, d)
				}
			}
			return false
		}
		if !t.Is(d, parser.KIdentifier) || t.Nodes[d].Start < region.from || !names.has(t, d) {
			return true
		}
		// `drop((data, g))`: a tuple or array built around the guard moves it along
		v := d
		p := t.Parent(d)
		for t.Is(p, parser.KTupleExpression) || t.Is(p, parser.KArrayExpression) {
			v, p = p, t.Parent(p)
		}
		moved := false
		switch {
		case t.Is(p, parser.KArguments):
			moved = true
		case t.Is(p, parser.KLetDeclaration) && t.Field(p, parser.FValue) == v:
			moved = true
		}
		if moved && !guardShadowed(t, d, t.Text(d), region) {
			out = append(out, d)
		}
		return true
	})
	return out
}

// guardShadowed reports whether the identifier occ, between region.from and occ, refers to a
// newer binding of name than the guard's.
func guardShadowed(t *parser.Tree, occ parser.NodeID, name string, region guardRegion) bool {
	occStart := t.Nodes[occ].Start
	shadowed := false
	child := occ
	for a := t.Parent(occ); a >= 0 && !shadowed; child, a = a, t.Parent(a) {
		patternsInScope(t, a, child, occStart, func(pat, let parser.NodeID) bool {
			switch {
			case let >= 0 && t.Nodes[let].Start < region.from:
				return true // a binding from before the guard's region
			case t.Is(a, parser.KMatchArm) && t.Field(a, parser.FValue) != child:
				return true // only the arm's body counts here, not its guard
			}
			shadowed = patternNames(t, pat).hasName(name)
			return !shadowed
		})
		if a == region.container {
			break
		}
	}
	return shadowed
}

// guardKilledBefore reports whether the kills that come before the suspension point ap
// (in the text, outside ap's own operand) together lie on every path from the start of
// container to ap: each path moves the guard away first.
func guardKilledBefore(t *parser.Tree, kills []parser.NodeID, ap lockPoint, container parser.NodeID) bool {
	// The kills that can lie on a path to ap are checked first: most guards have none, and
	// then the body's graph is not needed (building it was most of this function's cost).
	var before []parser.NodeID
	for _, k := range kills {
		if t.Nodes[k].End > t.Nodes[ap.at].Start || t.IsAncestor(ap.node, k) {
			continue
		}
		before = append(before, k)
	}
	if len(before) == 0 {
		return false
	}
	g := cfg.Of(t, ap.node)
	target := g.Enter(ap.node)
	from := g.Enter(container)
	if cfg.IsBody(t, container) {
		from = cfg.Entry
	}
	if target < 0 || from < 0 {
		return false
	}
	var avoid []cfg.Point
	for _, k := range before {
		if p := g.Enter(k); p >= 0 {
			avoid = append(avoid, p)
		}
	}
	return len(avoid) > 0 && !g.ReachesAvoidingAll(from, target, avoid)
}

// guardDiverges reports whether branch b always leaves: every path through it returns,
// breaks, continues or panics.
func guardDiverges(t *parser.Tree, b parser.NodeID) bool {
	return cfg.Diverges(t, b)
}

// guardCheckScrutinee handles a guard that is the scrutinee itself of a `match`, `if let` or
// `while let` (`if let Ok(g) = m.try_lock()`, `match m.lock() { Ok(g) => .. }`). A pattern
// that binds moves the guard into the binding, which lives to the end of the arm or body;
// one that binds nothing leaves it in the temporary.
func guardCheckScrutinee(p *Pass, w *guardWatch, lk lockCall, construct parser.NodeID, ed2024 bool) {
	t := p.Tree
	if t.Is(construct, parser.KLetCondition) {
		pat := t.Field(construct, parser.FPattern)
		if guardTryFailure(t, lk, pat) {
			return // `if let Err(e) = m.try_lock()`: no guard was taken
		}
		names := patternNames(t, pat)
		owner := t.Parent(construct)
		for t.Is(owner, parser.KLetChain) {
			owner = t.Parent(owner)
		}
		var body parser.NodeID
		switch t.Kind(owner) {
		case parser.KIfExpression:
			body = t.Field(owner, parser.FConsequence)
		case parser.KWhileExpression:
			body = t.Field(owner, parser.FBody)
		default:
			return
		}
		if len(names.ids) > 0 && !names.hasRef {
			guardCheckBinding(p, w, lk, names, pat, guardRegion{container: body, from: t.Nodes[body].Start}, "")
			return
		}
		// no binding: the temporary owns the guard
		scope, exclude, why := guardTempScope(t, lk.top, ed2024)
		if scope < 0 {
			return
		}
		for _, ap := range w.points(t, scope, exclude) {
			if w.before(t, lk.call, ap) {
				w.temp(p, lk, ap, why)
				return
			}
		}
		return
	}
	// match: each arm that binds holds the guard in its bindings; arms that bind nothing
	// leave it in the scrutinee temporary, alive to the end of the match.
	blk := t.Field(construct, parser.FBody)
	reported := false
	t.Children(blk, func(arm parser.NodeID) bool {
		if !t.Is(arm, parser.KMatchArm) || reported {
			return !reported
		}
		pat := t.Field(arm, parser.FPattern)
		val := t.Field(arm, parser.FValue)
		if val < 0 {
			return true
		}
		if guardTryFailure(t, lk, pat) {
			return true
		}
		names := patternNames(t, pat)
		if len(names.ids) > 0 && !names.hasRef {
			reported = guardCheckBinding(p, w, lk, names, pat, guardRegion{container: val, from: t.Nodes[val].Start}, "")
			return true
		}
		if guardArmHoldsNothing(t, pat) {
			return true
		}
		for _, ap := range w.points(t, val, parser.None) {
			w.temp(p, lk, ap, "match")
			reported = true
			return false
		}
		return true
	})
}

// guardInIfLetElse reports whether the point ap lies in the else branch of the `if let` whose
// condition holds call.
func guardInIfLetElse(t *parser.Tree, call parser.NodeID, ap lockPoint) bool {
	in := false
	t.Ancestors(call, func(a parser.NodeID) bool {
		if IsBodyBoundary(t, a) {
			return false
		}
		if t.Is(a, parser.KIfExpression) && t.IsAncestor(t.Field(a, parser.FCondition), call) {
			alt := t.Field(a, parser.FAlternative)
			in = alt >= 0 && t.IsAncestor(alt, ap.node)
			return false
		}
		return true
	})
	return in
}

// guardTryFailure reports whether pat matches only the failure of a `try_*` lock call
// (`Err(e)`, `None`): no guard was taken, whatever the binding is called (set UC: fd-lock's
// `try_write()` returns an `io::Error`, held across the retry's sleep). A std lock's
// `Poisoned` error does carry a guard, which the rule does not track for try calls, as for
// `Err(_)`; a plain `lock()`'s `Err(poisoned)` still does.
func guardTryFailure(t *parser.Tree, lk lockCall, pat parser.NodeID) bool {
	return strings.HasPrefix(MethodName(t, lk.call), "try_") && guardArmHoldsNothing(t, pat)
}

// guardArmHoldsNothing reports whether an arm's pattern can only match a value that owns no
// guard: `Err(_)` of a try_lock (WouldBlock, or a poisoned lock we do not track) and `None`.
func guardArmHoldsNothing(t *parser.Tree, pat parser.NodeID) bool {
	txt := strings.Join(strings.Fields(t.Text(pat)), "")
	return strings.HasPrefix(txt, "Err(") || txt == "None" || strings.HasPrefix(txt, "Err")
}
