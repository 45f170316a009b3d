package finding

import "testing"

func TestLevelNames(t *testing.T) {
	for _, l := range []Level{LevelAllow, LevelNote, LevelWarning, LevelError} {
		got, err := ParseLevel(l.String())
		if err != nil || got != l {
			t.Errorf("ParseLevel(%q) = %v, %v", l.String(), got, err)
		}
	}
	if got, err := ParseLevel("WARNING"); err != nil || got != LevelWarning {
		t.Errorf("ParseLevel is not case-insensitive: %v, %v", got, err)
	}
	if _, err := ParseLevel("fatal"); err == nil {
		t.Error("ParseLevel(fatal) accepted")
	}
	if got := Level(7).String(); got != "Level(7)" {
		t.Errorf("Level(7).String() = %q", got)
	}
}
