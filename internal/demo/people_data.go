package demo

// The name tables and profiles of the demo origins, apart from the
// generator in people.go. Every spelling is written by hand: Cyrillic,
// Georgian, Persian and the rest are not transliterated from Latin.

import (
	"inteqra/internal/people"
)

var (
	phoneRU = phoneFormat("+7 9## ###-##-##")
	phoneGE = phoneFormat("+995 5## ## ## ##")
	phoneUA = phoneFormat("+380 6# ### ## ##")
	phoneIR = phoneFormat("+98 9## ### ####")
	phoneTR = phoneFormat("+90 5## ### ## ##")
)

// Education profiles.
var (
	eduSoviet        = []weighted[string]{{"secondary", 30}, {"vocational", 30}, {"higher", 35}, {"postgraduate", 5}}
	eduWorkers       = []weighted[string]{{"primary", 5}, {"secondary", 45}, {"vocational", 30}, {"higher", 20}}
	eduProfessionals = []weighted[string]{{"secondary", 20}, {"vocational", 15}, {"higher", 50}, {"postgraduate", 15}}
	eduMixed         = []weighted[string]{{"primary", 5}, {"secondary", 35}, {"vocational", 15}, {"higher", 40}, {"postgraduate", 5}}
	eduDisplaced     = []weighted[string]{{"none", 15}, {"primary", 30}, {"secondary", 35}, {"vocational", 5}, {"higher", 15}}
)

var (
	onlyCyrillic = []weighted[string]{{"cyrillic", 1}}
	onlyLatin    = []weighted[string]{{"latin", 1}}
	postSoviet   = []string{"mail.ru", "yandex.ru", "gmail.com"}
	worldwide    = []string{"gmail.com", "yahoo.com", "outlook.com"}
)

// Ethnic Azerbaijanis who are not citizens: from Russia (Derbent, Moscow),
// Georgia (Borchali), and stateless people of Soviet birth.
var (
	azMale = []nm{
		azName("Elçin", "Эльчин"), azName("Rəşad", "Рашад"), azName("Tural", "Турал"), azName("Orxan", "Орхан"),
		azName("Əli", "Али"), azName("Vüqar", "Вугар"), azName("Rövşən", "Ровшан"), azName("Elnur", "Эльнур"),
		azName("Namiq", "Намик"), azName("Ramiz", "Рамиз"), azName("Cəfər", "Джафар"), azName("Həsən", "Гасан"),
		azName("Hüseyn", "Гусейн"), azName("Məmməd", "Мамед"), azName("Fikrət", "Фикрет"), azName("Tofiq", "Тофик"),
		azName("Vaqif", "Вагиф"), azName("Elşən", "Эльшан"), azName("Əhməd", "Ахмед"), azName("İsmayıl", "Исмаил"),
		azName("Rauf", "Рауф"), azName("Zaur", "Заур"),
	}
	azFemale = []nm{
		azName("Aysel", "Айсель"), azName("Günel", "Гюнель"), azName("Leyla", "Лейла"), azName("Nərgiz", "Наргиз"),
		azName("Səbinə", "Сабина"), azName("Könül", "Кёнюль"), azName("Sevinc", "Севиндж"), azName("Aynur", "Айнур"),
		azName("Fidan", "Фидан"), azName("Ülviyyə", "Ульвия"), azName("Zəhra", "Захра"), azName("Gülnarə", "Гюльнара"),
		azName("Şəbnəm", "Шабнам"), azName("Xədicə", "Хадиджа"), azName("Səadət", "Саадат"), azName("Mehriban", "Мехрибан"),
	}
	azSurnames = []nm{
		azName("Məmmədov", "Мамедов"), azName("Əliyev", "Алиев"), azName("Həsənov", "Гасанов"), azName("Hüseynov", "Гусейнов"),
		azName("Quliyev", "Кулиев"), azName("Cəfərov", "Джафаров"), azName("İsmayılov", "Исмаилов"), azName("Abbasov", "Аббасов"),
		azName("Babayev", "Бабаев"), azName("Rzayev", "Рзаев"), azName("Nağıyev", "Нагиев"), azName("Kərimov", "Керимов"),
		azName("Xəlilov", "Халилов"), azName("Süleymanov", "Сулейманов"), azName("Ağayev", "Агаев"), azName("Qasımov", "Касумов"),
	}
	// Meskhetian Turks came to Azerbaijan from Uzbekistan in 1989-90; their
	// names are written like Azerbaijani ones, their surnames their own.
	meskhetianSurnames = []nm{
		azName("Osmanov", "Османов"), azName("Mustafayev", "Мустафаев"), azName("İsmayılov", "Исмаилов"),
		azName("Həsənov", "Гасанов"), azName("Yusifov", "Юсифов"), azName("Dursunov", "Дурсунов"), azName("Kazımov", "Казымов"),
	}
)

var azEthnicSpellings = []spellingRule{{people.NameAz, 1, ""}, {people.NameCyrillic, 0.9, ""}, {people.NamePassport, 0.8, ""}}

var (
	ruMale = []nm{
		ruName("Александр", "Aleksandr", "Александров", "Aleksandrov"), ruName("Сергей", "Sergey", "Сергеев", "Sergeyev"),
		ruName("Дмитрий", "Dmitri", "Дмитриев", "Dmitriyev"), ruName("Андрей", "Andrey", "Андреев", "Andreyev"),
		ruName("Алексей", "Aleksey", "Алексеев", "Alekseyev"), ruName("Иван", "İvan", "Иванов", "İvanov"),
		ruName("Михаил", "Mixail", "Михайлов", "Mixaylov"), ruName("Николай", "Nikolay", "Николаев", "Nikolayev"),
		ruName("Владимир", "Vladimir", "Владимиров", "Vladimirov"), ruName("Юрий", "Yuri", "Юрьев", "Yuryev"),
		ruName("Павел", "Pavel", "Павлов", "Pavlov"),
	}
	ruFemale = []nm{
		ruName("Елена", "Yelena", "", ""), ruName("Ольга", "Olqa", "", ""), ruName("Наталья", "Natalya", "", ""),
		ruName("Татьяна", "Tatyana", "", ""), ruName("Ирина", "İrina", "", ""), ruName("Светлана", "Svetlana", "", ""),
		ruName("Юлия", "Yuliya", "", ""), ruName("Анна", "Anna", "", ""), ruName("Мария", "Mariya", "", ""),
		ruName("Екатерина", "Yekaterina", "", ""),
	}
	ruSurnames = []nm{
		ruName("Иванов", "İvanov", "", ""), ruName("Смирнов", "Smirnov", "", ""), ruName("Кузнецов", "Kuznetsov", "", ""),
		ruName("Попов", "Popov", "", ""), ruName("Соколов", "Sokolov", "", ""), ruName("Волков", "Volkov", "", ""),
		ruName("Морозов", "Morozov", "", ""), ruName("Новиков", "Novikov", "", ""), ruName("Лебедев", "Lebedev", "", ""),
		ruName("Козлов", "Kozlov", "", ""), ruName("Фёдоров", "Fyodorov", "", ""),
	}
	// Dagestanis, Lezgins among them, from across the northern border.
	dagMale = []nm{
		ruName("Магомед", "", "Магомедов", ""), ruName("Рамазан", "", "Рамазанов", ""), ruName("Шамиль", "", "Шамилев", ""),
		ruName("Гаджи", "", "Гаджиев", ""), ruName("Ахмед", "", "Ахмедов", ""), ruName("Руслан", "", "Русланов", ""),
		ruName("Мурад", "", "Мурадов", ""),
	}
	dagFemale = []nm{
		ruName("Патимат", "", "", ""), ruName("Аминат", "", "", ""), ruName("Зарема", "", "", ""),
		ruName("Мадина", "", "", ""), ruName("Хадижат", "", "", ""), ruName("Марьям", "", "", ""),
	}
	dagSurnames = []nm{
		ruName("Магомедов", "", "", ""), ruName("Гаджиев", "", "", ""), ruName("Рамазанов", "", "", ""),
		ruName("Абдуллаев", "", "", ""), ruName("Курбанов", "", "", ""), ruName("Эминов", "", "", ""),
		ruName("Ибрагимов", "", "", ""),
	}
)

// Ukrainian passports follow the national table of 2010 (Олександр →
// Oleksandr, Юлія → Yuliia); the Russian Cyrillic is the form Russian-language
// papers give the same name.
var (
	uaMale = []nm{
		uaFather("Олександр", "Александр", "Oleksandr", "Олександрович", "Олександрівна", "Александров"),
		uaFather("Андрій", "Андрей", "Andrii", "Андрійович", "Андріївна", "Андреев"),
		uaFather("Сергій", "Сергей", "Serhii", "Сергійович", "Сергіївна", "Сергеев"),
		uaFather("Дмитро", "Дмитрий", "Dmytro", "Дмитрович", "Дмитрівна", "Дмитриев"),
		uaFather("Микола", "Николай", "Mykola", "Миколайович", "Миколаївна", "Николаев"),
		uaFather("Тарас", "Тарас", "Taras", "Тарасович", "Тарасівна", "Тарасов"),
		uaFather("Богдан", "Богдан", "Bohdan", "Богданович", "Богданівна", "Богданов"),
	}
	uaFemale = []nm{
		uaName("Олена", "Елена", "Olena"), uaName("Оксана", "Оксана", "Oksana"), uaName("Наталія", "Наталья", "Nataliia"),
		uaName("Юлія", "Юлия", "Yuliia"), uaName("Ірина", "Ирина", "Iryna"), uaName("Тетяна", "Татьяна", "Tetiana"),
		uaName("Галина", "Галина", "Halyna"),
	}
	uaSurnames = []nm{
		uaName("Коваленко", "Коваленко", "Kovalenko"), uaName("Шевченко", "Шевченко", "Shevchenko"),
		uaName("Бондаренко", "Бондаренко", "Bondarenko"), uaName("Ткаченко", "Ткаченко", "Tkachenko"),
		uaName("Мельник", "Мельник", "Melnyk"), uaName("Кравчук", "Кравчук", "Kravchuk"),
		uaName("Поліщук", "Полищук", "Polishchuk"), uaName("Олійник", "Олейник", "Oliinyk"),
	}
)

// Georgian passports romanise by the national system of 2002.
var (
	geMale = []nm{
		geName("გიორგი", "Giorgi", "Георгий"), geName("დავით", "Davit", "Давид"), geName("ლევან", "Levan", "Леван"),
		geName("ირაკლი", "Irakli", "Ираклий"), geName("ზურაბ", "Zurab", "Зураб"), geName("ლაშა", "Lasha", "Лаша"),
		geName("ვახტანგ", "Vakhtang", "Вахтанг"), geName("ნიკოლოზ", "Nikoloz", "Николоз"),
	}
	geFemale = []nm{
		geName("ნინო", "Nino", "Нино"), geName("თამარ", "Tamar", "Тамара"), geName("მარიამ", "Mariam", "Мариам"),
		geName("ქეთევან", "Ketevan", "Кетеван"), geName("ნათია", "Natia", "Натия"), geName("ეკატერინე", "Ekaterine", "Екатерина"),
		geName("სალომე", "Salome", "Саломе"),
	}
	geSurnames = []nm{
		geName("ბერიძე", "Beridze", "Беридзе"), geName("კაპანაძე", "Kapanadze", "Капанадзе"),
		geName("გელაშვილი", "Gelashvili", "Гелашвили"), geName("მაისურაძე", "Maisuradze", "Маисурадзе"),
		geName("ლომიძე", "Lomidze", "Ломидзе"), geName("წიკლაური", "Tsiklauri", "Циклаури"),
		geName("ჯაფარიძე", "Japaridze", "Джапаридзе"), geName("მჭედლიშვილი", "Mchedlishvili", "Мчедлишвили"),
		geName("კვარაცხელია", "Kvaratskhelia", "Кварацхелия"), geName("ჩხეიძე", "Chkheidze", "Чхеидзе"),
		geName("ხუციშვილი", "Khutsishvili", "Хуцишвили"),
	}
)

// Iranians, many of them Azerbaijanis from Tabriz and Ardabil, whose names
// Azerbaijani staff write in Azerbaijani Latin too.
var (
	irMale = []nm{
		faName("محمد", "Mohammad", "Məhəmməd"), faName("علی", "Ali", "Əli"), faName("رضا", "Reza", "Rza"),
		faName("حسین", "Hossein", "Hüseyn"), faName("مهدی", "Mehdi", "Mehdi"), faName("امیر", "Amir", "Əmir"),
		faName("سعید", "Saeed", "Səid"), faName("حمید", "Hamid", "Həmid"),
	}
	irFemale = []nm{
		faName("فاطمه", "Fatemeh", "Fatimə"), faName("زهرا", "Zahra", "Zəhra"), faName("مریم", "Maryam", "Məryəm"),
		faName("سارا", "Sara", "Sara"), faName("نرگس", "Narges", "Nərgiz"), faName("لیلا", "Leila", "Leyla"),
		faName("پریسا", "Parisa", "Parisa"),
	}
	irSurnames = []nm{
		faName("احمدی", "Ahmadi", "Əhmədi"), faName("حسینی", "Hosseini", "Hüseyni"), faName("محمدی", "Mohammadi", "Məhəmmədi"),
		faName("کریمی", "Karimi", "Kərimi"), faName("جعفری", "Jafari", "Cəfəri"), faName("رحیمی", "Rahimi", "Rəhimi"),
		faName("هاشمی", "Hashemi", "Haşimi"), faName("تبریزی", "Tabrizi", "Təbrizi"), faName("اردبیلی", "Ardabili", "Ərdəbili"),
		faName("موسوی", "Mousavi", "Musəvi"), faName("قاسمی", "Ghasemi", "Qasimi"), faName("نجفی", "Najafi", "Nəcəfi"),
	}
)

var (
	trMale = []nm{
		trName("Mehmet"), trName("Mustafa"), trName("Ahmet"), trName("Ali"), trName("Hüseyin"), trName("Emre"),
		trName("Burak"), trName("Murat"), trName("Hasan"), trName("İbrahim"),
	}
	trFemale = []nm{
		trName("Ayşe"), trName("Fatma"), trName("Elif"), trName("Zeynep"), trName("Emine"), trName("Özlem"),
		trName("Büşra"), trName("Merve"), trName("Hatice"),
	}
	trSurnames = []nm{
		trName("Yılmaz"), trName("Kaya"), trName("Demir"), trName("Şahin"), trName("Çelik"), trName("Yıldız"),
		trName("Öztürk"), trName("Aydın"), trName("Arslan"), trName("Doğan"), trName("Kılıç"), trName("Koç"),
	}
)

// Afghans, Dari or Pashto speakers, write their names in the Perso-Arabic script.
var (
	afMale = []nm{
		own("احمد", "Ahmad"), own("محمد", "Mohammad"), own("فرید", "Farid"), own("ناصر", "Naser"),
		own("جاوید", "Jawid"), own("حمید", "Hamid"), own("عبدالله", "Abdullah"),
	}
	afFemale = []nm{
		own("فاطمه", "Fatima"), own("مریم", "Maryam"), own("شبنم", "Shabnam"), own("زرغونه", "Zarghona"),
		own("ملالی", "Malalai"), own("فریبا", "Fariba"),
	}
	afSurnames = []nm{
		own("احمدزی", "Ahmadzai"), own("پوپل", "Popal"), own("حکیمی", "Hakimi"), own("سلطانی", "Sultani"),
		own("نوری", "Noori"), own("هاشمی", "Hashimi"), own("رحیمی", "Rahimi"), own("صدیقی", "Sediqi"), own("وردک", "Wardak"),
	}
)

var (
	arMale = []nm{
		own("أحمد", "Ahmed"), own("محمد", "Mohammed"), own("عمر", "Omar"), own("خالد", "Khaled"),
		own("يوسف", "Youssef"), own("مصطفى", "Mustafa"), own("علي", "Ali"), own("حسن", "Hassan"),
	}
	arFemale = []nm{
		own("فاطمة", "Fatima"), own("عائشة", "Aisha"), own("ليلى", "Layla"), own("نور", "Nour"),
		own("رانيا", "Rania"), own("زينب", "Zainab"), own("هبة", "Hiba"),
	}
	iqSurnames = []nm{
		own("الجبوري", "Al-Jubouri"), own("العبيدي", "Al-Obaidi"), own("التميمي", "Al-Tamimi"),
		own("الدليمي", "Al-Dulaimi"), own("الربيعي", "Al-Rubaie"),
	}
	sySurnames = []nm{
		own("حداد", "Haddad"), own("الخطيب", "Al-Khatib"), own("حمدان", "Hamdan"), own("صالح", "Saleh"),
		own("خليل", "Khalil"), own("الحلبي", "Al-Halabi"), own("المصري", "Al-Masri"),
	}
)

// Indian and Pakistani students of Baku's medical and technical universities.
var (
	inMale = []nm{
		own("राहुल", "Rahul"), own("अमित", "Amit"), own("विक्रम", "Vikram"), own("अर्जुन", "Arjun"),
		own("रोहित", "Rohit"), own("करण", "Karan"), own("आदित्य", "Aditya"),
	}
	inFemale = []nm{
		own("प्रिया", "Priya"), own("अंजलि", "Anjali"), own("स्नेहा", "Sneha"), own("पूजा", "Pooja"),
		own("नेहा", "Neha"), own("दिव्या", "Divya"),
	}
	inSurnames = []nm{
		own("शर्मा", "Sharma"), own("पटेल", "Patel"), own("सिंह", "Singh"), own("कुमार", "Kumar"), own("गुप्ता", "Gupta"),
		own("वर्मा", "Verma"), own("यादव", "Yadav"), own("रेड्डी", "Reddy"), own("नायर", "Nair"),
	}
	pkMale = []nm{
		own("محمد", "Muhammad"), own("علی", "Ali"), own("عثمان", "Usman"), own("بلال", "Bilal"),
		own("حمزہ", "Hamza"), own("احمد", "Ahmed"), own("عمران", "Imran"),
	}
	pkFemale = []nm{
		own("عائشہ", "Ayesha"), own("فاطمہ", "Fatima"), own("حرا", "Hira"), own("ثناء", "Sana"),
		own("مریم", "Maryam"), own("زینب", "Zainab"),
	}
	pkSurnames = []nm{
		own("خان", "Khan"), own("حسین", "Hussain"), own("ملک", "Malik"), own("قریشی", "Qureshi"), own("بٹ", "Butt"),
		own("چوہدری", "Chaudhry"), own("صدیقی", "Siddiqui"), own("عباسی", "Abbasi"),
	}
)

// Chinese names: characters, pinyin as in the passport (surname first), and
// the Russian Cyrillic of the Palladius system.
var (
	cnMale = []nm{
		zhName("伟", "Wei", "Вэй"), zhName("强", "Qiang", "Цян"), zhName("磊", "Lei", "Лэй"), zhName("军", "Jun", "Цзюнь"),
		zhName("建国", "Jianguo", "Цзяньго"), zhName("志强", "Zhiqiang", "Чжицян"), zhName("浩", "Hao", "Хао"), zhName("明", "Ming", "Мин"),
	}
	cnFemale = []nm{
		zhName("芳", "Fang", "Фан"), zhName("娜", "Na", "На"), zhName("秀英", "Xiuying", "Сюин"), zhName("静", "Jing", "Цзин"),
		zhName("丽", "Li", "Ли"), zhName("婷", "Ting", "Тин"), zhName("敏", "Min", "Минь"),
	}
	cnSurnames = []nm{
		zhName("王", "Wang", "Ван"), zhName("李", "Li", "Ли"), zhName("张", "Zhang", "Чжан"), zhName("刘", "Liu", "Лю"),
		zhName("陈", "Chen", "Чэнь"), zhName("杨", "Yang", "Ян"), zhName("赵", "Zhao", "Чжао"), zhName("黄", "Huang", "Хуан"),
		zhName("周", "Zhou", "Чжоу"), zhName("吴", "Wu", "У"),
	}
	// English names Chinese staff of foreign companies go by.
	cnMaleAliases   = []nm{{lat: "Kevin"}, {lat: "Jack"}, {lat: "David"}, {lat: "Tony"}}
	cnFemaleAliases = []nm{{lat: "Lily"}, {lat: "Grace"}, {lat: "Amy"}, {lat: "Coco"}}
)

// Central Asians: own script (Uzbek and Turkmen Latin, Kazakh Cyrillic),
// the Russian form, and the passport Latin.
var (
	uzMale = []nm{
		caName("Jasur", "Жасур", "Jasur", "Жасуров"), caName("Sherzod", "Шерзод", "Sherzod", "Шерзодов"),
		caName("Bobur", "Бобур", "Bobur", "Бобуров"), caName("Otabek", "Отабек", "Otabek", "Отабеков"),
		caName("Akmal", "Акмал", "Akmal", "Акмалов"), caName("Rustam", "Рустам", "Rustam", "Рустамов"),
		caName("Dilshod", "Дильшод", "Dilshod", "Дильшодов"),
	}
	uzFemale = []nm{
		caName("Dilnoza", "Дилноза", "Dilnoza", ""), caName("Nodira", "Нодира", "Nodira", ""),
		caName("Gulnora", "Гульнора", "Gulnora", ""), caName("Madina", "Мадина", "Madina", ""),
		caName("Feruza", "Феруза", "Feruza", ""), caName("Zarina", "Зарина", "Zarina", ""),
	}
	uzSurnames = []nm{
		caName("Karimov", "Каримов", "Karimov", ""), caName("Rahimov", "Рахимов", "Rahimov", ""),
		caName("Yusupov", "Юсупов", "Yusupov", ""), caName("Tursunov", "Турсунов", "Tursunov", ""),
		caName("Abdullayev", "Абдуллаев", "Abdullayev", ""), caName("Ergashev", "Эргашев", "Ergashev", ""),
		caName("Nazarov", "Назаров", "Nazarov", ""), caName("Saidov", "Саидов", "Saidov", ""),
	}
	kzMale = []nm{
		caName("Нұрлан", "Нурлан", "Nurlan", "Нурланов"), caName("Ерлан", "Ерлан", "Yerlan", "Ерланов"),
		caName("Дәурен", "Даурен", "Dauren", "Дауренов"), caName("Асқар", "Аскар", "Askar", "Аскаров"),
		caName("Бауыржан", "Бауржан", "Bauyrzhan", "Бауржанов"), caName("Серік", "Серик", "Serik", "Сериков"),
	}
	kzFemale = []nm{
		caName("Әсел", "Асель", "Assel", ""), caName("Айгүл", "Айгуль", "Aigul", ""), caName("Динара", "Динара", "Dinara", ""),
		caName("Жанар", "Жанар", "Zhanar", ""), caName("Гүлнар", "Гульнар", "Gulnar", ""), caName("Меруерт", "Меруерт", "Meruyert", ""),
	}
	kzSurnames = []nm{
		caName("Сүлейменов", "Сулейменов", "Suleimenov", ""), caName("Ахметов", "Ахметов", "Akhmetov", ""),
		caName("Омаров", "Омаров", "Omarov", ""), caName("Жақсыбеков", "Жаксыбеков", "Zhaksybekov", ""),
		caName("Нұрғалиев", "Нургалиев", "Nurgaliyev", ""), caName("Исабеков", "Исабеков", "Issabekov", ""),
	}
	tmMale = []nm{
		caName("Merdan", "Мердан", "Merdan", "Мерданов"), caName("Serdar", "Сердар", "Serdar", "Сердаров"),
		caName("Myrat", "Мурат", "Myrat", "Муратов"), caName("Döwlet", "Довлет", "Dovlet", "Довлетов"),
		caName("Batyr", "Батыр", "Batyr", "Батыров"),
	}
	tmFemale = []nm{
		caName("Aýna", "Айна", "Ayna", ""), caName("Maral", "Марал", "Maral", ""), caName("Jeren", "Джерен", "Jeren", ""),
		caName("Bahar", "Бахар", "Bahar", ""), caName("Leýli", "Лейли", "Leyli", ""),
	}
	tmSurnames = []nm{
		caName("Annaýew", "Аннаев", "Annayev", ""), caName("Orazow", "Оразов", "Orazov", ""),
		caName("Berdiýew", "Бердыев", "Berdiyev", ""), caName("Ataýew", "Атаев", "Atayev", ""),
		caName("Gurbanow", "Курбанов", "Gurbanov", ""), caName("Hojaýew", "Ходжаев", "Hojayev", ""),
	}
)

// demoOrigins are the groups the demo draws from, weighted by how often the
// Service's integration pilots meet them.
var demoOrigins = []origin{
	{
		key: "az-ru", weight: 10, citizenships: []weighted[string]{{"RU", 1}},
		spellings: azEthnicSpellings, passport: passportAzerbaijani, patronymics: azPatronymic, femaleA: true, maidenNames: true,
		male: azMale, female: azFemale, surnames: azSurnames, maleShare: 0.5, ages: [2]int{22, 75}, yearOnly: 0.04,
		langs: []string{"az", "ru"}, moreLangs: []optLang{{"en", 0.2}},
		scripts: []weighted[string]{{"cyrillic", 7}, {"latin", 3}}, education: eduSoviet,
		plans:   []weighted[string]{{"trp:family", 35}, {"trp:work", 15}, {"prp", 40}, {"trp:property", 10}},
		noPhone: 0.05, email: 0.3, homePhone: phoneRU, mailDomains: postSoviet,
	},
	{
		key: "az-ge", weight: 8, citizenships: []weighted[string]{{"GE", 1}},
		spellings: azEthnicSpellings, passport: passportAzerbaijani, patronymics: azPatronymic, femaleA: true, maidenNames: true,
		male: azMale, female: azFemale, surnames: azSurnames, maleShare: 0.5, ages: [2]int{19, 70}, yearOnly: 0.04,
		langs: []string{"az"}, moreLangs: []optLang{{"ru", 0.6}, {"ka", 0.4}, {"en", 0.15}},
		scripts: []weighted[string]{{"latin", 5}, {"cyrillic", 3}, {"georgian", 2}}, education: eduMixed,
		plans:   []weighted[string]{{"trp:family", 30}, {"trp:work", 25}, {"trp:study", 10}, {"prp", 35}},
		nearby:  []place{{"AZ-QAZ", "Qazax rayonu, İkinci Şıxlı kəndi", false}, {"AZ-GA", "Gəncə şəhəri, Cavad xan küçəsi", true}},
		noPhone: 0.05, email: 0.3, homePhone: phoneGE, mailDomains: []string{"gmail.com", "yahoo.com"},
	},
	{
		key: "stateless", weight: 4, citizenships: []weighted[string]{{"", 1}},
		spellings: []spellingRule{{people.NameAz, 1, ""}, {people.NameCyrillic, 0.9, ""}, {people.NamePassport, 0.4, ""}},
		passport:  passportAzerbaijani, patronymics: azPatronymic, femaleA: true, maidenNames: true,
		male: azMale, female: azFemale, surnames: azSurnames, maleShare: 0.5, ages: [2]int{34, 75}, yearOnly: 0.15,
		langs: []string{"az", "ru"}, scripts: []weighted[string]{{"cyrillic", 6}, {"latin", 4}}, education: eduSoviet,
		noPhone: 0.1, email: 0.1, mailDomains: postSoviet,
	},
	{
		key: "meskhetian", weight: 3, citizenships: []weighted[string]{{"", 2}, {"RU", 1}, {"UZ", 1}},
		spellings: azEthnicSpellings, passport: passportAzerbaijani, patronymics: azPatronymic, femaleA: true, maidenNames: true,
		male: azMale, female: azFemale, surnames: meskhetianSurnames, maleShare: 0.5, ages: [2]int{25, 75}, yearOnly: 0.1,
		langs: []string{"tr", "ru"}, moreLangs: []optLang{{"az", 0.6}},
		scripts: []weighted[string]{{"cyrillic", 6}, {"latin", 4}}, education: eduWorkers,
		plans:   []weighted[string]{{"prp", 60}, {"trp:family", 40}},
		noPhone: 0.08, email: 0.15, mailDomains: postSoviet,
	},
	{
		key: "ru", weight: 12, citizenships: []weighted[string]{{"RU", 1}},
		spellings: []spellingRule{{people.NameCyrillic, 1, ""}, {people.NamePassport, 0.9, ""}, {people.NameAz, 0.4, ""}},
		passport:  passportRussian, patronymics: ruPatronymic, femaleA: true, maidenNames: true,
		male: ruMale, female: ruFemale, surnames: ruSurnames, maleShare: 0.45, ages: [2]int{20, 75}, yearOnly: 0.03,
		langs: []string{"ru"}, moreLangs: []optLang{{"en", 0.25}, {"az", 0.15}},
		scripts: onlyCyrillic, education: eduProfessionals,
		plans:   []weighted[string]{{"trp:work", 30}, {"trp:family", 25}, {"prp", 30}, {"trp:property", 10}, {"trp:study", 5}},
		noPhone: 0.05, email: 0.45, homePhone: phoneRU, mailDomains: postSoviet,
	},
	{
		key: "ru-dagestan", weight: 4, citizenships: []weighted[string]{{"RU", 1}},
		spellings: []spellingRule{{people.NameCyrillic, 1, ""}, {people.NamePassport, 0.9, ""}},
		passport:  passportRussian, patronymics: ruPatronymic, femaleA: true,
		male: dagMale, female: dagFemale, surnames: dagSurnames, maleShare: 0.55, ages: [2]int{20, 65}, yearOnly: 0.03,
		langs: []string{"ru"}, moreLangs: []optLang{{"az", 0.4}}, scripts: onlyCyrillic, education: eduWorkers,
		plans:   []weighted[string]{{"trp:work", 35}, {"trp:family", 35}, {"prp", 30}},
		noPhone: 0.05, email: 0.25, homePhone: phoneRU, mailDomains: postSoviet,
	},
	{
		key: "ua", weight: 5, citizenships: []weighted[string]{{"UA", 1}},
		spellings: []spellingRule{{people.NameNative, 1, ""}, {people.NameCyrillic, 0.7, ""}, {people.NamePassport, 0.9, ""}},
		passport:  passportLatin, patronymics: ruPatronymic, maidenNames: true, nativeFindable: true,
		male: uaMale, female: uaFemale, surnames: uaSurnames, maleShare: 0.35, ages: [2]int{20, 70}, yearOnly: 0.03,
		langs: []string{"uk", "ru"}, moreLangs: []optLang{{"en", 0.3}}, scripts: onlyCyrillic, education: eduProfessionals,
		plans:   []weighted[string]{{"trp:work", 30}, {"trp:family", 20}, {"trp:other", 25}, {"prp", 10}, {"asylum", 10}, {"refugee", 5}},
		noPhone: 0.05, email: 0.45, homePhone: phoneUA, mailDomains: []string{"ukr.net", "gmail.com"},
	},
	{
		key: "ge", weight: 6, citizenships: []weighted[string]{{"GE", 1}},
		spellings: []spellingRule{{people.NameNative, 0.9, ""}, {people.NamePassport, 1, ""}, {people.NameCyrillic, 0.5, ""}},
		passport:  passportLatin, nativeFindable: true,
		male: geMale, female: geFemale, surnames: geSurnames, maleShare: 0.5, ages: [2]int{20, 65}, yearOnly: 0.03,
		langs: []string{"ka"}, moreLangs: []optLang{{"ru", 0.6}, {"en", 0.4}, {"az", 0.1}},
		scripts: []weighted[string]{{"georgian", 9}, {"cyrillic", 1}}, education: eduMixed,
		plans:   []weighted[string]{{"trp:work", 45}, {"trp:family", 25}, {"trp:study", 10}, {"prp", 20}},
		noPhone: 0.05, email: 0.35, homePhone: phoneGE, mailDomains: []string{"gmail.com", "yahoo.com"},
	},
	{
		key: "ir", weight: 10, citizenships: []weighted[string]{{"IR", 1}},
		spellings: []spellingRule{{people.NamePassport, 1, ""}, {people.NameNative, 0.9, ""}, {people.NameAz, 0.8, "az"}},
		passport:  passportLatin,
		male:      irMale, female: irFemale, surnames: irSurnames, maleShare: 0.6, ages: [2]int{20, 70}, yearOnly: 0.03,
		langs: []string{"fa"}, moreLangs: []optLang{{"az", 0.45}, {"en", 0.3}},
		scripts: []weighted[string]{{"arabic", 9}, {"latin", 1}}, education: eduProfessionals,
		plans: []weighted[string]{{"trp:work", 20}, {"trp:family", 20}, {"trp:study", 15}, {"trp:investment", 10},
			{"trp:property", 15}, {"prp", 15}, {"asylum", 5}},
		nearby:  []place{{"AZ-LA", "Lənkəran şəhəri, Həzi Aslanov küçəsi", true}, {"AZ-AST", "Astara şəhəri, Nizami küçəsi", false}},
		noPhone: 0.05, email: 0.35, homePhone: phoneIR, mailDomains: []string{"gmail.com", "yahoo.com"},
	},
	{
		key: "tr", weight: 12, citizenships: []weighted[string]{{"TR", 30}, {"TR,DE", 1}},
		spellings: []spellingRule{{people.NameNative, 1, ""}, {people.NamePassport, 0.9, ""}},
		passport:  passportTurkish, latinNative: true, nativeFindable: true,
		male: trMale, female: trFemale, surnames: trSurnames, maleShare: 0.75, ages: [2]int{20, 60}, yearOnly: 0.02,
		langs: []string{"tr"}, moreLangs: []optLang{{"en", 0.35}, {"az", 0.15}}, scripts: onlyLatin, education: eduMixed,
		plans:   []weighted[string]{{"trp:work", 45}, {"trp:family", 15}, {"trp:study", 15}, {"trp:investment", 15}, {"prp", 10}},
		noPhone: 0.05, email: 0.5, homePhone: phoneTR, mailDomains: []string{"gmail.com", "hotmail.com"},
	},
	{
		key: "af", weight: 3, citizenships: []weighted[string]{{"AF", 1}},
		spellings: []spellingRule{{people.NamePassport, 0.8, ""}, {people.NameNative, 0.9, ""}},
		passport:  passportLatin,
		male:      afMale, female: afFemale, surnames: afSurnames, maleShare: 0.6, ages: [2]int{18, 65}, yearOnly: 0.3, janFirst: 0.25,
		langs: []string{"fa"}, moreLangs: []optLang{{"ps", 0.35}, {"en", 0.15}},
		scripts: []weighted[string]{{"arabic", 7}, {"none", 3}}, education: eduDisplaced,
		plans:   []weighted[string]{{"refugee", 45}, {"asylum", 45}, {"trp:work", 10}},
		noPhone: 0.2, email: 0.1, mailDomains: worldwide,
	},
	{
		key: "iq", weight: 2, citizenships: []weighted[string]{{"IQ", 1}},
		spellings: []spellingRule{{people.NamePassport, 0.9, ""}, {people.NameNative, 0.9, ""}},
		passport:  passportLatin,
		male:      arMale, female: arFemale, surnames: iqSurnames, maleShare: 0.6, ages: [2]int{18, 60}, yearOnly: 0.05, janFirst: 0.1,
		langs: []string{"ar"}, moreLangs: []optLang{{"ku", 0.25}, {"en", 0.25}},
		scripts: []weighted[string]{{"arabic", 9}, {"none", 1}}, education: eduMixed,
		plans:   []weighted[string]{{"refugee", 30}, {"asylum", 30}, {"trp:study", 20}, {"trp:work", 20}},
		noPhone: 0.1, email: 0.25, mailDomains: worldwide,
	},
	{
		key: "sy", weight: 2, citizenships: []weighted[string]{{"SY", 1}},
		spellings: []spellingRule{{people.NamePassport, 0.9, ""}, {people.NameNative, 0.9, ""}},
		passport:  passportLatin,
		male:      arMale, female: arFemale, surnames: sySurnames, maleShare: 0.6, ages: [2]int{18, 60}, yearOnly: 0.05, janFirst: 0.1,
		langs: []string{"ar"}, moreLangs: []optLang{{"en", 0.25}, {"ku", 0.1}},
		scripts: []weighted[string]{{"arabic", 9}, {"none", 1}}, education: eduMixed,
		plans:   []weighted[string]{{"refugee", 35}, {"asylum", 35}, {"trp:work", 15}, {"trp:family", 15}},
		noPhone: 0.1, email: 0.25, mailDomains: worldwide,
	},
	{
		key: "in", weight: 4, citizenships: []weighted[string]{{"IN", 1}},
		spellings: []spellingRule{{people.NamePassport, 1, ""}, {people.NameNative, 0.4, ""}},
		passport:  passportLatin,
		male:      inMale, female: inFemale, surnames: inSurnames, maleShare: 0.7, ages: [2]int{22, 45},
		langs: []string{"hi", "en"}, scripts: []weighted[string]{{"latin", 6}, {"other", 4}}, education: eduProfessionals,
		plans:   []weighted[string]{{"trp:study", 65}, {"trp:work", 35}},
		noPhone: 0.05, email: 0.6, mailDomains: worldwide,
	},
	{
		key: "pk", weight: 3, citizenships: []weighted[string]{{"PK", 1}},
		spellings: []spellingRule{{people.NamePassport, 1, ""}, {people.NameNative, 0.5, ""}},
		passport:  passportLatin,
		male:      pkMale, female: pkFemale, surnames: pkSurnames, maleShare: 0.8, ages: [2]int{22, 45},
		langs: []string{"ur", "en"}, moreLangs: []optLang{{"pa", 0.3}},
		scripts: []weighted[string]{{"arabic", 6}, {"latin", 4}}, education: eduProfessionals,
		plans:   []weighted[string]{{"trp:study", 70}, {"trp:work", 30}},
		noPhone: 0.05, email: 0.6, mailDomains: worldwide,
	},
	{
		key: "cn", weight: 4, citizenships: []weighted[string]{{"CN", 1}},
		spellings: []spellingRule{{people.NamePassport, 1, ""}, {people.NameNative, 0.9, ""}, {people.NameCyrillic, 0.3, ""}},
		passport:  passportLatin,
		male:      cnMale, female: cnFemale, surnames: cnSurnames, maleAliases: cnMaleAliases, femaleAliases: cnFemaleAliases, maleShare: 0.8, ages: [2]int{22, 58},
		langs: []string{"zh"}, moreLangs: []optLang{{"en", 0.3}, {"ru", 0.1}},
		scripts: []weighted[string]{{"other", 9}, {"latin", 1}}, education: eduWorkers,
		plans:   []weighted[string]{{"trp:work", 80}, {"trp:investment", 10}, {"trp:study", 10}},
		noPhone: 0.05, email: 0.5, mailDomains: []string{"163.com", "126.com", "gmail.com"},
	},
	{
		key: "uz", weight: 4, citizenships: []weighted[string]{{"UZ", 1}},
		spellings: []spellingRule{{people.NameNative, 0.8, ""}, {people.NameCyrillic, 0.8, ""}, {people.NamePassport, 1, ""}},
		passport:  passportLatin, patronymics: ruPatronymic, femaleA: true, nativeFindable: true,
		male: uzMale, female: uzFemale, surnames: uzSurnames, maleShare: 0.75, ages: [2]int{20, 55}, yearOnly: 0.03,
		langs: []string{"uz", "ru"}, scripts: []weighted[string]{{"latin", 6}, {"cyrillic", 4}}, education: eduWorkers,
		plans:   []weighted[string]{{"trp:work", 60}, {"trp:family", 20}, {"trp:study", 10}, {"prp", 10}},
		noPhone: 0.05, email: 0.25, mailDomains: []string{"mail.ru", "gmail.com"},
	},
	{
		key: "kz", weight: 2, citizenships: []weighted[string]{{"KZ", 1}},
		spellings: []spellingRule{{people.NameNative, 0.6, ""}, {people.NameCyrillic, 0.9, ""}, {people.NamePassport, 1, ""}},
		passport:  passportLatin, patronymics: ruPatronymic, femaleA: true, nativeFindable: true, maidenNames: true,
		male: kzMale, female: kzFemale, surnames: kzSurnames, maleShare: 0.5, ages: [2]int{20, 60}, yearOnly: 0.03,
		langs: []string{"kk", "ru"}, scripts: onlyCyrillic, education: eduProfessionals,
		plans:   []weighted[string]{{"trp:work", 50}, {"trp:family", 25}, {"trp:study", 15}, {"prp", 10}},
		noPhone: 0.05, email: 0.4, mailDomains: []string{"mail.ru", "gmail.com"},
	},
	{
		key: "tm", weight: 3, citizenships: []weighted[string]{{"TM", 1}},
		spellings: []spellingRule{{people.NameNative, 0.8, ""}, {people.NameCyrillic, 0.7, ""}, {people.NamePassport, 1, ""}},
		passport:  passportLatin, patronymics: ruPatronymic, femaleA: true, nativeFindable: true, latinNative: true,
		male: tmMale, female: tmFemale, surnames: tmSurnames, maleShare: 0.65, ages: [2]int{18, 45}, yearOnly: 0.03,
		langs: []string{"tk"}, moreLangs: []optLang{{"ru", 0.6}},
		scripts: []weighted[string]{{"latin", 8}, {"cyrillic", 2}}, education: eduMixed,
		plans:   []weighted[string]{{"trp:study", 60}, {"trp:work", 30}, {"trp:family", 10}},
		noPhone: 0.05, email: 0.3, mailDomains: []string{"mail.ru", "gmail.com"},
	},
}

// place is a street or settlement the demo gives addresses in, with its
// district's code in the region catalogue.
type place struct {
	code   string
	street string // city, district and street, in Azerbaijani
	flats  bool   // apartment blocks: the address has a flat number
}

var demoPlaces = []weighted[place]{
	{place{"AZ-BA-NAS", "Bakı şəhəri, Nəsimi rayonu, Səməd Vurğun küçəsi", true}, 6},
	{place{"AZ-BA-NAS", "Bakı şəhəri, Nəsimi rayonu, Füzuli küçəsi", true}, 4},
	{place{"AZ-BA-NAS", "Bakı şəhəri, Nəsimi rayonu, Rəşid Behbudov küçəsi", true}, 3},
	{place{"AZ-BA-YAS", "Bakı şəhəri, Yasamal rayonu, Şərifzadə küçəsi", true}, 4},
	{place{"AZ-BA-YAS", "Bakı şəhəri, Yasamal rayonu, Hüseyn Cavid prospekti", true}, 4},
	{place{"AZ-BA-YAS", "Bakı şəhəri, Yasamal rayonu, Mətbuat prospekti", true}, 3},
	{place{"AZ-BA-NAR", "Bakı şəhəri, Nərimanov rayonu, Təbriz küçəsi", true}, 4},
	{place{"AZ-BA-NAR", "Bakı şəhəri, Nərimanov rayonu, Atatürk prospekti", true}, 4},
	{place{"AZ-BA-NAR", "Bakı şəhəri, Nərimanov rayonu, Aşıq Molla Cümə küçəsi", true}, 2},
	{place{"AZ-BA-XAT", "Bakı şəhəri, Xətai rayonu, Babək prospekti", true}, 4},
	{place{"AZ-BA-XAT", "Bakı şəhəri, Xətai rayonu, Xocalı prospekti", true}, 3},
	{place{"AZ-BA-XAT", "Bakı şəhəri, Xətai rayonu, Nobel prospekti", true}, 2},
	{place{"AZ-BA-NIZ", "Bakı şəhəri, Nizami rayonu, Qara Qarayev prospekti", true}, 4},
	{place{"AZ-BA-NIZ", "Bakı şəhəri, Nizami rayonu, 8-ci kilometr qəsəbəsi", true}, 2},
	{place{"AZ-BA-BIN", "Bakı şəhəri, Binəqədi rayonu, 8-ci mikrorayon", true}, 3},
	{place{"AZ-BA-BIN", "Bakı şəhəri, Binəqədi rayonu, Azadlıq prospekti", true}, 3},
	{place{"AZ-BA-SBL", "Bakı şəhəri, Səbail rayonu, Neftçilər prospekti", true}, 1},
	{place{"AZ-BA-SBL", "Bakı şəhəri, Səbail rayonu, Üzeyir Hacıbəyov küçəsi", true}, 1},
	{place{"AZ-BA-SAB", "Bakı şəhəri, Sabunçu rayonu, Bakıxanov qəsəbəsi", false}, 3},
	{place{"AZ-BA-SAB", "Bakı şəhəri, Sabunçu rayonu, Maştağa qəsəbəsi", false}, 1},
	{place{"AZ-BA-XAZ", "Bakı şəhəri, Xəzər rayonu, Mərdəkan qəsəbəsi", false}, 2},
	{place{"AZ-BA-SUR", "Bakı şəhəri, Suraxanı rayonu, Hövsan qəsəbəsi", false}, 2},
	{place{"AZ-BA-QAR", "Bakı şəhəri, Qaradağ rayonu, Lökbatan qəsəbəsi", false}, 1},
	{place{"AZ-SM", "Sumqayıt şəhəri, Sülh küçəsi", true}, 4},
	{place{"AZ-SM", "Sumqayıt şəhəri, 9-cu mikrorayon", true}, 3},
	{place{"AZ-ABS", "Abşeron rayonu, Xırdalan şəhəri, Heydər Əliyev prospekti", true}, 4},
	{place{"AZ-ABS", "Abşeron rayonu, Masazır qəsəbəsi", false}, 3},
	{place{"AZ-GA", "Gəncə şəhəri, Atatürk prospekti", true}, 3},
	{place{"AZ-GA", "Gəncə şəhəri, Cavad xan küçəsi", true}, 2},
	{place{"AZ-MI", "Mingəçevir şəhəri, Heydər Əliyev prospekti", true}, 2},
}
