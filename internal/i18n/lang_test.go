package i18n

import (
	"slices"
	"testing"
)

func TestLangs(t *testing.T) {
	t.Parallel()
	if want := []Lang{AZ, EN, RU}; !slices.Equal(Langs, want) {
		t.Errorf("Langs = %v, want %v", Langs, want)
	}
}

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		want   Lang
		wantOK bool
	}{
		{"az", AZ, true},
		{"AZ", AZ, true},
		{"az-Latn-AZ", AZ, true},
		{"az-Cyrl", AZ, true},
		{"en", EN, true},
		{"en-GB", EN, true},
		{"EN-us", EN, true},
		{"ru", RU, true},
		{"ru-RU", RU, true},
		{"ru_RU", RU, true},
		{"", "", false},
		{"tr", "", false},
		{"de-DE", "", false},
		{"azz", "", false},
		{"not a tag", "", false},
	}
	for _, tt := range tests {
		got, ok := Parse(tt.in)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("Parse(%q) = %q, %t; want %q, %t", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		header string
		want   Lang
	}{
		{"ru-RU,ru;q=0.9,en;q=0.8", RU},
		{"de-DE", AZ},
		{"", AZ},
		{"en-US;q=0.5, az;q=0.9", AZ},
		{"tr", AZ},
		{"en-US,en;q=0.9", EN},
		{"en-GB", EN},
		{"az-AZ", AZ},
		{"de-DE,de;q=0.9,ru;q=0.7,en;q=0.5", RU},
		{"fr;q=0.9, en;q=0.1", EN},
		{"*", AZ},
		{"ru;q=0", AZ},
		{";;;=garbage", AZ},
	}
	for _, tt := range tests {
		if got := Match(tt.header); got != tt.want {
			t.Errorf("Match(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
}
