// Package fingerprint computes GitHub code scanning's primaryLocationLineHash the way the
// upload action does when a SARIF result lacks one, so that alerts keep their identity
// when lines are added above them.
//
// The algorithm is that of github/codeql-action's src/fingerprints.ts (function hash): the
// file is read as UTF-16 code units; spaces and tabs are skipped; CR and CRLF count as LF;
// each line's hash is a polynomial rolling hash (base 37, wrapping 64-bit arithmetic) over
// the 100 units that start at the line's first unit, padded at the end of the file with one
// 0xFFFF unit and zeros. The hash is written in lowercase hexadecimal without leading zeros,
// followed by ":N", N being 1 for the first line of the file with that hash, 2 for the
// second, and so on.
package fingerprint

import (
	"strconv"
	"unicode/utf8"
)

const (
	blockSize = 100
	base      = 37
	eof       = 0xFFFF
)

// firstMod is base**blockSize in wrapping 64-bit arithmetic: the weight of the unit that
// leaves the window.
var firstMod = func() uint64 {
	m := uint64(1)
	for range blockSize {
		m *= base
	}
	return m
}()

// LineHashes returns the fingerprint of every line of src: element i is for line i+1.
func LineHashes(src []byte) []string {
	hash := lines(src, -1)
	out := make([]string, len(hash))
	counts := make(map[uint64]int, len(hash))
	for i, h := range hash {
		counts[h]++
		out[i] = format(h, counts[h])
	}
	return out
}

// Of returns the fingerprints of the given lines of src (0-based: 0 is line 1), in the
// order given; a line past the end of src gets "". It hashes src only as far as the last of
// them needs, and counts the earlier lines with the same hash only for them: a file's
// findings sit on a handful of its lines.
func Of(src []byte, want []int) []string {
	upto := -1
	for _, l := range want {
		upto = max(upto, l)
	}
	out := make([]string, len(want))
	if upto < 0 {
		return out
	}
	hash := lines(src, upto)
	for k, l := range want {
		if l < 0 || l >= len(hash) {
			continue
		}
		nth := 0
		for _, h := range hash[:l+1] {
			if h == hash[l] {
				nth++
			}
		}
		out[k] = format(hash[l], nth)
	}
	return out
}

func format(hash uint64, nth int) string {
	return strconv.FormatUint(hash, 16) + ":" + strconv.Itoa(nth)
}

// lines returns the hash of each line of src, element i for line i+1, stopping once line
// upto+1 has its hash (upto < 0: every line). Lines are counted as the upload action counts
// them (a lone CR also ends a line), and a file that ends with a line terminator has one
// more, empty, line. Bytes that are not valid UTF-8 are read as U+FFFD, one for each
// maximal invalid subsequence, as Node.js decodes them.
//
// It is one pass over src; the state lives in local variables so that the per-unit work
// (processCharacter and updateHash in fingerprints.ts) stays in registers.
func lines(src []byte, upto int) []uint64 {
	var (
		window  [blockSize]uint16 // the last blockSize units, as a ring
		lineAt  [blockSize]int32  // 1-based line that starts at that ring slot, or 0
		index   int               // the ring slot the next unit goes into
		hash    uint64
		line    int32 // lines started so far
		atStart = true
		prevCR  bool
		units   [2]uint16
		out     []uint64
	)
	for i := 0; i <= len(src); {
		// Decode the next UTF-16 unit(s); past the end comes the EOF marker.
		n := 1
		switch {
		case i == len(src):
			units[0] = eof
			i++
		case src[i] < utf8.RuneSelf:
			units[0] = uint16(src[i])
			i++
		default:
			r, size := utf8.DecodeRune(src[i:])
			switch {
			case r == utf8.RuneError && size <= 1:
				units[0] = 0xFFFD
				size = invalidLen(src[i:])
			case r >= 0x10000:
				r -= 0x10000
				units[0], units[1] = uint16(0xD800+r>>10), uint16(0xDC00+r&0x3FF)
				n = 2
			default:
				units[0] = uint16(r)
			}
			i += size
		}
		for _, c := range units[:n] {
			// processCharacter: skip spaces, tabs and the LF of a CRLF; read CR as LF.
			if c == ' ' || c == '\t' || (prevCR && c == '\n') {
				prevCR = false
				continue
			}
			prevCR = c == '\r'
			if prevCR {
				c = '\n'
			}
			if lineAt[index] != 0 {
				// The line that started blockSize units ago has its hash.
				if out = append(out, hash); len(out) == upto+1 {
					return out
				}
				lineAt[index] = 0
			}
			if atStart {
				atStart = false
				line++
				lineAt[index] = line
			}
			atStart = c == '\n'
			// updateHash
			hash = base*hash + uint64(c) - firstMod*uint64(window[index])
			window[index] = c
			if index++; index == blockSize {
				index = 0
			}
		}
	}
	// Flush the lines that started in the last blockSize units, padding with zeros.
	for range blockSize {
		if lineAt[index] != 0 {
			if out = append(out, hash); len(out) == upto+1 {
				return out
			}
			lineAt[index] = 0
		}
		hash = base*hash - firstMod*uint64(window[index])
		window[index] = 0
		if index++; index == blockSize {
			index = 0
		}
	}
	return out
}

// invalidLen is the length of the maximal invalid subsequence at the start of b (which does
// not start with a valid encoding): the WHATWG decoder used by Node.js replaces a truncated
// but otherwise well-formed prefix of a sequence by a single U+FFFD, and any other invalid
// byte by one U+FFFD each.
func invalidLen(b []byte) int {
	lo, hi := byte(0x80), byte(0xBF)
	need := 0
	switch c := b[0]; {
	case c >= 0xC2 && c <= 0xDF:
		need = 1
	case c >= 0xE0 && c <= 0xEF:
		need = 2
		if c == 0xE0 {
			lo = 0xA0
		} else if c == 0xED {
			hi = 0x9F
		}
	case c >= 0xF0 && c <= 0xF4:
		need = 3
		if c == 0xF0 {
			lo = 0x90
		} else if c == 0xF4 {
			hi = 0x8F
		}
	default:
		return 1
	}
	n := 1
	for n <= need && n < len(b) && b[n] >= lo && b[n] <= hi {
		lo, hi = 0x80, 0xBF
		n++
	}
	return n
}
