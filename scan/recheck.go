package scan

import (
	"context"
	"fmt"
	"sync"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules"
)

// recheck analyses again the files that may call a fn their crate declares `-> !` in another
// file (rules.Engine.Recheck), once every file of their crate was analysed. The files are
// spread over opts.Jobs workers, each with its own parser (on the workload, 817 of 4482
// files are parsed and analysed again: on one thread, that was a tenth of the scan's wall
// time at -j2). A file from bigFile up is parsed and analysed alone, as one at a time was
// before, so that two such trees are never held at once.
func recheck(ctx context.Context, opts *Options, results []*rules.FileResult) []finding.Notification {
	if opts.Engine == nil || ctx.Err() != nil {
		return nil
	}
	fns := rules.RecheckFns(results)
	read := func(path string) ([]byte, error) {
		src, err := readFile(path, opts.MaxFileSize)
		return blankBOM(src), err
	}
	notes := make([]*finding.Notification, len(results))
	next := make(chan int)
	var alone sync.RWMutex // held for writing while a big file is parsed and analysed
	var wg sync.WaitGroup
	for w := 0; w < max(opts.Jobs, 1); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var p *parser.Parser
			defer func() {
				if p != nil {
					p.Close()
				}
			}()
			big := false // the file being rechecked holds alone for writing
			lock := func(src []byte) {
				if big = len(src) >= bigFile; big {
					alone.Lock()
				} else {
					alone.RLock()
				}
			}
			unlock := func() {
				if big {
					alone.Unlock()
				} else {
					alone.RUnlock()
				}
			}
			parse := func(path string, src []byte) (t *parser.Tree, err error) {
				lock(src)
				defer func() {
					if v := recover(); v != nil {
						// The parser may be in any state: start a new one next time.
						if p != nil {
							p.Close()
						}
						p, t, err = nil, nil, fmt.Errorf("internal error: %v", v)
					}
					if err != nil {
						unlock() // no tree to release
					}
				}()
				if p == nil {
					p = parser.NewParser()
					p.Budget = opts.ParseBudget
					p.MacroWords = opts.Engine.MacroWords()
				}
				return p.Parse(path, src)
			}
			release := func(t *parser.Tree) {
				p.Recycle(t)
				unlock()
			}
			for i := range next {
				r := results[i]
				results[i], notes[i] = opts.Engine.RecheckFile(r, fns[r.Info.Crate], read, parse, release)
			}
		}()
	}
	for i, r := range results {
		if fns[r.Info.Crate] != nil {
			next <- i
		}
	}
	close(next)
	wg.Wait()
	var out []finding.Notification
	for _, n := range notes {
		if n != nil {
			out = append(out, *n)
		}
	}
	return out
}
