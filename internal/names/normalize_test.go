package names

import "testing"

func TestNormalize(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"  Məmmədov   Rəşad  ", "məmmədov rəşad"},
		{"İSMAYIL", "ismayıl"},
		{"İsmayıl", "ismayıl"},
		{"IVAN", "ıvan"},         // Azerbaijani casing: Latin maps ı back to i
		{"Mәmmәdov", "məmmədov"}, // Cyrillic schwa
		{"Mämmädov", "məmmədov"},
		{"Me\u0301mmədov", "mémmədov"}, // NFC
		{"Məmməd-Əli", "məmmədəli"},
		{"O'Neil", "oneil"},
		{"Мар'яна", "маряна"},
		{"A.Məmmədov", "a məmmədov"},
		{"Məmmədov, Rəşad", "məmmədov rəşad"},
		{"Пётр", "петр"},
		{"مُحَمَّد", "محمد"}, // short-vowel signs dropped
		{"علي", "علی"},       // Arabic yeh as Persian
		{"ГИОРГИ", "гиорги"},
		{"", ""},
		{"- . ,", ""},
	}
	for _, tt := range tests {
		got := Normalize(tt.in)
		if got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if again := Normalize(got); again != got {
			t.Errorf("Normalize(%q) = %q, but Normalize of that is %q", tt.in, got, again)
		}
	}
}
