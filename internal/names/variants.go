package names

// variantGroups lists forms of one name that languages spell differently
// enough that no sound rule should join them. Joining them with a rule
// would also join names that must stay apart. Each group is written in
// Latin. Spellings whose keys already agree need not be listed: Hasan,
// Həsən and Гасан already give one key. The first spelling gives the
// group's key. Keep the groups to names migrants in Azerbaijan bear, and
// to forms one person is really written in.
var variantGroups = [][]string{
	// Arabic names in Azerbaijani, Persian, Arabic, Russian and Central Asian forms.
	{"məhəmməd", "mohammad", "muhammad", "mohammed", "muhammed", "magomed", "mukhammad", "mokhammad"},
	{"yusif", "yusuf", "yousef", "yusef", "yousif", "yusup"},
	{"ibrahim", "ebrahim", "ibrohim"},
	{"ismayıl", "esmaeil", "esmail", "ismoil"},
	{"rza", "reza", "riza"},
	{"mehdi", "mekhti", "mahdi"},
	{"fatimə", "fatemeh", "fatimeh"},
	{"zəhra", "zohreh", "zohra"},
	{"abdulla", "abdullah", "abdollah"},
	{"rəhim", "raheem"},
	// Georgian, Russian, Ukrainian and Belarusian forms of Christian names,
	// as official Latin and as the Cyrillic of each language reads in
	// Latin (Belarusian Аляксандр gives alyaksandr, Яўген yauhen).
	{"giorgi", "georgiy", "georgi"},
	{"aleksandr", "oleksandr", "alexander", "aleksandre", "alexandr", "aleksander", "aliaksandr", "alyaksandr"},
	{"mikhail", "mykhailo"},
	{"nikolay", "mykola", "nikoloz", "mikalai", "mikalay"},
	{"dmitriy", "dmytro", "dzmitry"},
	{"sergey", "serhiy", "serhii", "sergii", "sergiy", "siarhei", "syargey"},
	{"andrey", "andriy", "andrii"},
	{"aleksey", "alexei", "oleksiy", "oleksii", "aliaksei", "alyaksey"},
	{"pyotr", "petr", "petro", "piatro", "pyatro"},
	{"pavel", "pavlo", "paval"},
	{"vladimir", "volodymyr", "uladzimir"},
	{"yevgeniy", "yevhen", "evgeny", "evgenii", "yauhen"},
	{"viktor", "viktar"},
	{"igor", "ihor", "ihar"},
	{"oleg", "oleh", "aleh", "aleg"},
	{"vasiliy", "vasyl", "vasil"},
	{"grigoriy", "hryhoriy", "hryhorii", "ryhor", "rygor"},
	{"anatoliy", "anatolii", "anatol"},
	{"konstantin", "kostiantyn", "kostyantyn", "kanstantsin"},
	{"fedor", "fyodor", "fedir", "fiodar", "fedar"}, // Фёдор is Федор in Normalize
	{"ivan", "ivane"},
	{"yuliya", "yulia", "iuliia"},
	{"tatyana", "tetiana", "tetyana", "tatsiana", "tatsyana"},
	{"yelena", "olena"},
	{"olga", "olha", "volha", "volga"},
	{"svetlana", "svitlana", "sviatlana", "svyatlana"},
	{"yekaterina", "kateryna", "katerina", "katsiaryna", "katsyaryna"},
	{"anna", "hanna", "ganna"},
	{"nadezhda", "nadiya", "nadiia", "nadzeya", "nadzeia"},
	{"lyubov", "liubov", "lyubou", "liubou"},
	{"valentina", "valentyna", "valiantsina"},
}

// variantKeys maps the key of every spelling in variantGroups to the key of
// its group's first spelling.
var variantKeys = func() map[string]string {
	m := make(map[string]string)
	for _, g := range variantGroups {
		first := phonetic(latinOfNormalized(Normalize(g[0])))
		for _, s := range g {
			m[phonetic(latinOfNormalized(Normalize(s)))] = first
		}
	}
	return m
}()

// canonicalKey returns the key of the variant group raw belongs to, or raw.
func canonicalKey(raw string) string {
	if k, ok := variantKeys[raw]; ok {
		return k
	}
	return raw
}
