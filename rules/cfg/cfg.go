// Package cfg is the control-flow core the rules share: one graph per body (a fn, a closure
// or an async block), built from the flat syntax tree on first use and cached, and the
// questions rules ask of it (does this block diverge, does this handler leave the loop, can
// x run after y, is x on every path), with one table of what diverges.
//
// The graph has two points per syntax node the body evaluates: Enter(n), before n starts,
// and Leave(n), after it completed normally. A few more points say which way a path went,
// so that a dataflow problem can tell the ways apart (see Kind): the outcomes of each
// condition that decides a branch (OnTrue, OnFalse), of a `let .. else` pattern, and the
// fall-through of a match arm whose guard is false. Edges follow Rust's evaluation order: blocks
// in order, if/else and match arms (a guard that is false falls through to the later arms),
// `&&`/`||` short-circuits, loops with their back edges, labeled break and continue, labeled
// blocks, `let .. else`, `?` and `return` (to Exit), diverging macros and calls (to Panic).
// Closures, async blocks and items written in a body do not run there: each is one point,
// and a closure or async block is a body of its own. `.await`, `select!` and `join!` are
// suspension points. Code after a `return` gets points too, with no way in, so questions
// about it answer "unreachable".
//
// It lives in its own package, apart from the rules, so that it depends only on the parser
// and no rule can reach into another rule's walk: a rule asks, the core answers.
package cfg

import (
	"sync"

	"github.com/rustaudit/rustaudit/parser"
)

// Point is a program point of a Graph; None means there is none.
type Point int32

// None is no point.
const None Point = -1

// The fixed points of every graph.
const (
	Entry Point = 0 // the body starts
	Exit  Point = 1 // the body returns (its end, `return`, `?`)
	Panic Point = 2 // the body diverges (a panic, `process::exit`, a `!` fn)
)

// Graph is the control-flow graph of one body.
type Graph struct {
	t    *parser.Tree
	body parser.NodeID
	// points: the syntax node of each point; enter[n] is Enter(n), Leave(n) is enter[n]+1.
	node  []parser.NodeID
	kind  []Kind
	enter map[parser.NodeID]Point
	// outcome[n]: the OnTrue point of a condition, a `let .. else` or (AtFall) a match arm;
	// OnFalse is the next one.
	outcome map[parser.NodeID]Point
	// CSR successor lists.
	off  []int32
	succ []Point
	// jumps: the loop or labeled block each break and continue goes to.
	jumps   map[parser.NodeID]parser.NodeID
	suspend []parser.NodeID
}

// Tree returns the tree the graph was built from.
func (g *Graph) Tree() *parser.Tree { return g.t }

// Body returns the node the graph was built for.
func (g *Graph) Body() parser.NodeID { return g.body }

// Len returns the number of points.
func (g *Graph) Len() int { return len(g.node) }

// Enter returns the point before n starts, or None when n is not evaluated in this body
// (it is in a nested closure, an item, or not in the body).
func (g *Graph) Enter(n parser.NodeID) Point {
	if p, ok := g.enter[n]; ok {
		return p
	}
	return None
}

// Leave returns the point after n completed normally, or None.
func (g *Graph) Leave(n parser.NodeID) Point {
	if p, ok := g.enter[n]; ok {
		return p + 1
	}
	return None
}

// Node returns the syntax node of point p (None for Entry, Exit and Panic).
func (g *Graph) Node(p Point) parser.NodeID { return g.node[p] }

// Kind says what a point is.
type Kind uint8

const (
	AtEnter Kind = iota // Enter(n): n starts (Entry, Exit and Panic are AtEnter of no node)
	AtLeave             // Leave(n): n completed normally
	AtHead              // the head of `for` loop n: each iteration starts here, and the loop ends here
	// OnTrue: condition n (a leaf of an if, while or match guard condition, not `&&`, `||`, `!`
	// or parentheses) is true, a `let` condition's pattern matches, or the pattern of `let ..
	// else` declaration n matches. Only the paths of that outcome pass it.
	OnTrue
	OnFalse // the same when it is false or does not match
	AtFall  // the guard of match arm n was false: the way on to the later arms
)

// Kind returns the kind of point p.
func (g *Graph) Kind(p Point) Kind { return g.kind[p] }

// IsEnter reports whether p is the Enter point of its node.
func (g *Graph) IsEnter(p Point) bool {
	n := g.node[p]
	return n >= 0 && g.kind[p] == AtEnter
}

// Outcome returns the point that the paths on which condition (or `let .. else`
// declaration) n has value v pass (OnTrue, OnFalse), or None when n decides no branch.
func (g *Graph) Outcome(n parser.NodeID, v bool) Point {
	p, ok := g.outcome[n]
	if !ok || g.kind[p] != OnTrue {
		return None
	}
	if !v {
		p++
	}
	return p
}

// FallThrough returns the point by which the paths where match arm's guard is false go
// on to the later arms, or None (an arm without a guard).
func (g *Graph) FallThrough(arm parser.NodeID) Point {
	if p, ok := g.outcome[arm]; ok && g.kind[p] == AtFall {
		return p
	}
	return None
}

// Succs returns the successors of p.
func (g *Graph) Succs(p Point) []Point { return g.succ[g.off[p]:g.off[p+1]] }

// JumpTarget returns the loop or labeled block a break or continue of this body goes to.
func (g *Graph) JumpTarget(br parser.NodeID) parser.NodeID {
	if x, ok := g.jumps[br]; ok {
		return x
	}
	return parser.None
}

// Suspensions returns the suspension points of the body in source order: its `.await`
// expressions and `select!`/`join!` invocations (not those of nested closures or async
// blocks).
func (g *Graph) Suspensions() []parser.NodeID { return g.suspend }

// ---- building and caching ----

// Of returns the graph of the body that evaluates n: its nearest enclosing fn, closure or
// async block (n itself when it is one). Graphs are built once per body and tree. Outside
// any body (a const initializer), it returns a graph of n alone.
func Of(t *parser.Tree, n parser.NodeID) *Graph {
	if n < 0 {
		return nil
	}
	b := BodyOf(t, n)
	if b < 0 {
		return Build(t, n)
	}
	c := cacheFor(t)
	c.mu.Lock()
	g := c.graphs[b]
	c.mu.Unlock()
	if g != nil {
		return g
	}
	g = Build(t, b)
	c.mu.Lock()
	c.graphs[b] = g
	c.mu.Unlock()
	return g
}

// BodyOf returns n when it is a fn, closure or async block, else the nearest one around it,
// or None.
func BodyOf(t *parser.Tree, n parser.NodeID) parser.NodeID {
	for x := n; x >= 0; x = t.Parent(x) {
		if IsBody(t, x) {
			return x
		}
	}
	return parser.None
}

// IsBody reports whether n starts a body of its own: a fn, a closure or an async block.
func IsBody(t *parser.Tree, n parser.NodeID) bool {
	switch t.Kind(n) {
	case parser.KFunctionItem, parser.KClosureExpression, parser.KAsyncBlock:
		return true
	}
	return false
}

// treeCache holds the graphs of one tree. The cache keeps the trees of the last few files
// (the scan holds one per worker): a tree is dropped from it when newer ones come in.
type treeCache struct {
	mu     sync.Mutex
	graphs map[parser.NodeID]*Graph
	never  map[string]bool // the file's fns declared to return `!`
}

var cache struct {
	mu    sync.Mutex
	trees []*parser.Tree
	c     []*treeCache
}

const cacheTrees = 8

func cacheFor(t *parser.Tree) *treeCache {
	cache.mu.Lock()
	defer cache.mu.Unlock()
	for i, x := range cache.trees {
		if x == t {
			return cache.c[i]
		}
	}
	c := &treeCache{graphs: map[parser.NodeID]*Graph{}}
	if len(cache.trees) == cacheTrees {
		copy(cache.trees, cache.trees[1:])
		copy(cache.c, cache.c[1:])
		cache.trees, cache.c = cache.trees[:cacheTrees-1], cache.c[:cacheTrees-1]
	}
	cache.trees = append(cache.trees, t)
	cache.c = append(cache.c, c)
	return c
}

// Forget drops the graphs of t from the cache (the engine may call it when a file is done).
func Forget(t *parser.Tree) {
	cache.mu.Lock()
	defer cache.mu.Unlock()
	for i, x := range cache.trees {
		if x == t {
			cache.trees = append(cache.trees[:i], cache.trees[i+1:]...)
			cache.c = append(cache.c[:i], cache.c[i+1:]...)
			return
		}
	}
}

// Build builds the graph of body n (a fn, closure, async block, or any expression) without
// the cache.
func Build(t *parser.Tree, n parser.NodeID) *Graph {
	// about one evaluated node per 8 bytes of source: size the tables once
	size := int(t.N(n).End-t.N(n).Start)/8 + 8
	g := &Graph{t: t, body: n, enter: make(map[parser.NodeID]Point, size),
		node: make([]parser.NodeID, 0, 2*size), kind: make([]Kind, 0, 2*size)}
	b := &builder{g: g, from: make([]Point, 0, 2*size), to: make([]Point, 0, 2*size)}
	if b.fns = treeFnsOf(t); b.fns != nil {
		b.crate = b.fns.crate
	}
	b.point(parser.None) // Entry
	b.point(parser.None) // Exit
	b.point(parser.None) // Panic
	root := n
	if t.Is(n, parser.KFunctionItem) || t.Is(n, parser.KClosureExpression) {
		root = t.Field(n, parser.FBody)
	}
	if root >= 0 {
		var from []Point
		if t.Is(n, parser.KAsyncBlock) {
			from = b.seq(n, []Point{Entry})
		} else {
			from = b.expr(root, []Point{Entry})
		}
		b.link(from, Exit)
	}
	b.finish()
	if len(b.asked) > 0 {
		b.fns.mu.Lock()
		b.fns.asked = append(b.fns.asked, b.asked...)
		b.fns.mu.Unlock()
	}
	return b.g
}
