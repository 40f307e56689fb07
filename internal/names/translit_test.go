package names

import "testing"

func TestLatin(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Məmmədov Rəşad Əli oğlu", "mammadov rashad ali oghlu"},
		{"Çingiz Ağayev", "chingiz aghayev"},
		{"Xəlil Qasımov", "xalil qasimov"}, // ASCII x and q stay: Key reads them
		{"Мамедов Рашад", "mamedov rashad"},
		{"Джафаров Юрий Щукин", "dzhafarov yuriy shchukin"},
		{"Ольга Григорьевна", "olga grigorevna"},
		{"Ольга Григорівна", "olga hryhorivna"}, // Ukrainian: г is h, и is y
		{"Гаджиев Ҹәфәр", "gadzhiev jafar"},     // Azerbaijani Cyrillic
		{"გიორგი ბერიძე", "giorgi beridze"},
		{"ჭავჭავაძე", "chavchavadze"},
		{"محمد رضایی", "mhmd rzayi"},
		{"علی", "ali"},
		{"داوود", "davud"},
		{"Ševčenko Müller Jäger", "shevchenko muller jager"},
		{"Łukasz Ærø", "lukasz aero"},
		{"Мар'яна Объедкова", "maryana obedkova"},
		{"王伟", "王伟"}, // Key reads pinyin; Latin keeps the characters
		// ё (as е), э, ы, ъ; Ukrainian і ї є ґ; Belarusian ў, whose г is h.
		{"Артём Эльдар Рыбаков Подъячев", "artem eldar rybakov podyachev"},
		{"Ірина Їжак Євген Ґалаґан", "iryna yizhak yevhen galagan"},
		{"Яўген Лукашэнка Вольга", "yauhen lukashenka volga"},
		{"ъ ь", ""},
	}
	for _, tt := range tests {
		if got := Latin(tt.in); got != tt.want {
			t.Errorf("Latin(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
