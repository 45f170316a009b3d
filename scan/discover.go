package scan

import (
	"bufio"
	"errors"
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
// folders and whatever .gitignore files ignore; files named explicitly are always scanned.
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
}

type note struct {
	path, msg string
	err       bool
}

type ignoreSet struct {
	root     string
	patterns []gitignore.Pattern
	loaded   map[string]bool
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
	if s.loaded[dir] {
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
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		s.patterns = append(s.patterns, gitignore.ParsePattern(line, domain))
	}
}

func (s *ignoreSet) ignored(path string, isDir bool) bool {
	segs := s.segments(path)
	if len(segs) == 0 || len(s.patterns) == 0 {
		return false
	}
	return gitignore.NewMatcher(s.patterns).Match(segs, isDir)
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
