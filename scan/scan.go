// Package scan drives a run: it finds the Rust files under the given paths, parses and
// analyses them in parallel (one parser per worker, each tree closed as soon as its file is
// done), and settles the crate-wide checks into one sorted list of findings.
package scan

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules"
)

// Options control a scan.
type Options struct {
	Paths       []string
	Jobs        int           // workers; 0 means the number of CPUs
	Engine      *rules.Engine // the enabled rules
	MaxFileSize int64         // files larger than this are skipped with a notification; 0: 10 MB
	ParseBudget time.Duration // a parse that takes longer is abandoned; 0: 20 s
	// Exclude reports whether an absolute path is excluded by configuration.
	Exclude func(path string) bool
	// ParseOnly stops after parsing (for benchmarks): no rules, no findings.
	ParseOnly bool
	// Hash records the hash of each file analysed as it was read (Result.Hashes), so that
	// fixes are never written over a file that changed since.
	Hash bool
	// NoIgnore walks what .gitignore files and .git/info/exclude would skip; target/, .git/,
	// hidden directories and Exclude still are.
	NoIgnore bool
	// Cache, when set, serves the results of crates whose files, manifests and settings
	// did not change since an earlier run (see Cache). Not used with Hash or ParseOnly.
	Cache *Cache
	keep  bool // keep each file's result in Result.kept (for a Session)
}

const (
	DefaultMaxFileSize = 10 << 20
	DefaultParseBudget = 20 * time.Second
)

func (o *Options) excluded(path string) bool { return o.Exclude != nil && o.Exclude(path) }

// Result is the outcome of a scan.
type Result struct {
	Findings      []finding.Finding
	Notifications []finding.Notification
	Files         int   // files found
	Scanned       int   // files read and analysed (possibly with syntax errors)
	Bytes         int64 // bytes read
	// Hashes holds, with Options.Hash, the SHA-256 (fix.Hash) of each analysed file as read.
	Hashes map[string][sha256.Size]byte
	// Cached counts the files whose results came from the cache.
	Cached int
	kept   []*rules.FileResult
}

// Run scans. It returns an error only when the scan could not start; problems with single
// files become notifications.
func Run(ctx context.Context, opts Options) (*Result, error) {
	if opts.Engine == nil && !opts.ParseOnly {
		return nil, errors.New("scan: no engine")
	}
	if opts.Jobs <= 0 {
		opts.Jobs = runtime.NumCPU()
	}
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	if opts.ParseBudget <= 0 {
		opts.ParseBudget = DefaultParseBudget
	}
	d := &discovery{opts: &opts, stopped: func() bool { return ctx.Err() != nil }}
	cr := newCrates()
	res := &Result{}
	if opts.Hash {
		res.Hashes = map[string][sha256.Size]byte{}
	}
	var results []*rules.FileResult
	if opts.Cache != nil && !opts.ParseOnly && !opts.keep && !opts.Hash {
		var err error
		if results, err = runCached(ctx, &opts, d, cr, res); err != nil {
			return nil, err
		}
	} else {
		out := analyseAll(ctx, &opts, cr, func(emit func(target)) {
			d.emit = emit
			d.run(opts.Paths)
		})
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		out.notes = append(out.notes, recheck(ctx, &opts, out.results)...)
		out.addTo(res)
		results = out.results
	}
	// The walk is over (workers stop once jobs is closed, after it).
	res.Files = d.found
	for _, n := range d.notes {
		lvl := finding.LevelWarning
		if n.err {
			lvl = finding.LevelError
		}
		res.Notifications = append(res.Notifications, finding.Notification{Path: n.path, Level: lvl, Message: n.msg})
	}
	findings, notes := opts.Engine.Settle(results)
	res.Findings = append(res.Findings, findings...)
	rules.SortFindings(res.Findings)
	res.Notifications = append(res.Notifications, notes...)
	if opts.keep {
		res.kept = results
	}
	sortNotifications(res.Notifications)
	return res, nil
}

// analysed is what the workers made of the files fed to them.
type analysed struct {
	results []*rules.FileResult
	notes   []finding.Notification
	files   map[string]fileStat // by path
}

// fileStat is what one file added to a Result's counters, and the hash of what was read.
type fileStat struct {
	scanned bool
	bytes   int64
	hash    *[sha256.Size]byte
}

func (a *analysed) addTo(res *Result) {
	res.Notifications = append(res.Notifications, a.notes...)
	for _, st := range a.files {
		res.Bytes += st.bytes
		if st.scanned {
			res.Scanned++
		}
	}
	for _, r := range a.results {
		if h := a.files[r.Info.Path].hash; h != nil && res.Hashes != nil {
			res.Hashes[r.Info.Path] = *h
		}
	}
}

// analyseAll parses and analyses, on opts.Jobs workers, the files feed emits; feed runs on
// its own goroutine and the workers stop once it returns.
func analyseAll(ctx context.Context, opts *Options, cr *crates, feed func(emit func(target))) *analysed {
	jobs := make(chan target)
	type out struct {
		path    string
		res     *rules.FileResult
		notes   []finding.Notification
		scanned bool
		bytes   int64
		hash    *[sha256.Size]byte
	}
	outs := make(chan out, opts.Jobs)
	var words map[string]bool
	if opts.Engine != nil {
		words = opts.Engine.MacroWords()
	}
	var wg sync.WaitGroup
	var bigMu sync.Mutex   // one big file at a time
	var alone sync.RWMutex // held (for writing) while a huge file is analysed
	for w := 0; w < opts.Jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := parser.NewParser()
			defer p.Close()
			p.Budget = opts.ParseBudget
			if opts.Engine != nil {
				p.MacroWords = words
			}
			// Abandon may run on another goroutine as the scan is cancelled: it must be over
			// before Close frees the parser's cancel flag, or it writes to freed memory.
			abandoned := make(chan struct{})
			stop := context.AfterFunc(ctx, func() { p.Abandon(); close(abandoned) })
			defer func() {
				if !stop() {
					<-abandoned
				}
			}()
			for t := range jobs {
				big, huge := t.size >= bigFile, t.size >= hugeFile
				switch {
				case huge:
					alone.Lock()
				case big:
					alone.RLock()
					bigMu.Lock()
				default:
					alone.RLock()
				}
				if big {
					// Start from what the scan holds, not from what earlier files left:
					// the big file's tree adds to it (a 2.5 MB table: about 90 MB).
					parser.ReleaseMemory()
				}
				r, notes, n, h := analyseFile(ctx, p, t, opts, cr)
				if big {
					parser.ReleaseMemory()
				} else if t.size >= largeFile {
					parser.TrimCHeap()
				}
				switch {
				case huge:
					alone.Unlock()
				case big:
					bigMu.Unlock()
					alone.RUnlock()
				default:
					alone.RUnlock()
				}
				outs <- out{path: t.path, res: r, notes: notes, scanned: r != nil || (opts.ParseOnly && n > 0), bytes: n, hash: h}
			}
		}()
	}
	go func() {
		defer close(jobs)
		feed(func(t target) {
			select {
			case jobs <- t:
			case <-ctx.Done():
			}
		})
	}()
	go func() {
		wg.Wait()
		close(outs)
	}()
	a := &analysed{files: map[string]fileStat{}}
	for o := range outs {
		a.notes = append(a.notes, o.notes...)
		a.files[o.path] = fileStat{scanned: o.scanned, bytes: o.bytes, hash: o.hash}
		if o.res != nil {
			a.results = append(a.results, o.res)
		}
	}
	return a
}

// Peak memory is set by the largest files (a 1.75 MB generated file takes about 85 MB on
// its own, tree-sitter's tree of a 2.5 MB table 90-120 MB), not by their number. From
// bigFile up, files are analysed one at a time, and the memory that earlier files left
// (garbage, the C heap's free pages) and then the memory their trees took is handed back to
// the system before and after each (a full GC each time: rare files only); from largeFile
// up, the C heap's free memory is handed back after each. From hugeFile up, a file is
// analysed alone, the other workers waiting: at -j2 on zenoh plus a 2.5 MB table, max RSS
// ranged 109-142 MB over 15 runs with the other worker going on, 109-119 MB alone (the
// concurrent file's C heap and garbage land on top of the tree). Below it, waiting would
// cost more than it saves: a 1.75 MB table took 83-109 MB with the other worker going on
// and 74 MB alone, but the scan 1.1-1.3 s instead of 1.3-1.4 s.
const (
	hugeFile  = 2 << 20
	bigFile   = 512 << 10
	largeFile = 256 << 10
)

// analyseFile reads, parses and analyses one file. The tree is dropped before returning. A
// panic (in the parser's macro re-parsing, say) costs this file only.
func analyseFile(ctx context.Context, p *parser.Parser, t target, opts *Options, cr *crates) (res *rules.FileResult, notes []finding.Notification, n int64, hash *[sha256.Size]byte) {
	defer func() {
		if v := recover(); v != nil {
			res = nil
			notes = append(notes, finding.Notification{Path: t.path, Level: finding.LevelError, Rule: "internal",
				Message: fmt.Sprintf("internal error while analysing this file: %v", v)})
		}
	}()
	fail := func(lvl finding.Level, line int, format string, args ...any) {
		notes = append(notes, finding.Notification{Path: t.path, Line: line, Level: lvl, Message: fmt.Sprintf(format, args...)})
	}
	if t.size > opts.MaxFileSize {
		fail(finding.LevelError, 0, "skipped: %d bytes is over the %d-byte size limit", t.size, opts.MaxFileSize)
		return nil, notes, 0, nil
	}
	src, err := readFile(t.path, opts.MaxFileSize)
	if err != nil {
		fail(finding.LevelError, 0, "cannot read: %v", err)
		return nil, notes, 0, nil
	}
	if ctx.Err() != nil {
		return nil, nil, 0, nil
	}
	if opts.Hash {
		h := sha256.Sum256(src)
		hash = &h
	}
	if !utf8.Valid(src) {
		fail(finding.LevelWarning, firstInvalidLine(src), "not valid UTF-8 (rustc rejects it); analysed as far as possible")
	}
	src = blankBOM(src)
	tree, err := p.Parse(t.path, src)
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, int64(len(src)), nil
		}
		fail(finding.LevelError, 0, "skipped: %v (%s)", err, opts.ParseBudget)
		return nil, notes, int64(len(src)), nil
	}
	if len(tree.ErrorRows) > 0 {
		fail(finding.LevelWarning, tree.ErrorRows[0]+1, "parsed with errors at line %d; the rest of the file was analysed", tree.ErrorRows[0]+1)
	}
	if opts.ParseOnly {
		p.Recycle(tree)
		return nil, notes, int64(len(src)), nil
	}
	root, edition, pkg := cr.lookup(t.path)
	r := opts.Engine.Analyze(tree, rules.FileInfo{Path: t.path, Crate: root, Edition: edition, Package: pkg})
	// Findings and facts are plain values: nothing refers to the tree any more.
	p.Recycle(tree)
	return r, notes, int64(len(src)), hash
}

// readFile reads at most limit+1 bytes, so a file that grew after it was listed is still
// bounded. Only regular files are opened.
func readFile(path string, limit int64) ([]byte, error) {
	st, err := os.Lstat(path)
	if err != nil {
		return nil, errors.Unwrap(err)
	}
	if !st.Mode().IsRegular() {
		if st.Mode()&os.ModeSymlink == 0 {
			return nil, errors.New("not a regular file")
		}
		// A symlink named on the command line: follow it once, but only to a regular file.
		if st, err = os.Stat(path); err != nil || !st.Mode().IsRegular() {
			return nil, errors.New("not a regular file")
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, errors.Unwrap(err)
	}
	defer f.Close()
	// Read at the size the file has now (io.ReadAll grows from 512 bytes and allocated 2.3x
	// the bytes read); a file that grew meanwhile is read to the end, still bounded.
	size := st.Size()
	if size > limit {
		size = limit
	}
	data := make([]byte, size+1)
	n, err := io.ReadFull(f, data)
	switch {
	case err == io.ErrUnexpectedEOF || err == io.EOF:
		data = data[:n]
	case err != nil:
		return nil, err
	default:
		rest, err := io.ReadAll(io.LimitReader(f, limit+1-int64(n)))
		if err != nil {
			return nil, err
		}
		data = append(data[:n], rest...)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("over the %d-byte size limit", limit)
	}
	return data, nil
}

// blankBOM replaces a UTF-8 byte-order mark with a zero-width no-break space's absence:
// tree-sitter does not expect it, so it becomes three spaces (columns on line 1 shift by
// two; rustc ignores the mark).
func blankBOM(src []byte) []byte {
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		c := make([]byte, len(src))
		copy(c, src)
		c[0], c[1], c[2] = ' ', ' ', ' '
		return c
	}
	return src
}

func firstInvalidLine(src []byte) int {
	line := 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 {
			return line
		}
		if src[i] == '\n' {
			line++
		}
		i += size
	}
	return 0
}
