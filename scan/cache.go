package scan

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/rustaudit/rustaudit/cargo"
	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/rules"
)

// Cache keeps, per crate, the findings and notifications of the last scan, keyed by
// everything they depend on: the content of each of the crate's files (and which files it
// has), its manifest as read (edition, targets), the scan's limits, and Salt, which the
// caller makes from what else decides the output (the rustaudit binary and the
// configuration). A crate whose key matches is not parsed again; a crate with one changed
// file is analysed again whole (its files' facts settle one another's findings), other
// crates are served from the cache.
//
// Entries live in Dir/<salt>/<crate>.gob, one per crate root and salt, written atomically
// (a temporary file renamed over the entry), so concurrent runs never read half an entry:
// the last writer wins and both entries are right. An entry that cannot be read or decoded
// is a miss. Salt directories unused for a month are removed.
type Cache struct {
	Dir  string
	Salt []byte
}

// cacheFormat changes whenever the entry layout or the key's recipe does.
const cacheFormat = "rustaudit-cache-3"

type cacheEntry struct {
	Key           [sha256.Size]byte
	Findings      []finding.Finding
	Notifications []finding.Notification
	Scanned       int
	Bytes         int64
	// For the decisions made across packages (rules.Workspace): whether the package
	// serves, and the context it was settled in.
	Serves, ServesKnown bool
	Context             rules.Context
	// The calls the package makes into the scan's other packages, and a digest of those
	// made into it that it was settled under (rules/peers.go).
	PeerCalls  []rules.PeerCall
	PeerDigest [sha256.Size]byte
}

// crateGroup is one crate's files, in the order they were found.
type crateGroup struct {
	root    string
	edition string
	pkg     *cargo.Package
	targets []target
	hashes  []*[sha256.Size]byte // of each target as read for the key; nil: not read
	key     [sha256.Size]byte
	usable  bool // every file was read: the key says what the results depend on
}

// runCached is Run with a cache: it walks first, serves the crates whose key matches,
// analyses the others (settling each crate on its own, as Engine.Settle does) and stores
// their entries. It fills res and returns no results to settle.
func runCached(ctx context.Context, opts *Options, d *discovery, cr *crates, res *Result) ([]*rules.FileResult, error) {
	var all []target
	d.emit = func(t target) { all = append(all, t) }
	d.run(opts.Paths)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	groups, byRoot := groupByCrate(all, cr)
	hashTargets(ctx, opts, groups)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	salt := opts.Cache.saltSum(opts)
	saltDir := filepath.Join(opts.Cache.Dir, hex.EncodeToString(salt[:8]))
	hits := map[*crateGroup]*cacheEntry{}
	var misses []*crateGroup
	for _, g := range groups {
		if g.usable {
			if e := loadEntry(entryPath(saltDir, g.root), g.key); e != nil {
				hits[g] = e
				continue
			}
		}
		misses = append(misses, g)
	}
	if len(hits) > 0 {
		// In use: not to be pruned as unused.
		now := time.Now()
		os.Chtimes(saltDir, now, now)
	}
	// Hash what the workers read, to store only what was analysed as keyed.
	hashing := *opts
	hashing.Hash = true
	out := &analysed{files: map[string]fileStat{}}
	results := map[string][]*rules.FileResult{}
	analyse := func(gs []*crateGroup) error {
		if len(gs) == 0 {
			return nil
		}
		a := analyseAll(ctx, &hashing, cr, func(emit func(target)) {
			for _, g := range gs {
				for _, t := range g.targets {
					emit(t)
				}
			}
		})
		if err := ctx.Err(); err != nil {
			return err
		}
		a.notes = append(a.notes, recheck(ctx, &hashing, a.results)...)
		out.results = append(out.results, a.results...)
		out.notes = append(out.notes, a.notes...)
		for k, v := range a.files {
			out.files[k] = v
		}
		for _, r := range a.results {
			results[r.Info.Crate] = append(results[r.Info.Crate], r)
		}
		return nil
	}
	if err := analyse(misses); err != nil {
		return nil, err
	}
	// Whether a package is command-line code depends on the other packages of the scan (who
	// uses it, whether they serve): a served entry settled under another decision than
	// today's is analysed again. Its own facts did not change, so one more round settles it.
	var ws *rules.Workspace
	peerCalls := map[*crateGroup][]rules.PeerCall{}
	for {
		ws = workspaceOf(groups, hits, results, peerCalls)
		var stale []*crateGroup
		for g, e := range hits {
			if g.pkg != nil && (e.Context != ws.Context(g.pkg.Root) || e.PeerDigest != ws.PeerDigest(g.pkg)) {
				stale = append(stale, g)
			}
		}
		if len(stale) == 0 {
			break
		}
		sort.Slice(stale, func(i, j int) bool { return stale[i].root < stale[j].root })
		for _, g := range stale {
			delete(hits, g)
		}
		misses = append(misses, stale...)
		if err := analyse(stale); err != nil {
			return nil, err
		}
	}
	for g, e := range hits {
		res.Findings = append(res.Findings, e.Findings...)
		res.Notifications = append(res.Notifications, e.Notifications...)
		res.Scanned += e.Scanned
		res.Bytes += e.Bytes
		res.Cached += len(g.targets)
	}
	if len(misses) == 0 {
		return nil, nil
	}
	out.addTo(res)
	notes := map[string][]finding.Notification{}
	for _, n := range out.notes {
		root := n.Path
		if g := byRoot[n.Path]; g != nil {
			root = g.root
		}
		notes[root] = append(notes[root], n)
	}
	pruned := false
	for _, g := range misses {
		findings, settleNotes := opts.Engine.SettleIn(results[g.root], ws)
		res.Findings = append(res.Findings, findings...)
		res.Notifications = append(res.Notifications, settleNotes...)
		if !g.usable || !g.storable(out) {
			continue
		}
		e := &cacheEntry{Key: g.key, Findings: findings, Notifications: append(notes[g.root], settleNotes...)}
		e.Serves, e.ServesKnown = rules.PackageServes(results[g.root])
		if g.pkg != nil {
			e.Context = ws.Context(g.pkg.Root)
			e.PeerDigest = ws.PeerDigest(g.pkg)
		}
		e.PeerCalls = peerCalls[g]
		for _, t := range g.targets {
			st := out.files[t.path]
			e.Bytes += st.bytes
			if st.scanned {
				e.Scanned++
			}
		}
		for _, n := range e.Notifications {
			if n.Level == finding.LevelError {
				// A parse that ran out of time, a rule that crashed: maybe not so next time.
				e = nil
				break
			}
		}
		if e == nil {
			continue
		}
		if !pruned {
			pruneSalts(opts.Cache.Dir, saltDir)
			pruned = true
		}
		storeEntry(saltDir, entryPath(saltDir, g.root), e)
	}
	return nil, nil
}

// workspaceOf makes the scan's cross-package decisions as Engine.Settle would over all the
// results: the packages that have results, served ones as their entries remember them.
func workspaceOf(groups []*crateGroup, hits map[*crateGroup]*cacheEntry, results map[string][]*rules.FileResult, peerCalls map[*crateGroup][]rules.PeerCall) *rules.Workspace {
	var pkgs []*rules.CrateInfo
	seen := map[string]bool{}
	serves := map[string][2]bool{}
	for _, g := range groups {
		if e, ok := hits[g]; ok {
			if g.pkg != nil && !seen[g.pkg.Root] {
				seen[g.pkg.Root] = true
				pkgs = append(pkgs, g.pkg)
			}
			serves[g.root] = [2]bool{e.Serves, e.ServesKnown}
			continue
		}
		for _, p := range rules.ScannedPackages(results[g.root]) {
			if !seen[p.Root] {
				seen[p.Root] = true
				pkgs = append(pkgs, p)
			}
		}
		yes, known := rules.PackageServes(results[g.root])
		serves[g.root] = [2]bool{yes, known}
	}
	sort.Slice(pkgs, func(i, j int) bool { return pkgs[i].Root < pkgs[j].Root })
	ws := rules.NewWorkspace(pkgs, func(root string) (bool, bool) {
		s, ok := serves[root]
		return s[0], ok && s[1]
	})
	libs := rules.PeerLibs(pkgs)
	for _, g := range groups {
		if e, ok := hits[g]; ok {
			ws.AddPeerCalls(e.PeerCalls)
			continue
		}
		calls, ok := peerCalls[g]
		if !ok {
			calls = rules.PeerCalls(results[g.root], libs)
			peerCalls[g] = calls
		}
		ws.AddPeerCalls(calls)
	}
	return ws
}

// storable: every file was analysed as it was when the key was made (none changed during
// the scan).
func (g *crateGroup) storable(out *analysed) bool {
	for i, t := range g.targets {
		st, ok := out.files[t.path]
		if !ok {
			return false
		}
		if g.hashes[i] != nil && (st.hash == nil || *st.hash != *g.hashes[i]) {
			return false
		}
	}
	return true
}

func groupByCrate(all []target, cr *crates) ([]*crateGroup, map[string]*crateGroup) {
	byRoot := map[string]*crateGroup{}
	var groups []*crateGroup
	byPath := map[string]*crateGroup{}
	for _, t := range all {
		root, edition, pkg := cr.lookup(t.path)
		g := byRoot[root]
		if g == nil {
			g = &crateGroup{root: root, edition: edition, pkg: pkg}
			byRoot[root] = g
			groups = append(groups, g)
		}
		g.targets = append(g.targets, t)
		byPath[t.path] = g
	}
	return groups, byPath
}

// hashTargets reads every file once to key its crate. Files over the size limit are keyed
// by their size (they are skipped whatever they hold).
func hashTargets(ctx context.Context, opts *Options, groups []*crateGroup) {
	type job struct {
		g *crateGroup
		i int
	}
	jobs := make(chan job)
	var wg sync.WaitGroup
	var mu sync.Mutex
	failed := map[*crateGroup]bool{}
	for w := 0; w < opts.Jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				t := j.g.targets[j.i]
				if t.size > opts.MaxFileSize {
					continue
				}
				src, err := readFile(t.path, opts.MaxFileSize)
				if err != nil {
					mu.Lock()
					failed[j.g] = true
					mu.Unlock()
					continue
				}
				h := sha256.Sum256(src)
				j.g.hashes[j.i] = &h
			}
		}()
	}
	for _, g := range groups {
		g.hashes = make([]*[sha256.Size]byte, len(g.targets))
	}
feed:
	for _, g := range groups {
		for i := range g.targets {
			select {
			case jobs <- job{g, i}:
			case <-ctx.Done():
				break feed
			}
		}
	}
	close(jobs)
	wg.Wait()
	for _, g := range groups {
		if failed[g] {
			continue
		}
		g.usable = true
		h := sha256.New()
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00", cacheFormat, g.root, g.edition)
		if g.pkg != nil {
			fmt.Fprintf(h, "%s\x00%s\x00", g.pkg.Root, g.pkg.Name)
			for _, t := range g.pkg.Targets {
				fmt.Fprintf(h, "%#v\x00", t)
			}
			// the manifest's Clippy lint levels silence rules (manifestDirectives)
			for _, l := range slices.Sorted(maps.Keys(g.pkg.Clippy)) {
				fmt.Fprintf(h, "lint %s=%s@%d\x00", l, g.pkg.Clippy[l].Level, g.pkg.Clippy[l].Priority)
			}
			fmt.Fprintf(h, "lints from workspace %v\x00", g.pkg.LintsFromWorkspace)
			// what the manifest says of the package's users: a loadable extension's block_on
			// is a warning, an unpublished package's exports have their callers in sight
			fmt.Fprintf(h, "loadable %v unpublished %v\x00", g.pkg.Loadable, g.pkg.Unpublished)
		}
		idx := make([]int, len(g.targets))
		for i := range idx {
			idx[i] = i
		}
		sort.Slice(idx, func(a, b int) bool { return g.targets[idx[a]].path < g.targets[idx[b]].path })
		for _, i := range idx {
			t := g.targets[i]
			fmt.Fprintf(h, "%s\x00", t.path)
			if p := g.hashes[i]; p != nil {
				h.Write(p[:])
			} else {
				fmt.Fprintf(h, "skipped:%d", t.size)
			}
		}
		copy(g.key[:], h.Sum(nil))
	}
}

// saltSum mixes the caller's salt with the options that change results.
func (c *Cache) saltSum(opts *Options) [sha256.Size]byte {
	h := sha256.New()
	h.Write([]byte(cacheFormat))
	h.Write(c.Salt)
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], uint64(opts.MaxFileSize))
	binary.LittleEndian.PutUint64(b[8:], uint64(opts.ParseBudget))
	h.Write(b[:])
	var s [sha256.Size]byte
	copy(s[:], h.Sum(nil))
	return s
}

func entryPath(saltDir, root string) string {
	sum := sha256.Sum256([]byte(root))
	return filepath.Join(saltDir, hex.EncodeToString(sum[:12])+".gob")
}

func loadEntry(path string, key [sha256.Size]byte) *cacheEntry {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var e cacheEntry
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&e); err != nil || e.Key != key {
		return nil
	}
	return &e
}

// storeEntry writes an entry atomically; a cache that cannot be written is no cache.
func storeEntry(dir, path string, e *cacheEntry) {
	var buf bytes.Buffer
	if gob.NewEncoder(&buf).Encode(e) != nil {
		return
	}
	if os.MkdirAll(dir, 0o755) != nil {
		return
	}
	f, err := os.CreateTemp(dir, ".entry-*")
	if err != nil {
		return
	}
	_, err = f.Write(buf.Bytes())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
}

// cacheMaxAge: a salt directory (another rustaudit build, another configuration) untouched
// for this long is removed.
const cacheMaxAge = 30 * 24 * time.Hour

func pruneSalts(dir, keep string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, de := range ents {
		p := filepath.Join(dir, de.Name())
		if !de.IsDir() || p == keep {
			continue
		}
		if info, err := de.Info(); err == nil && time.Since(info.ModTime()) > cacheMaxAge {
			os.RemoveAll(p)
		}
	}
}
