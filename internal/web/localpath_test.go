package web

import "testing"

func TestLocalPath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		next string
		want bool
	}{
		{"/", true},
		{"/people/12", true},
		{"/people?q=%C6%8Fli+M%C9%99mm%C9%99dov&page=2", true},
		{"/cases/3#notes", true},
		{"/people/%D0%98%D0%B2%D0%B0%D0%BD", true},
		{"", false},
		{"people", false},
		{"//evil.example", false},
		{"///evil.example", false},
		{"/\\evil.example", false},
		{"\\/evil.example", false},
		{"/%09/evil.example", false},
		{"/\t/evil.example", false},
		{"/%2F/evil.example", false},
		{"/%2f/evil.example", false},
		{"/%5Cevil.example", false},
		{"/%5c/evil.example", false},
		{"/%0d%0aSet-Cookie:x=1", false},
		{"/%0D%0ALocation:https://evil.example", false},
		{"/\r\nLocation: https://evil.example", false},
		{"/%00", false},
		{"/%7F", false},
		{"/%C2%85", false},
		{"/%E2%80%A8", false},
		{"/%ZZ", false},
		{"/%FF", false},
		{"https:", false},
		{"https://evil.example/", false},
		{"https:/evil.example", false},
		{"javascript:alert(1)", false},
		{" /people", false},
		{"/" + string(make([]byte, maxReturnPath)), false},
	}
	for _, tt := range tests {
		if got := isLocalPath(tt.next); got != tt.want {
			t.Errorf("isLocalPath(%q) = %t, want %t", tt.next, got, tt.want)
		}
		want := "/fallback"
		if tt.want {
			want = tt.next
		}
		if got := localPath(tt.next, "/fallback"); got != want {
			t.Errorf("localPath(%q) = %q, want %q", tt.next, got, want)
		}
	}
}
