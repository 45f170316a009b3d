package scan

import (
	"context"
	"fmt"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules"
)

// recheck analyses again the files that may call a fn their crate declares `-> !` in another
// file (rules.Engine.Recheck), once every file of their crate was analysed.
func recheck(ctx context.Context, opts *Options, results []*rules.FileResult) []finding.Notification {
	if opts.Engine == nil || ctx.Err() != nil {
		return nil
	}
	var p *parser.Parser
	defer func() {
		if p != nil {
			p.Close()
		}
	}()
	return opts.Engine.Recheck(results,
		func(path string) ([]byte, error) {
			src, err := readFile(path, opts.MaxFileSize)
			return blankBOM(src), err
		},
		func(path string, src []byte) (t *parser.Tree, err error) {
			defer func() {
				if v := recover(); v != nil {
					// The parser may be in any state: start a new one next time.
					if p != nil {
						p.Close()
					}
					p, t, err = nil, nil, fmt.Errorf("internal error: %v", v)
				}
			}()
			if p == nil {
				p = parser.NewParser()
				p.Budget = opts.ParseBudget
				p.MacroWords = opts.Engine.MacroWords()
			}
			return p.Parse(path, src)
		},
		func(t *parser.Tree) { p.Recycle(t) })
}
