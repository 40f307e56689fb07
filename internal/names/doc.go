// Package names finds the same person behind different spellings of a name:
// Azerbaijani Latin (Məmmədov), Russian Cyrillic (Мамедов), passport Latin
// (MAMMADOV), English-style spellings (Mamedov, Dzhafar), and migrants' own
// scripts (Georgian, Persian and Arabic, Ukrainian, Turkish).
//
// It gives a registry two things: keys to index, so that a search is a
// lookup and never a scan of every person, and a score to rank the
// candidates the keys bring back.
//
// # The pipeline
//
// Normalize keeps the script and removes what does not tell two names apart:
// case (with Azerbaijani İ/ı), the way the schwa was typed, apostrophes,
// hyphens and spacing. Latin turns every supported script into lowercase
// ASCII. Azerbaijani letters follow the passport (Ə→a, Ş→sh, Ç→ch, Ğ→gh,
// I→i), Russian follows ICAO 9303, with й→y and ы→y as English spellings
// have them, and Georgian follows the national system without the
// apostrophes. Plain ASCII letters are left as they are, because an ASCII
// "c" or "x" may be Azerbaijani (Cəfər, Xəlil) or English. Key resolves that
// ambiguity, Latin does not try to.
//
// Key reduces a token to classes of sounds that transliteration confuses.
// These sounds collapse into one class each:
//   - g, k, q, h, x, kh and gh collapse: Azerbaijani h is Russian г
//     (Həsən/Гасан), q is к or г (Quliyev/Кулиев/Гулиев), x is х
//     (Xəlil/Халил/Khalil/Halil).
//   - c, ç, j, ch, dzh, zh collapse (Cəfər/Джафар/Jafar, Çingiz/Cingiz).
//   - s and sh collapse, because ASCII input often loses the cedilla
//     (Şahin/Sahin).
//   - The vowels reduce to three classes: a e ə, i ı y, o u ö ü.
//     Russian writes ə as а or е (Məmmədov/Мамедов), and y is a vowel
//     in Leyla/Leila and Aliyev/Aliev. The exception is a first e: it
//     stays apart from a and ə, since Elmira and Almira are two names,
//     and Russian keeps them apart too (Эльмира, Альмира).
//
// Runs of one class merge (Mammadov/Mamedov). A final d or b is devoiced
// (Murad/Murat, Yaqub/Yakup). Consonants stay distinct otherwise, and the
// vowel classes stay in the key, because the names people confuse most
// often differ in exactly those places: Ramil/Ramiz, Elnur/Elmir,
// Tural/Turan, Kamil/Kamal, Anar/Anara (the final -a makes a woman's name),
// Əli/Əliyə. A small table of known variants joins forms that no sound rule
// should join: Yusif/Yusuf, Məhəmməd/Mohammad/Magomed,
// Giorgi/Георгий, and the Ukrainian, Belarusian and Russian forms of
// Christian names (Олександр/Аляксандр/Александр, Сергій/Сяргей/Сергей).
//
// Chinese characters are read in pinyin from a table of the commonest
// surnames and given-name characters: 王小明 is the surname Wang and the
// given name Xiaoming. A name with a character the table lacks is kept as
// it is.
//
// # Indexing and searching
//
// Keys gives the index entries of a name, and SearchKeys gives the entries
// a search looks up. Each token gives its phonetic key. A surname with a
// suffix also gives the key of its stem, prefixed with StemPrefix, so that
// Məmmədov, Məmmədova, Məmmədli and Məmmədzadə meet at @MAMAT. A token
// with two or more consonants gives its consonant skeleton too, for
// Persian and Arabic, which do not write short vowels: محمد can only meet
// Mohammad by its consonants, MKMT. Skeletons are indexed under two
// prefixes (SkeletonPrefix for spellings with vowels, AbjadPrefix for
// Arabic script), and searches look them up crosswise. Otherwise every
// Aysel would come back for a Səlim, who shares only S and L with her.
//
// # Scoring
//
// Compare pairs the tokens of two names, in whatever order they come,
// and joins two tokens that the other name writes as one ("Abdul Rahman",
// "Abdulrahman"). Particles (oğlu, qızı, оглы, кызы) and Russian-style endings (-ovich,
// -ovna) mark patronymics, and patronymics are paired only with patronymics.
// That way a father "Rəşad Əli oğlu" and his son "Əli Rəşad oğlu" do not
// match because the tokens were swapped. A patronymic missing from one
// side costs little: passports leave it out. Two different patronymics cost
// a lot, because they mean two different fathers.
//
// Each token pair scores by the strongest evidence found. The strongest is
// an exact match, then the same Latin form, the same key and a known
// variant. Weaker evidence follows: the same consonants (vowel-less scripts
// only), a sex form or other suffix of one family name, an initial, and last
// an edit distance. The edit distance is a weighted Damerau–Levenshtein on
// the keys. It tolerates what typos and transliteration do: a transposed
// pair, a dropped inner vowel, ı written as у, voicing (Mehdiyev/Мехтиев).
// It does not tolerate a changed consonant or first sound in a short name,
// because that is usually another name.
//
// Some letters the key merges still tell names apart, and Compare looks at
// them: k is not h or x (Zakir/Zahir), pinyin n is not ng (Min/Ming) unless
// one side is Cyrillic, an a or e is not an o or u unless ö or ё explains
// it (Elnur/Elnar, but Кёнуль/Könül), the y of a diphthong is a consonant
// (Leyla/Lalə), and a final -a added to a man's name makes a woman's
// (Oleksandr/Oleksandra, Oleg/Olga). Words that are not Azerbaijani by
// their script or their letters (Georgian, Ukrainian and Belarusian
// letters, ц and щ, endings such as -enko, -chuk, -ski, -dze, -shvili) do
// not merge their vowels at all, and only a slip of the hand (two letters
// swapped, an inner vowel dropped) is a misspelling in them:
// Shevchenko/Shevchanko and Beridze/Baridze are other surnames. Russian
// surnames in -ov look like Azerbaijani ones and keep the merged vowels.
//
// Another form of one surname (Məmmədov, Məmmədova, Məmmədli, Məmmədzadə)
// never makes two names the same on its own: the score stays just under
// Threshold, above the duplicate queue's level, even with the same given
// name. A changed suffix passes only when the father's names agree too.
// Same applies Threshold. The threshold was chosen on the labelled pairs
// in testdata/pairs.tsv.
//
// The package has no mutable state. Every function is safe for concurrent
// use.
package names
