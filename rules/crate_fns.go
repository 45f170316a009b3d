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
// nothing more; in the others only the files whose graphs asked about a call of such a name
// (cfg.Track: FileResult.asked) and that name it before `(` are read and analysed twice.
// The graphs of any other file, so its result, are the same with the crate's fns as
// without (on the workload, 8 files are analysed twice; 817 were when only the names in
// their source decided).

// Recheck replaces, in results, the result of each file that may call a fn its crate declares
// `-> !` in another file by a result analysed with the crate's fns known. read returns a
// file's source, parse its tree, release gives the tree back. It returns notifications about
// files it could not read or parse again (their first result is kept). It works on one file
// after the other; RecheckFns and RecheckFile let a caller spread the files over workers.
func (e *Engine) Recheck(results []*FileResult, read func(path string) ([]byte, error),
	parse func(path string, src []byte) (*parser.Tree, error), release func(*parser.Tree)) []finding.Notification {
	fns := RecheckFns(results)
	var notes []finding.Notification
	for i, r := range results {
		res, note := e.RecheckFile(r, fns[r.Info.Crate], read, parse, release)
		if note != nil {
			notes = append(notes, *note)
		}
		results[i] = res
	}
	return notes
}

// RecheckFns returns the fns that return `!` of each crate of results (CrateFnsIn), by crate
// root: what RecheckFile needs for a file of that crate.
func RecheckFns(results []*FileResult) map[string]*cfg.CrateFns {
	fns := map[string]*cfg.CrateFns{}
	for _, r := range results {
		if _, done := fns[r.Info.Crate]; !done {
			fns[r.Info.Crate] = CrateFnsIn(results, r.Info.Crate)
		}
	}
	return fns
}

// RecheckFile is Recheck for one result r, with the fns of its crate (RecheckFns): the result
// of analysing the file again when it may call one of them, else r; a notification when it
// could not be parsed again (r is kept). Files may be rechecked concurrently, each with its
// own parse and release.
func (e *Engine) RecheckFile(r *FileResult, c *cfg.CrateFns, read func(path string) ([]byte, error),
	parse func(path string, src []byte) (*parser.Tree, error), release func(*parser.Tree)) (*FileResult, *finding.Notification) {
	if !c.MayAsk(r.asked) {
		return r, nil // its graphs would be the same: so would the result
	}
	src, err := read(r.Info.Path)
	if err != nil || !c.MayCall(src) {
		return r, nil
	}
	t, err := parse(r.Info.Path, src)
	if err != nil {
		return r, &finding.Notification{Path: r.Info.Path, Level: LevelWarning,
			Message: "could not parse again to learn the crate's fns that return `!`: " + err.Error()}
	}
	info := r.Info
	info.Fns = c
	res := e.Analyze(t, info)
	release(t)
	return res, nil
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
