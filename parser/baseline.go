package parser

// #include "native.h"
import "C"

// ParseOnly parses src with tree-sitter and deletes the tree at once: no flattening into Go
// memory, no macro re-parsing, no imports. It is the floor that benchmarks compare a scan
// against (bench/scanbench); rules never use it. Like Parse, it honours Budget and Abandon and
// returns ErrTimeout for a parse abandoned for either.
func (p *Parser) ParseOnly(src []byte) error {
	t, _ := p.np.parseTree(src, p.budgetMicros(), false)
	if t == nil {
		return ErrTimeout
	}
	C.ts_tree_delete(t)
	return nil
}
