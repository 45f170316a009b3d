// Package parser turns Rust source into flat syntax trees that rules can walk without calling
// into C. It parses with tree-sitter, copies each tree into Go memory in one C-side pass,
// re-parses the bodies of macro invocations (select!, join!, pin!, cfg_if! ...) into real
// syntax with the file's own positions, and resolves `use` imports.
package parser

import (
	"strings"
)

// NodeID indexes Tree.Nodes. None means no node.
type NodeID int32

const None NodeID = -1

// Node flags.
const (
	FlagNamed     uint16 = 1
	FlagError     uint16 = 2
	FlagMissing   uint16 = 4
	FlagExtra     uint16 = 8
	FlagFromMacro uint16 = 16 // re-parsed from a macro's token tree
)

// Node is one syntax node. Its layout mirrors ra_node in native.h.
type Node struct {
	Kind       Kind
	Field      Field // the field name this node has in its parent, 0 if none
	Flags      uint16
	_          uint16
	Start, End uint32 // byte offsets in the file
	StartRow   uint32 // 0-based
	StartCol   uint32 // 0-based, in bytes
	EndRow     uint32
	EndCol     uint32
	Parent     NodeID
	FirstChild NodeID
	Next       NodeID // next sibling
	ChildCount uint32
}

// Tree is a parsed file: its source and its nodes, root first. Nodes added by macro
// re-parsing are appended after the grammar's own and linked into place.
type Tree struct {
	Path    string
	Src     []byte
	Nodes   []Node
	Imports *Imports
	// Lines holds the byte offset of the start of each line (split at '\n').
	Lines []int
	// ErrorRows are the 0-based rows of the first few syntax errors outside macro bodies.
	ErrorRows []int
	// MacroBodies counts macro token trees re-parsed into syntax.
	MacroBodies int
}

func (t *Tree) Root() NodeID { return 0 }

func (t *Tree) N(n NodeID) *Node { return &t.Nodes[n] }

func (t *Tree) Kind(n NodeID) Kind {
	if n < 0 {
		return 0
	}
	return t.Nodes[n].Kind
}

func (t *Tree) Is(n NodeID, k Kind) bool { return n >= 0 && t.Nodes[n].Kind == k }

func (t *Tree) Parent(n NodeID) NodeID { return t.Nodes[n].Parent }

// PrevSibling returns the sibling before n, or None, without a scan of the siblings before
// it (which made walking back from each item of a long list quadratic). Nodes are laid out in
// pre-order (the grammar's, and each grafted macro subtree's), so the node just before n is n's
// parent or the last node of the subtree of n's previous sibling: going up from it finds that
// sibling within the depth of its subtree. The link is checked (its Next is n), and a node
// out of that order (a synthetic one) falls back to walking the parent's children.
func (t *Tree) PrevSibling(n NodeID) NodeID {
	p := t.Nodes[n].Parent
	if p < 0 || t.Nodes[p].FirstChild == n {
		return None
	}
	for c := n - 1; c > p; c = t.Nodes[c].Parent {
		if t.Nodes[c].Parent == p {
			if t.Nodes[c].Next == n {
				return c
			}
			break
		}
	}
	for c := t.Nodes[p].FirstChild; c >= 0; c = t.Nodes[c].Next {
		if t.Nodes[c].Next == n {
			return c
		}
	}
	return None
}

func (t *Tree) IsNamed(n NodeID) bool { return t.Nodes[n].Flags&FlagNamed != 0 }

// Text returns a copy of the node's source text.
func (t *Tree) Text(n NodeID) string {
	if n < 0 {
		return ""
	}
	return string(t.Src[t.Nodes[n].Start:t.Nodes[n].End])
}

// TextIs reports whether the node's text equals s, without allocating.
func (t *Tree) TextIs(n NodeID, s string) bool {
	if n < 0 {
		return false
	}
	nd := &t.Nodes[n]
	return int(nd.End-nd.Start) == len(s) && string(t.Src[nd.Start:nd.End]) == s
}

// Bytes returns the node's source without copying; do not keep it.
func (t *Tree) Bytes(n NodeID) []byte { return t.Src[t.Nodes[n].Start:t.Nodes[n].End] }

// Children calls fn for each child in order (named and anonymous); fn returns false to stop.
func (t *Tree) Children(n NodeID, fn func(c NodeID) bool) {
	for c := t.Nodes[n].FirstChild; c >= 0; c = t.Nodes[c].Next {
		if !fn(c) {
			return
		}
	}
}

// NamedChildren returns the named children, skipping comments.
func (t *Tree) NamedChildren(n NodeID) []NodeID {
	var out []NodeID
	for c := t.Nodes[n].FirstChild; c >= 0; c = t.Nodes[c].Next {
		if t.Nodes[c].Flags&FlagNamed != 0 && !t.IsComment(c) {
			out = append(out, c)
		}
	}
	return out
}

// NamedChild returns the i-th named non-comment child, or None.
func (t *Tree) NamedChild(n NodeID, i int) NodeID {
	for c := t.Nodes[n].FirstChild; c >= 0; c = t.Nodes[c].Next {
		if t.Nodes[c].Flags&FlagNamed != 0 && !t.IsComment(c) {
			if i == 0 {
				return c
			}
			i--
		}
	}
	return None
}

// FirstChildOfKind returns the first direct child of kind k, or None.
func (t *Tree) FirstChildOfKind(n NodeID, k Kind) NodeID {
	for c := t.Nodes[n].FirstChild; c >= 0; c = t.Nodes[c].Next {
		if t.Nodes[c].Kind == k {
			return c
		}
	}
	return None
}

// Field returns the first child with field f, or None.
func (t *Tree) Field(n NodeID, f Field) NodeID {
	if n < 0 {
		return None
	}
	for c := t.Nodes[n].FirstChild; c >= 0; c = t.Nodes[c].Next {
		if t.Nodes[c].Field == f {
			return c
		}
	}
	return None
}

func (t *Tree) IsComment(n NodeID) bool {
	k := t.Nodes[n].Kind
	return k == KLineComment || k == KBlockComment
}

// Walk visits n and its descendants in preorder without recursion. fn returns false to skip
// the node's children.
func (t *Tree) Walk(n NodeID, fn func(d NodeID) bool) {
	if n < 0 {
		return
	}
	cur := n
	for {
		descend := fn(cur)
		if descend && t.Nodes[cur].FirstChild >= 0 {
			cur = t.Nodes[cur].FirstChild
			continue
		}
		for {
			if cur == n {
				return
			}
			if nx := t.Nodes[cur].Next; nx >= 0 {
				cur = nx
				break
			}
			cur = t.Nodes[cur].Parent
		}
	}
}

// Find returns the first node, in preorder from n (n included), for which fn reports hit,
// and stops there; None when there is none. fn's descend false skips the node's children.
// It replaces a Walk that sets a `found` variable and then skips everything after it.
func (t *Tree) Find(n NodeID, fn func(d NodeID) (hit, descend bool)) NodeID {
	if n < 0 {
		return None
	}
	cur := n
	for {
		hit, descend := fn(cur)
		if hit {
			return cur
		}
		if descend && t.Nodes[cur].FirstChild >= 0 {
			cur = t.Nodes[cur].FirstChild
			continue
		}
		for {
			if cur == n {
				return None
			}
			if nx := t.Nodes[cur].Next; nx >= 0 {
				cur = nx
				break
			}
			cur = t.Nodes[cur].Parent
		}
	}
}

// Ancestors calls fn for each proper ancestor of n, nearest first; fn returns false to stop.
func (t *Tree) Ancestors(n NodeID, fn func(a NodeID) bool) {
	for a := t.Nodes[n].Parent; a >= 0; a = t.Nodes[a].Parent {
		if !fn(a) {
			return
		}
	}
}

// AncestorOfKind returns the nearest proper ancestor of n of kind k, or None.
func (t *Tree) AncestorOfKind(n NodeID, k Kind) NodeID {
	for a := t.Nodes[n].Parent; a >= 0; a = t.Nodes[a].Parent {
		if t.Nodes[a].Kind == k {
			return a
		}
	}
	return None
}

// IsAncestor reports whether a is n or an ancestor of n.
func (t *Tree) IsAncestor(a, n NodeID) bool {
	for ; n >= 0; n = t.Nodes[n].Parent {
		if n == a {
			return true
		}
	}
	return false
}

// Contains reports whether node a's byte range contains node b's.
func (t *Tree) Contains(a, b NodeID) bool {
	return t.Nodes[a].Start <= t.Nodes[b].Start && t.Nodes[b].End <= t.Nodes[a].End
}

// Unparen strips parenthesized_expression wrappers.
func (t *Tree) Unparen(n NodeID) NodeID {
	for n >= 0 && t.Nodes[n].Kind == KParenthesizedExpression {
		n = t.NamedChild(n, 0)
	}
	return n
}

// HasError reports whether the node is or contains a syntax error.
func (t *Tree) HasError(n NodeID) bool {
	bad := false
	t.Walk(n, func(d NodeID) bool {
		if t.Nodes[d].Flags&(FlagError|FlagMissing) != 0 {
			bad = true
		}
		return !bad
	})
	return bad
}

// String renders the subtree as an S-expression of named nodes, for tests and debugging.
func (t *Tree) String(n NodeID) string {
	var b strings.Builder
	var rec func(NodeID, string)
	rec = func(x NodeID, field string) {
		nd := &t.Nodes[x]
		if nd.Flags&FlagNamed == 0 {
			return
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		if field != "" {
			b.WriteString(field + ": ")
		}
		b.WriteString("(" + nd.Kind.String())
		for c := nd.FirstChild; c >= 0; c = t.Nodes[c].Next {
			rec(c, t.Nodes[c].Field.String())
		}
		b.WriteString(")")
	}
	rec(n, "")
	return b.String()
}
