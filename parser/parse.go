package parser

import (
	"bytes"
	"errors"
	"time"
)

// ErrTimeout is returned when a parse exceeds its time budget.
var ErrTimeout = errors.New("parse exceeded its time budget")

// Parser parses Rust files. It holds one tree-sitter parser and is not safe for concurrent
// use: give each worker its own, and Close it when done.
type Parser struct {
	np *nativeParser
	// Budget bounds the parse of one file (0: none). Macro re-parses share it.
	Budget time.Duration
	// ExpandMacros re-parses macro bodies (on by default).
	ExpandMacros bool
	// MacroWords are the tokens that make a generic macro body worth re-parsing (nil:
	// MatterWords). select!, join! and pin! bodies are always re-parsed.
	MacroWords map[string]bool
	// ExpandAllMacros re-parses every macro body whatever its tokens.
	ExpandAllMacros bool
	scratch         []byte
	tmp             []Node
	nodes           []Node // a node array handed back by Recycle, for the next Parse
}

// maxKeptNodes bounds the node array a Parser keeps between files (about 12 MB): a larger
// one, from a rare huge file, is left to the garbage collector.
const maxKeptNodes = 256 << 10

func NewParser() *Parser {
	return &Parser{np: newNativeParser(), ExpandMacros: true}
}

func (p *Parser) Close() { p.np.close() }

// budgetMicros is Budget for the C side: 0 for none, at least 1 otherwise.
func (p *Parser) budgetMicros() uint64 {
	if p.Budget <= 0 {
		return 0
	}
	return max(1, uint64(p.Budget/time.Microsecond))
}

func (p *Parser) words() map[string]bool {
	if p.MacroWords != nil {
		return p.MacroWords
	}
	return MatterWords
}

// Abandon stops a parse in progress on p; safe to call from another goroutine.
func (p *Parser) Abandon() { p.np.abandon() }

// Parse parses src. The returned tree owns its nodes; src is kept by reference. A file with
// syntax errors still yields a tree (ErrorRows says where); only a parse abandoned for time
// returns an error.
func (p *Parser) Parse(path string, src []byte) (*Tree, error) {
	in := src
	if patched := patchGrammarGaps(src); patched != nil {
		in = patched // same length: positions and texts are the original's (gaps.go)
	}
	nodes, st, hasError := p.np.parse(in, p.budgetMicros(), p.nodes[:0], false)
	p.nodes = nil // the tree owns it now
	if st != parsed || nodes == nil {
		return nil, ErrTimeout
	}
	t := &Tree{Path: path, Src: src, Nodes: nodes}
	t.Lines = lineStarts(src)
	if hasError {
		t.collectErrors()
	}
	if p.ExpandMacros {
		p.expandMacros(t)
	}
	t.Imports = collectImports(t)
	return t, nil
}

// Recycle hands t's node array back to p, for the next Parse to fill instead of allocating
// one: call it once nothing holds t any more. t.Nodes is cleared, so that a later use of t
// fails loudly instead of reading another file's nodes.
func (p *Parser) Recycle(t *Tree) {
	if t == nil {
		return
	}
	if c := cap(t.Nodes); c <= maxKeptNodes && c > cap(p.nodes) {
		p.nodes = t.Nodes[:0]
	}
	t.Nodes = nil
}

func lineStarts(src []byte) []int {
	lines := make([]int, 1, bytes.Count(src, newline)+1)
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			return lines
		}
		i += j + 1
		lines = append(lines, i)
	}
}

var newline = []byte{'\n'}

func (t *Tree) collectErrors() {
	for i := range t.Nodes {
		nd := &t.Nodes[i]
		if nd.Flags&(FlagError|FlagMissing) != 0 {
			if len(t.ErrorRows) == 0 || t.ErrorRows[len(t.ErrorRows)-1] != int(nd.StartRow) {
				t.ErrorRows = append(t.ErrorRows, int(nd.StartRow))
			}
			if len(t.ErrorRows) >= 20 {
				return
			}
		}
	}
}
