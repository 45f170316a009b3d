package scan

import (
	"os"
	"path/filepath"
	"sync"

	"github.com/rustaudit/rustaudit/cargo"
)

// crates finds the crate of each file (the directory of its nearest Cargo.toml) and the
// crate's Rust edition, caching answers per directory.
type crates struct {
	mu        sync.Mutex
	manifest  map[string]string         // dir -> nearest Cargo.toml dir ("" if none)
	editions  map[string]string         // Cargo.toml dir -> edition
	workspace map[string]string         // dir -> edition of the nearest workspace at or above it
	packages  map[string]*cargo.Package // Cargo.toml dir -> its package and targets
	wsRoot    map[string]string         // dir -> the nearest workspace root at or above it
	wsClippy  map[string]map[string]cargo.ClippyLint
}

func newCrates() *crates {
	return &crates{manifest: map[string]string{}, editions: map[string]string{}, workspace: map[string]string{}, packages: map[string]*cargo.Package{}, wsRoot: map[string]string{}, wsClippy: map[string]map[string]cargo.ClippyLint{}}
}

type cargoManifest struct {
	Package *struct {
		Edition any `toml:"edition"` // "2021", or {workspace = true}
	} `toml:"package"`
	Workspace *struct {
		Package *struct {
			Edition string `toml:"edition"`
		} `toml:"package"`
		Lints map[string]any `toml:"lints"`
	} `toml:"workspace"`
}

// pkg returns the package of the Cargo.toml in root, read once.
func (c *crates) pkg(root string) *cargo.Package {
	p, ok := c.packages[root]
	if !ok {
		p = cargo.Load(root)
		c.packages[root] = p
		if p.LintsFromWorkspace {
			p.Clippy = c.workspaceClippy(root)
		}
		if parent := filepath.Dir(root); parent != root {
			if up := c.nearestManifest(parent); up != "" {
				p.Within = c.pkg(up)
			}
		}
	}
	return p
}

// lookup returns the crate root, edition and package (nil without a Cargo.toml) of a file.
func (c *crates) lookup(file string) (root, edition string, pkg *cargo.Package) {
	dir := filepath.Dir(file)
	c.mu.Lock()
	defer c.mu.Unlock()
	root = c.nearestManifest(dir)
	if root == "" {
		return dir, "", nil
	}
	return root, c.edition(root), c.pkg(root)
}

func (c *crates) nearestManifest(dir string) string {
	return nearest(c.manifest, dir, func(d string) (string, bool) {
		st, err := os.Stat(filepath.Join(d, "Cargo.toml"))
		return d, err == nil && st.Mode().IsRegular()
	})
}

// nearest walks from dir up to the file system's root and returns the answer of the first
// directory that probe accepts ("" when none does). The answer is kept in cache for every
// directory it walked through, and a directory already there ends the walk: a later search
// from any of them would find the same.
func nearest(cache map[string]string, dir string, probe func(d string) (string, bool)) string {
	var chain []string
	found := ""
	for d := dir; ; {
		if v, ok := cache[d]; ok {
			found = v
			break
		}
		chain = append(chain, d)
		if v, ok := probe(d); ok {
			found = v
			break
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	for _, d := range chain {
		cache[d] = found
	}
	return found
}

func (c *crates) edition(root string) string {
	if e, ok := c.editions[root]; ok {
		return e
	}
	e := ""
	m := readManifest(filepath.Join(root, "Cargo.toml"))
	if m != nil && m.Package != nil {
		switch v := m.Package.Edition.(type) {
		case string:
			e = v
		case map[string]any:
			if v["workspace"] == true {
				e = c.workspaceEdition(filepath.Dir(root))
			}
		case nil:
			e = "2015" // Cargo's default when a package names no edition
		}
	}
	c.editions[root] = e
	return e
}

// workspaceEdition finds [workspace.package] edition in a Cargo.toml above dir. The answer is
// kept for every directory on the way up: each member crate of a workspace asks it again,
// and parsing a large workspace manifest (deno's) for each of them showed in profiles.
func (c *crates) workspaceEdition(dir string) string {
	return nearest(c.workspace, dir, func(d string) (string, bool) {
		m := readManifest(filepath.Join(d, "Cargo.toml"))
		if m == nil || m.Workspace == nil {
			return "", false
		}
		if m.Workspace.Package == nil {
			return "", true
		}
		return m.Workspace.Package.Edition, true
	})
}

func readManifest(path string) *cargoManifest {
	var m cargoManifest
	if !cargo.ReadManifest(path, &m) {
		return nil
	}
	return &m
}

// workspaceClippy is the `[workspace.lints.clippy]` table of the workspace root at or above
// dir (a member with `[lints] workspace = true` takes it), read once per root.
func (c *crates) workspaceClippy(dir string) map[string]cargo.ClippyLint {
	root := nearest(c.wsRoot, dir, func(d string) (string, bool) {
		m := readManifest(filepath.Join(d, "Cargo.toml"))
		return d, m != nil && m.Workspace != nil
	})
	if root == "" {
		return nil
	}
	if l, ok := c.wsClippy[root]; ok {
		return l
	}
	var l map[string]cargo.ClippyLint
	if m := readManifest(filepath.Join(root, "Cargo.toml")); m != nil && m.Workspace != nil {
		l = cargo.ClippyLevels(m.Workspace.Lints)
	}
	c.wsClippy[root] = l
	return l
}
