package main

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"

	"github.com/rustaudit/rustaudit/scan"
)

// openCache returns the scan cache, or nil when there is no place for it. Its salt is what
// decides the output besides the crates themselves: this build (any rebuild is another
// rustaudit), the configuration file's content and the flags that change settings.
func openCache(dir string, cfg *loaded, sf *settingsFlags) *scan.Cache {
	if dir == "" {
		dir = os.Getenv("RUSTAUDIT_CACHE_DIR")
	}
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return nil
		}
		dir = filepath.Join(base, "rustaudit")
	}
	bin := binaryDigest()
	if bin == nil {
		return nil
	}
	h := sha256.New()
	h.Write(bin)
	fmt.Fprintf(h, "\x00config:%s\x00", cfg.path)
	if cfg.path != "" {
		data, err := os.ReadFile(cfg.path)
		if err != nil {
			return nil
		}
		h.Write(data)
	}
	fmt.Fprintf(h, "\x00enable:%q\x00disable:%q\x00level:%q", sf.enable, sf.disable, sf.levels)
	return &scan.Cache{Dir: dir, Salt: h.Sum(nil)}
}

// binaryDigest names this build of rustaudit from its file's identity (path, size and
// modification time): every rebuild changes it, and it costs one stat, not a read
// of the whole binary on every run (hashing its 13 MB took 10-20 ms, as long as a scan
// of one file).
func binaryDigest() []byte {
	exe, err := os.Executable()
	if err != nil {
		return nil
	}
	st, err := os.Stat(exe)
	if err != nil {
		return nil
	}
	sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d\x00%d", exe, st.Size(), st.ModTime().UnixNano()))
	return sum[:]
}
