package rules

import (
	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules/cfg"
)

// Fns declared `-> !` in one file and called in another: a file's pass cannot know them, so
// every file records its fn declarations (FileResult.fns) and, once every file of a crate is
// analysed, Recheck analyses again, with the crate's `-> !` fns known to the control-flow
// graphs, the files that may call one of them. Crates that declare none (nearly all) cost
// nothing more; in the others only the files naming such a fn before `(` are read and
// analysed twice.

// Recheck replaces, in results, the result of each file that may call a fn its crate declares
// `-> !` in another file by a result analysed with the crate's fns known. read returns a
// file's source, parse its tree, release gives the tree back. It returns notifications about
// files it could not read or parse again (their first result is kept).
func (e *Engine) Recheck(results []*FileResult, read func(path string) ([]byte, error),
	parse func(path string, src []byte) (*parser.Tree, error), release func(*parser.Tree)) []finding.Notification {
	fns := map[string]*cfg.CrateFns{}
	for _, r := range results {
		if _, done := fns[r.Info.Crate]; !done {
			fns[r.Info.Crate] = CrateFnsIn(results, r.Info.Crate)
		}
	}
	var notes []finding.Notification
	for i, r := range results {
		c := fns[r.Info.Crate]
		if c == nil {
			continue
		}
		src, err := read(r.Info.Path)
		if err != nil || !c.MayCall(src) {
			continue
		}
		t, err := parse(r.Info.Path, src)
		if err != nil {
			notes = append(notes, finding.Notification{Path: r.Info.Path, Level: LevelWarning,
				Message: "could not parse again to learn the crate's fns that return `!`: " + err.Error()})
			continue
		}
		info := r.Info
		info.Fns = c
		results[i] = e.Analyze(t, info)
		release(t)
	}
	return notes
}

// CrateFnsIn returns what the results of crate root's files declare of fns that return `!`
// (nil: none), for analysing a file of that crate (FileInfo.Fns).
func CrateFnsIn(results []*FileResult, root string) *cfg.CrateFns {
	var decls []cfg.FnDecl
	for _, r := range results {
		if r != nil && r.Info.Crate == root {
			decls = append(decls, r.fns...)
		}
	}
	return cfg.NewCrateFns(decls)
}
