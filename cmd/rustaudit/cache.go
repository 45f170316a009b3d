package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/rustaudit/rustaudit/scan"
)

// openCache returns the scan cache, or nil when there is no place for it. Its salt is what
// decides the output besides the crates themselves: this binary (any rebuild is another
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

var binaryDigest = sync.OnceValue(func() []byte {
	exe, err := os.Executable()
	if err != nil {
		return nil
	}
	f, err := os.Open(exe)
	if err != nil {
		return nil
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil
	}
	return h.Sum(nil)
})
