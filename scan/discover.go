package scan

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
)

// target is one file to scan.
type target struct {
	path string // absolute, cleaned
	size int64
}

// discovery walks the given paths for Rust files. Directories skip target/, .git/, hidden
// folders and whatever .gitignore files (and .git/info/exclude) ignore, unless
// Options.NoIgnore; files named explicitly are always scanned. A directory named explicitly
// that an ignore file ignores is not walked, and a note says which line of which file.
type discovery struct {
	opts *Options
	// emit receives each file as soon as it is found, so that workers start on the first
	// files while the walk goes on (walking the workload's 4482 files with their .gitignore
	// patterns takes 0.2 s).
	emit    func(target)
	stopped func() bool // the scan was cancelled: walk no further
	found   int
	seen    map[string]bool
	notes   []note
	ignores map[string]*ignoreSet // git root (or walk root) -> patterns seen so far
	cwd     string                // for the ignore files named in notes
}

type note struct {
	path, msg string
	err       bool
}

// ignoreSet holds the ignore patterns of one repository, as far as the walk has loaded them.
// A nil set ignores nothing (Options.NoIgnore).
type ignoreSet struct {
	root     string
	patterns []gitignore.Pattern
	origins  []origin // where each pattern was read
	loaded   map[string]bool
}

// origin is the line of an ignore file that a pattern comes from.
type origin struct {
	file string
	line int
	text string
}

func (d *discovery) add(path string, size int64) {
	if d.seen[path] {
		return
	}
	d.seen[path] = true
	d.found++
	d.emit(target{path: path, size: size})
}

func (d *discovery) run(paths []string) {
	d.seen = map[string]bool{}
	d.ignores = map[string]*ignoreSet{}
	d.cwd, _ = os.Getwd()
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			d.notes = append(d.notes, note{p, err.Error(), true})
			continue
		}
		st, err := os.Stat(abs)
		if err != nil {
			d.notes = append(d.notes, note{abs, describeErr(err), true})
			continue
		}
		switch {
		case st.IsDir():
			d.walk(abs)
		case st.Mode().IsRegular():
			if d.opts.excluded(abs) {
				continue
			}
			d.add(abs, st.Size())
		default:
			d.notes = append(d.notes, note{abs, "not a regular file (device, FIFO or socket): not read", true})
		}
	}
}

func describeErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func (d *discovery) ignoreSetFor(dir string) *ignoreSet {
	if d.opts.NoIgnore {
		return nil
	}
	root := gitRoot(dir)
	if root == "" {
		root = dir
	}
	if s, ok := d.ignores[root]; ok {
		return s
	}
	s := &ignoreSet{root: root, loaded: map[string]bool{}}
	d.ignores[root] = s
	s.loadFile(filepath.Join(root, ".git", "info", "exclude"), nil)
	// .gitignore files between the repository root and the walk root apply too.
	rel, err := filepath.Rel(root, dir)
	if err == nil && rel != "." {
		cur := root
		s.loadDir(cur)
		for _, seg := range strings.Split(rel, string(filepath.Separator)) {
			cur = filepath.Join(cur, seg)
			if cur == dir {
				break
			}
			s.loadDir(cur)
		}
	}
	return s
}

func (s *ignoreSet) segments(path string) []string {
	rel, err := filepath.Rel(s.root, path)
	if err != nil || rel == "." {
		return nil
	}
	return strings.Split(filepath.ToSlash(rel), "/")
}

func (s *ignoreSet) loadDir(dir string) {
	if s == nil || s.loaded[dir] {
		return
	}
	s.loaded[dir] = true
	s.loadFile(filepath.Join(dir, ".gitignore"), s.segments(dir))
}

func (s *ignoreSet) loadFile(file string, domain []string) {
	f, err := os.Open(file)
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		s.patterns = append(s.patterns, gitignore.ParsePattern(line, domain))
		s.origins = append(s.origins, origin{file, n, line})
	}
}

func (s *ignoreSet) ignored(path string, isDir bool) bool {
	_, ok := s.decide(path, isDir)
	return ok
}

// decide returns the pattern that ignores path, if one does: as in git, the last pattern
// that matches decides, and a negated one (`!x`) keeps the path.
func (s *ignoreSet) decide(path string, isDir bool) (origin, bool) {
	if s == nil || len(s.patterns) == 0 {
		return origin{}, false
	}
	segs := s.segments(path)
	if len(segs) == 0 {
		return origin{}, false
	}
	for i := len(s.patterns) - 1; i >= 0; i-- {
		if m := s.patterns[i].Match(segs, isDir); m != gitignore.NoMatch {
			return s.origins[i], m == gitignore.Exclude
		}
	}
	return origin{}, false
}

// whyIgnored says why dir, named on the command line, is ignored: by which line of which
// file it or a directory above it (up to the repository root) is. "" when it is not.
// Directories are checked from the top, since git looks no further into an ignored one.
func (d *discovery) whyIgnored(s *ignoreSet, dir string) string {
	if s == nil {
		return ""
	}
	segs := s.segments(dir)
	cur := s.root
	for i, seg := range segs {
		cur = filepath.Join(cur, seg)
		o, ok := s.decide(cur, true)
		if !ok {
			continue
		}
		what := ""
		if i < len(segs)-1 {
			what = d.rel(cur) + " is "
		}
		return fmt.Sprintf("not scanned: %signored by `%s` at %s:%d; --no-ignore scans what ignore files skip", what, o.text, d.rel(o.file), o.line)
	}
	return ""
}

// rel is path relative to the current directory, as notes show paths.
func (d *discovery) rel(path string) string {
	if r, err := filepath.Rel(d.cwd, path); err == nil && d.cwd != "" {
		return r
	}
	return path
}

// gitRoot returns the nearest directory at or above dir that holds .git, or "".
func gitRoot(dir string) string {
	for {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

func (d *discovery) walk(root string) {
	ign := d.ignoreSetFor(root)
	if why := d.whyIgnored(ign, root); why != "" {
		d.notes = append(d.notes, note{root, why, false})
		return
	}
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if d.stopped != nil && d.stopped() {
			return fs.SkipAll
		}
		if err != nil {
			d.notes = append(d.notes, note{path, "cannot read: " + describeErr(err), true})
			if e != nil && e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		name := e.Name()
		if e.IsDir() {
			if path != root {
				if name == "target" || name == ".git" || strings.HasPrefix(name, ".") || ign.ignored(path, true) || d.opts.excluded(path) {
					return fs.SkipDir
				}
			}
			ign.loadDir(path)
			return nil
		}
		if !strings.HasSuffix(name, ".rs") {
			return nil
		}
		t := e.Type()
		if t&fs.ModeSymlink != 0 {
			// Symlinks are not followed: they may leave the scanned tree or loop.
			return nil
		}
		if !t.IsRegular() {
			d.notes = append(d.notes, note{path, "not a regular file (device, FIFO or socket): not read", false})
			return nil
		}
		if ign.ignored(path, false) || d.opts.excluded(path) {
			return nil
		}
		var size int64
		if info, err := e.Info(); err == nil {
			size = info.Size()
		}
		d.add(path, size)
		return nil
	})
	if err != nil {
		d.notes = append(d.notes, note{root, err.Error(), true})
	}
}
