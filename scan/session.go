package scan

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"unicode/utf8"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules"
	"github.com/rustaudit/rustaudit/rules/cfg"
)

// Session keeps the analysis of a set of files in memory, one small FileResult per file, so
// that one file can be analysed again (from an editor's buffer, say) and its crate settled
// again without reading or parsing any other file: what a language server needs. A file's
// crate-wide facts live in its result, so settling the crate again brings the facts of the
// new version to every other file of the crate.
//
// The methods are safe for concurrent use; they run one at a time.
type Session struct {
	mu     sync.Mutex
	opts   Options
	crates *crates
	p      *parser.Parser
	files  map[string]*rules.FileResult
	found  map[string]bool            // paths a walk found or Reload read (not only given by Update)
	member map[string]map[string]bool // crate root -> paths held in it
}

// NewSession prepares a session; opts.Paths are ignored (Scan takes the paths).
func NewSession(opts Options) *Session {
	return &Session{opts: opts, crates: newCrates(), files: map[string]*rules.FileResult{},
		found: map[string]bool{}, member: map[string]map[string]bool{}}
}

// Close releases the session's parser.
func (s *Session) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.p != nil {
		s.p.Close()
		s.p = nil
	}
}

// Scan walks paths like Run and keeps each file's result, in addition to (or in place of,
// for the same path) what the session holds. The returned Result is Run's, settled over the
// files of this walk only.
func (s *Session) Scan(ctx context.Context, paths []string) (*Result, error) {
	if s.opts.Engine == nil {
		return nil, errors.New("scan: no engine")
	}
	opts := s.opts
	opts.Paths = paths
	opts.keep = true
	res, err := Run(ctx, opts)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range res.kept {
		s.put(r)
		s.found[r.Info.Path] = true
	}
	res.kept = nil
	return res, nil
}

// put keeps r as its file's result.
func (s *Session) put(r *rules.FileResult) {
	path := r.Info.Path
	if old := s.files[path]; old != nil && old.Info.Crate != r.Info.Crate {
		delete(s.member[old.Info.Crate], path)
	}
	s.files[path] = r
	m := s.member[r.Info.Crate]
	if m == nil {
		m = map[string]bool{}
		s.member[r.Info.Crate] = m
	}
	m[path] = true
}

// Holds reports whether the session holds a result for path, and whether a walk (or
// Reload) found the file on disk.
func (s *Session) Holds(path string) (held, found bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.files[path] != nil, s.found[path]
}

// Excluded reports whether configuration excludes path.
func (s *Session) Excluded(path string) bool { return s.opts.excluded(path) }

// CrateOf returns the crate root of path: the directory of its nearest Cargo.toml, or its
// own directory.
func (s *Session) CrateOf(path string) string {
	if r := s.result(path); r != nil {
		return r.Info.Crate
	}
	root, _, _ := s.crates.lookup(path)
	return root
}

// HasManifest reports whether path lies in a Cargo package (a Cargo.toml above it).
func (s *Session) HasManifest(path string) bool {
	_, _, pkg := s.crates.lookup(path)
	return pkg != nil
}

func (s *Session) result(path string) *rules.FileResult {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.files[path]
}

// Update analyses src as the content of path (absolute and clean) and keeps the result in
// place of the file's earlier one. It returns the file's crate root and what reading and
// parsing it reported (syntax errors, invalid UTF-8); the analysis's own notifications come
// with Settle. An excluded path is forgotten instead.
func (s *Session) Update(path string, src []byte) (crate string, notes []finding.Notification) {
	if s.opts.excluded(path) {
		return s.Forget(path), nil
	}
	r, notes := s.analyse(path, src)
	s.mu.Lock()
	defer s.mu.Unlock()
	if r == nil {
		// The file could not be analysed (its parse ran out of budget): keep the last result.
		if old := s.files[path]; old != nil {
			return old.Info.Crate, notes
		}
		root, _, _ := s.crates.lookup(path)
		return root, notes
	}
	s.put(r)
	return r.Info.Crate, notes
}

// Reload analyses path from disk again, or forgets it when it cannot be read.
func (s *Session) Reload(path string) (crate string, notes []finding.Notification) {
	max := s.opts.MaxFileSize
	if max <= 0 {
		max = DefaultMaxFileSize
	}
	src, err := readFile(path, max)
	if err != nil {
		return s.Forget(path), []finding.Notification{{Path: path, Level: finding.LevelError, Message: fmt.Sprintf("cannot read: %v", err)}}
	}
	crate, notes = s.Update(path, src)
	s.mu.Lock()
	if s.files[path] != nil {
		s.found[path] = true
	}
	s.mu.Unlock()
	return crate, notes
}

// Forget drops path's result (a file deleted, or an editor's buffer of a file that is not
// on disk closed) and returns the crate it was in ("" when the session did not hold it).
func (s *Session) Forget(path string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.files[path]
	if r == nil {
		return ""
	}
	delete(s.files, path)
	delete(s.found, path)
	delete(s.member[r.Info.Crate], path)
	return r.Info.Crate
}

// Files returns the paths the session holds in a crate, sorted.
func (s *Session) Files(crate string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for p := range s.member[crate] {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Crates returns the crate roots the session holds files of, sorted.
func (s *Session) Crates() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for c, m := range s.member {
		if len(m) > 0 {
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

// Settle settles the given crates over every file the session holds in them and returns
// their findings (suppressed ones included) and notifications, sorted. Crates are settled
// each on its own: facts never cross crates, so this is what a scan of everything would
// report for their files.
func (s *Session) Settle(crates ...string) ([]finding.Finding, []finding.Notification) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.settle(crates, "", nil)
}

// settle is Settle with the result of path replaced by r (when r is not nil).
func (s *Session) settle(crates []string, path string, r *rules.FileResult) ([]finding.Finding, []finding.Notification) {
	var results []*rules.FileResult
	seen := map[string]bool{}
	for _, c := range crates {
		if seen[c] {
			continue
		}
		seen[c] = true
		for p := range s.member[c] {
			if p == path {
				continue
			}
			results = append(results, s.files[p])
		}
		if r != nil && r.Info.Crate == c {
			results = append(results, r)
		}
	}
	for _, r := range results {
		r.Unsettle()
	}
	findings, notes := s.opts.Engine.Settle(results)
	sortNotifications(notes)
	return findings, notes
}

// Try analyses src as the content of path and settles the file's crate with that version in
// place of the one held, without keeping it: the findings the file would have (suppressed
// ones included). A code action checks its edit with it.
func (s *Session) Try(path string, src []byte) []finding.Finding {
	r, _ := s.analyse(path, src)
	if r == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	findings, _ := s.settle([]string{r.Info.Crate}, path, r)
	var out []finding.Finding
	for _, f := range findings {
		if f.Path == path {
			out = append(out, f)
		}
	}
	return out
}

// analyse parses and analyses one file's source, as analyseFile does after reading it. A
// panic costs this file only.
func (s *Session) analyse(path string, src []byte) (res *rules.FileResult, notes []finding.Notification) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer func() {
		if v := recover(); v != nil {
			res = nil
			notes = append(notes, finding.Notification{Path: path, Level: finding.LevelError, Rule: "internal",
				Message: fmt.Sprintf("internal error while analysing this file: %v", v)})
			// The parser may be in any state: start a new one next time.
			if s.p != nil {
				s.p.Close()
				s.p = nil
			}
		}
	}()
	if s.p == nil {
		s.p = parser.NewParser()
		s.p.Budget = s.opts.ParseBudget
		if s.p.Budget <= 0 {
			s.p.Budget = DefaultParseBudget
		}
		s.p.MacroWords = s.opts.Engine.MacroWords()
	}
	if !utf8.Valid(src) {
		notes = append(notes, finding.Notification{Path: path, Line: firstInvalidLine(src), Level: finding.LevelWarning,
			Message: "not valid UTF-8 (rustc rejects it); analysed as far as possible"})
	}
	src = blankBOM(src)
	tree, err := s.p.Parse(path, src)
	if err != nil {
		notes = append(notes, finding.Notification{Path: path, Level: finding.LevelError, Message: fmt.Sprintf("skipped: %v", err)})
		return nil, notes
	}
	if len(tree.ErrorRows) > 0 {
		row := tree.ErrorRows[0] + 1
		notes = append(notes, finding.Notification{Path: path, Line: row, Level: finding.LevelWarning,
			Message: fmt.Sprintf("parsed with errors at line %d; the rest of the file was analysed", row)})
	}
	root, edition, pkg := s.crates.lookup(path)
	res = s.opts.Engine.Analyze(tree, rules.FileInfo{Path: path, Crate: root, Edition: edition, Package: pkg, Fns: s.crateFns(root)})
	s.p.Recycle(tree)
	return res, notes
}

// crateFns is what the files the session holds in crate root declare of fns that return `!`
// (as last analysed), for the file being analysed (s.mu held).
func (s *Session) crateFns(root string) *cfg.CrateFns {
	held := make([]*rules.FileResult, 0, len(s.files))
	for _, r := range s.files {
		held = append(held, r)
	}
	return rules.CrateFnsIn(held, root)
}
