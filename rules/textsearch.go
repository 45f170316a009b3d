package rules

import "bytes"

// commonBytes lists the bytes of Rust source from the most frequent down (measured on deno's
// 20 MB of .rs files: ' ' 19.8%, 'e' 7.4% ... 'V' 0.11%); bytes not listed are rarer still.
const commonBytes = " etrsoani\nl_cp:du)(mf.,hg\"/by;vwk={}S>x-&ERCTO<P[]0DANI!1j2`8#|FMq'LBV"

// byteRarity ranks a byte by how rarely it occurs in Rust source: higher is rarer.
var byteRarity = func() (r [256]uint8) {
	for i := range r {
		r[i] = 255
	}
	for i := 0; i < len(commonBytes); i++ {
		r[commonBytes[i]] = uint8(i)
	}
	return r
}()

// containsWord reports whether word occurs in src, as bytes.Contains does. It jumps with
// IndexByte from one occurrence of word's rarest byte to the next and compares there:
// bytes.Contains jumps on the first byte, and the first bytes of the words the rules ask
// about ('t' of "tokio::", 'a' of "async_std::") are among the commonest of Rust source.
func containsWord(src []byte, word string) bool {
	if len(word) < 2 {
		return bytes.Contains(src, []byte(word))
	}
	k := 0
	for i := 1; i < len(word); i++ {
		if byteRarity[word[i]] > byteRarity[word[k]] {
			k = i
		}
	}
	c, n := word[k], len(word)
	for i := k; i < len(src); {
		j := bytes.IndexByte(src[i:], c)
		if j < 0 {
			return false
		}
		at := i + j - k // where word would start
		if at+n > len(src) {
			return false
		}
		if string(src[at:at+n]) == word {
			return true
		}
		i += j + 1
	}
	return false
}
