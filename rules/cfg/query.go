package cfg

import (
	"github.com/rustaudit/rustaudit/parser"
)

// ---- point questions ----

// Reaches reports whether some path goes from point a to point b (a path may be empty:
// a reaches a). A point of None reaches nothing.
func (g *Graph) Reaches(a, b Point) bool {
	return g.reachesAvoiding(a, b, None)
}

// ReachesAvoiding reports whether some path goes from a to b without passing through avoid.
func (g *Graph) ReachesAvoiding(a, b, avoid Point) bool {
	return g.reachesAvoiding(a, b, avoid)
}

func (g *Graph) reachesAvoiding(a, b, avoid Point) bool {
	if avoid < 0 {
		return g.ReachesAvoidingAll(a, b, nil)
	}
	return g.ReachesAvoidingAll(a, b, []Point{avoid})
}

// ReachesAvoidingAll reports whether some path goes from a to b without passing through any
// point of avoid: false means that every path from a to b passes one of them (together they
// dominate b from a).
func (g *Graph) ReachesAvoidingAll(a, b Point, avoid []Point) bool {
	return g.reach(a, b, avoid, false)
}

// ReachesForward reports whether some path goes from a to b in one pass through the code:
// without going back to the head of a loop from inside it (the end of its body, or a
// `continue`). A path may leave a loop by a break, return or panic.
func (g *Graph) ReachesForward(a, b Point) bool {
	return g.reach(a, b, nil, true)
}

// reach is a depth-first search from a for b that passes no point of avoid and, when
// forward, takes no back edge.
func (g *Graph) reach(a, b Point, avoid []Point, forward bool) bool {
	if a < 0 || b < 0 {
		return false
	}
	seen := make([]bool, len(g.node))
	for _, x := range avoid {
		if x >= 0 {
			seen[x] = true
		}
	}
	if seen[a] {
		return false
	}
	if a == b {
		return true
	}
	stack := []Point{a}
	seen[a] = true
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, s := range g.Succs(p) {
			if seen[s] || forward && g.backEdge(p, s) {
				continue
			}
			if s == b {
				return true
			}
			seen[s] = true
			stack = append(stack, s)
		}
	}
	return false
}

// backEdge reports whether the edge p -> s goes back to the head of a loop (the Enter point
// of a `loop` or `while`, the head of a `for`) from inside the loop's body.
func (g *Graph) backEdge(p, s Point) bool {
	t := g.t
	n := g.node[s]
	if n < 0 || !(g.kind[s] == AtHead || g.IsEnter(s) && (t.Is(n, parser.KLoopExpression) || t.Is(n, parser.KWhileExpression))) {
		return false
	}
	x, body := g.node[p], t.Field(n, parser.FBody)
	return x >= 0 && body >= 0 && t.IsAncestor(body, x)
}

// Resumes returns the points where the body goes on after suspension point y (one of
// Suspensions): after an `.await` or a `join!`, the start of each handler of a `select!`
// (its futures are polled before it suspends). None when y is not evaluated in the body.
func (g *Graph) Resumes(y parser.NodeID) []Point {
	t := g.t
	if g.Enter(y) < 0 {
		return nil
	}
	if t.Is(y, parser.KMacroInvocation) {
		if name := t.MacroName(y); name == "select" || name == "select_biased" {
			if body := t.MacroBody(y); body >= 0 {
				var out []Point
				for br := t.N(body).FirstChild; br >= 0; br = t.N(br).Next {
					if t.Is(br, parser.KSelectBranch) || t.Is(br, parser.KSelectElse) {
						if p := g.Enter(t.Field(br, parser.FHandler)); p >= 0 {
							out = append(out, p)
						}
					}
				}
				return out
			}
		}
	}
	return []Point{g.Leave(y)}
}

// Around returns n, or the nearest node around it that the body evaluates (the closure a
// node is written in, the macro whose tokens hold it), or None.
func (g *Graph) Around(n parser.NodeID) parser.NodeID {
	for x := n; x >= 0; x = g.t.Parent(x) {
		if g.Enter(x) >= 0 {
			return x
		}
		if x == g.body {
			break
		}
	}
	return parser.None
}

// Dominates reports whether every path from Entry to b passes through a (a point dominates
// itself; every point dominates one that Entry does not reach).
func (g *Graph) Dominates(a, b Point) bool {
	if a < 0 || b < 0 {
		return false
	}
	if a == b || a == Entry {
		return true
	}
	return !g.reachesAvoiding(Entry, b, a)
}

// Live reports whether Entry reaches p.
func (g *Graph) Live(p Point) bool { return g.Reaches(Entry, p) }

// ---- node questions ----

// Runs reports whether the body can run n (Entry reaches Enter(n)).
func (g *Graph) Runs(n parser.NodeID) bool { return g.Live(g.Enter(n)) }

// After reports whether y can start after x completed: a path goes from Leave(x) to
// Enter(y) (through a loop's back edge too).
func (g *Graph) After(x, y parser.NodeID) bool {
	return g.Reaches(g.Leave(x), g.Enter(y))
}

// OnEveryPath reports whether every path by which the body returns normally runs n (n is
// evaluated on it), and the body can return at all. Paths that panic do not count.
func (g *Graph) OnEveryPath(n parser.NodeID) bool {
	p := g.Enter(n)
	if p < 0 || !g.Reaches(Entry, Exit) {
		return false
	}
	return !g.reachesAvoiding(Entry, Exit, p)
}

// Exits says how a region (a node and what it evaluates) can be left once entered.
type Exits struct {
	Normal    bool            // it completes: the code after it runs
	Return    bool            // a `return`, a `?` or a returning macro leaves the body
	Panic     bool            // a diverging macro or call
	Breaks    []parser.NodeID // loops and labeled blocks outside it that a break leaves
	Continues []parser.NodeID // loops outside it that a continue goes on with
}

// Diverges reports whether the region never completes normally.
func (e Exits) Diverges() bool { return !e.Normal }

// Exits returns how region n can be left from Enter(n). Code in n that Enter(n) does not
// reach (after a `return`) does not count. ok is false when n is not evaluated in the body.
func (g *Graph) Exits(n parser.NodeID) (e Exits, ok bool) {
	start := g.Enter(n)
	if start < 0 {
		return e, false
	}
	t := g.t
	leave := start + 1
	seen := map[Point]bool{start: true}
	stack := []Point{start}
	addJump := func(list *[]parser.NodeID, x parser.NodeID) {
		for _, y := range *list {
			if y == x {
				return
			}
		}
		*list = append(*list, x)
	}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch p {
		case Exit:
			e.Return = true
			continue
		case Panic:
			e.Panic = true
			continue
		case leave:
			e.Normal = true
			continue
		}
		if x := g.node[p]; x >= 0 && !t.IsAncestor(n, x) {
			// an edge out of the region: a break to x, a continue of x, or the outcome
			// of a condition going on to a branch
			switch {
			case g.kind[p] == AtLeave && (isLoop(t, x) || t.Is(x, parser.KBlock)):
				addJump(&e.Breaks, x)
			case g.kind[p] == AtHead || p == g.enter[x] && (t.Is(x, parser.KLoopExpression) || t.Is(x, parser.KWhileExpression)):
				addJump(&e.Continues, x)
			default:
				e.Normal = true
			}
			continue
		}
		for _, s := range g.Succs(p) {
			if !seen[s] {
				seen[s] = true
				stack = append(stack, s)
			}
		}
	}
	return e, true
}

func isLoop(t *parser.Tree, n parser.NodeID) bool {
	switch t.Kind(n) {
	case parser.KLoopExpression, parser.KWhileExpression, parser.KForExpression:
		return true
	}
	return false
}

// Doomed reports whether every path from after n (Leave(n)) returns or panics before it
// completes region, an ancestor of n: code after n in region only runs on the way out of
// the body. A break or continue out of region, or region's end, is a way on.
func (g *Graph) Doomed(n, region parser.NodeID) bool {
	start := g.Leave(n)
	if start < 0 {
		return false
	}
	t := g.t
	end := g.Leave(region)
	seen := map[Point]bool{start: true}
	stack := []Point{start}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if p == Exit || p == Panic {
			continue
		}
		if p == end {
			return false
		}
		if x := g.node[p]; x < 0 || region >= 0 && !t.IsAncestor(region, x) {
			return false // out of region by a jump (or the body's end)
		}
		for _, s := range g.Succs(p) {
			if !seen[s] {
				seen[s] = true
				stack = append(stack, s)
			}
		}
	}
	return true
}

// ---- the questions rules ask, from a node ----

// Diverges reports whether n never completes normally: every path through it returns,
// panics, breaks or continues (a block ending in `return`, an if/else or match whose every
// branch does, a `loop` nothing breaks out of).
func Diverges(t *parser.Tree, n parser.NodeID) bool {
	g := Of(t, n)
	if g == nil {
		return false
	}
	e, ok := g.Exits(n)
	return ok && e.Diverges()
}

// LeavesBody reports whether every path through n leaves the body: it returns or panics on
// every path (a break or continue does not count).
func LeavesBody(t *parser.Tree, n parser.NodeID) bool {
	g := Of(t, n)
	if g == nil {
		return false
	}
	e, ok := g.Exits(n)
	return ok && !e.Normal && len(e.Breaks) == 0 && len(e.Continues) == 0 && (e.Return || e.Panic)
}

// LeavesLoop reports whether every path through n (inside loop) leaves the loop: by a break
// out of it or an outer loop or labeled block, a continue of an outer loop, a return or a
// panic. A path that completes n, or continues loop, stays.
func LeavesLoop(t *parser.Tree, n, loop parser.NodeID) bool {
	g := Of(t, n)
	if g == nil {
		return false
	}
	e, ok := g.Exits(n)
	if !ok || e.Normal {
		return false
	}
	for _, x := range e.Breaks {
		if !t.IsAncestor(x, loop) {
			return false // a break of a loop inside `loop`: the loop goes on
		}
	}
	for _, x := range e.Continues {
		if x == loop || !t.IsAncestor(x, loop) {
			return false
		}
	}
	return true
}

// ---- dataflow ----

// Forward solves a forward dataflow problem over g: in[p] is the join of out[q] over the
// predecessors q of p, out[p] = transfer(p, in[p]), starting from init at Entry and bottom
// elsewhere. join must be monotone and the lattice finite. It returns in[p] for each point.
func Forward[S comparable](g *Graph, init, bottom S, transfer func(p Point, in S) S, join func(a, b S) S) []S {
	in := make([]S, len(g.node))
	for i := range in {
		in[i] = bottom
	}
	in[Entry] = init
	queued := make([]bool, len(g.node))
	work := make([]Point, 1, 64)
	queued[Entry] = true
	for len(work) > 0 {
		p := work[len(work)-1]
		work = work[:len(work)-1]
		queued[p] = false
		out := transfer(p, in[p])
		for _, s := range g.Succs(p) {
			j := join(in[s], out)
			if j != in[s] {
				in[s] = j
				if !queued[s] {
					queued[s] = true
					work = append(work, s)
				}
			}
		}
	}
	return in
}
