package names

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Chinese names written in characters are read in pinyin without tones, so
// that 王伟 meets Wang Wei. The tables hold the commonest surnames and
// characters of given names, simplified and traditional; a name with a
// character they lack is left as it is and matches only itself.

// hanziSurnames reads the characters of surnames, compound ones included.
var hanziSurnames = readings(hanziSurnamesText)

const hanziSurnamesText = `
王wang 李li 张zhang 刘liu 陈chen 杨yang 黄huang 赵zhao 吴wu 周zhou 徐xu 孙sun 马ma 朱zhu
胡hu 郭guo 何he 高gao 林lin 罗luo 郑zheng 梁liang 谢xie 宋song 唐tang 许xu 韩han 冯feng
邓deng 曹cao 彭peng 曾zeng 肖xiao 田tian 董dong 袁yuan 潘pan 于yu 蒋jiang 蔡cai 余yu 杜du
叶ye 程cheng 苏su 魏wei 吕lu 丁ding 任ren 沈shen 姚yao 卢lu 姜jiang 崔cui 钟zhong 谭tan
陆lu 汪wang 范fan 金jin 石shi 廖liao 贾jia 夏xia 韦wei 付fu 方fang 白bai 邹zou 孟meng
熊xiong 秦qin 邱qiu 江jiang 尹yin 薛xue 闫yan 段duan 雷lei 侯hou 龙long 史shi 陶tao 黎li
贺he 顾gu 毛mao 郝hao 龚gong 邵shao 万wan 钱qian 严yan 覃qin 武wu 戴dai 莫mo 孔kong
向xiang 汤tang 常chang 温wen 康kang 施shi 文wen 牛niu 樊fan 葛ge 邢xing 安an 齐qi 易yi
乔qiao 伍wu 庞pang 颜yan 倪ni 庄zhuang 聂nie 章zhang 鲁lu 岳yue 翟zhai 殷yin 詹zhan 申shen
欧ou 耿geng 关guan 兰lan 焦jiao 俞yu 左zuo 柳liu 甘gan 祝zhu 包bao 宁ning 尚shang 符fu
舒shu 阮ruan 柯ke 纪ji 梅mei 童tong 凌ling 毕bi 单shan 季ji 裴pei 霍huo 涂tu 成cheng
苗miao 谷gu 盛sheng 曲qu 翁weng 冉ran 骆luo 蓝lan 路lu 游you 辛xin 靳jin 管guan 柴chai
蒙meng 鲍bao 华hua 喻yu 祁qi 蒲pu 房fang 滕teng 屈qu 饶rao 解xie 牟mou 艾ai 尤you 阳yang
时shi 穆mu 农nong 司si 卓zhuo 古gu 吉ji 缪miao 简jian 车che 项xiang 连lian 麦mai 褚chu
娄lou 窦dou 戚qi 岑cen 景jing 党dang 宫gong 费fei 卜bu 冷leng 晏yan 席xi 卫wei 米mi
柏bai 宗zong 瞿qu 桂gui 全quan 佟tong 应ying 臧zang 闵min 邬wu 边bian 卞bian 姬ji 师shi
和he 仇qiu 栾luan 隋sui 商shang 刁diao 沙sha 荣rong 巫wu 寇kou 桑sang 郎lang 甄zhen 丛cong
仲zhong 虞yu 敖ao 巩gong 明ming 池chi 查zha 迟chi 邝kuang 朴piao 赖lai 洪hong
陳chen 張zhang 劉liu 黃huang 趙zhao 吳wu 楊yang 鄭zheng 謝xie 許xu 孫sun 馬ma 羅luo
葉ye 蔣jiang 鄧deng 韓han 馮feng 蕭xiao 錢qian 鍾zhong 盧lu 蘇su 陸lu 龍long 呂lu 賴lai
鄒zou 顧gu 龔gong 嚴yan 歐ou 關guan 蘭lan 湯tang 賀he 聶nie 莊zhuang 魯lu 葛ge 閆yan
欧阳ouyang 歐陽ouyang 司马sima 司馬sima 诸葛zhuge 諸葛zhuge 上官shangguan 东方dongfang
東方dongfang 皇甫huangfu 令狐linghu 慕容murong 尉迟yuchi 公孙gongsun 夏侯xiahou 司徒situ
端木duanmu 宇文yuwen
`

// hanziGiven reads the characters of given names.
var hanziGiven = readings(hanziGivenText)

const hanziGivenText = `
伟wei 芳fang 娜na 敏min 静jing 丽li 强qiang 磊lei 军jun 洋yang 勇yong 艳yan 杰jie 娟juan
涛tao 明ming 超chao 秀xiu 霞xia 平ping 刚gang 桂gui 英ying 华hua 玉yu 兰lan 红hong 梅mei
建jian 国guo 志zhi 文wen 辉hui 海hai 波bo 鹏peng 宇yu 浩hao 欣xin 婷ting 雪xue 琳lin
晶jing 燕yan 小xiao 晓xiao 佳jia 嘉jia 俊jun 峰feng 翔xiang 宁ning 斌bin 凯kai 鑫xin 龙long
亮liang 飞fei 云yun 帆fan 琴qin 倩qian 颖ying 慧hui 丹dan 萍ping 玲ling 莉li 蓉rong 凤feng
珍zhen 春chun 秋qiu 冬dong 梦meng 思si 雨yu 晨chen 阳yang 天tian 子zi 梓zi 涵han 轩xuan
博bo 睿rui 泽ze 昊hao 然ran 一yi 诗shi 雅ya 琪qi 怡yi 欢huan 乐le 东dong 新xin 永yong
生sheng 成cheng 荣rong 庆qing 祥xiang 福fu 贵gui 金jin 银yin 宝bao 家jia 德de 仁ren 义yi
忠zhong 信xin 安an 康kang 健jian 民min 力li 林lin 森sen 山shan 水shui 石shi 江jiang 河he
清qing 源yuan 光guang 亚ya 美mei 爱ai 月yue 星xing 晴qing 璐lu 露lu 洁jie 婉wan 薇wei
蕾lei 瑶yao 瑜yu 琦qi 璇xuan 珊shan 茜qian 菲fei 芬fen 芸yun 莹ying 妍yan 悦yue 彤tong
馨xin 蕊rui 丰feng 振zhen 铭ming 毅yi 航hang 宏hong 立li 正zheng 中zhong 伦lun 豪hao
瑞rui 楠nan 卫wei 学xue 兵bing 彬bin 武wu 坤kun 旭xu 晖hui 智zhi 聪cong 达da 群qun
君jun 贤xian 锋feng 鸿hong 淑shu 惠hui 芝zhi 兴xing 发fa 友you 保bao 顺shun 利li 胜sheng
良liang 宗zong 伯bo 仲zhong 长chang 大da 二er 三san 元yuan 虹hong 岩yan 彦yan 钢gang
雄xiong 虎hu 彪biao 翠cui 花hua 娇jiao 妮ni 婕jie 媛yuan 依yi 伊yi 可ke 心xin 语yu
若ruo 紫zi 萱xuan 宸chen 皓hao 逸yi 辰chen 奕yi 晗han 煜yu 泉quan 滨bin 洪hong 湘xiang
勤qin 秀xiu 琼qiong 霖lin 凡fan 帅shuai 颜yan 松song 柏bai 竹zhu 菊ju 莲lian 荷he
偉wei 靜jing 麗li 強qiang 軍jun 傑jie 艷yan 濤tao 華hua 蘭lan 紅hong 國guo 輝hui 鵬peng
曉xiao 龍long 飛fei 雲yun 穎ying 鳳feng 夢meng 陽yang 軒xuan 澤ze 詩shi 歡huan 樂le
東dong 慶qing 貴gui 寶bao 義yi 潔jie 瑤yao 愛ai 銘ming 學xue 賢xian 鋒feng 鴻hong 興xing
發fa 長chang 勝sheng 順shun 剛gang 鋼gang 嬌jiao 語yu 娟juan 玲ling 燕yan 婷ting
雯wen 萌meng 真zhen 环huan 妹mei 香xiang 莺ying 珠zhu 娥e 彩cai 素su 贞zhen 娣di 莎sha
锦jin 黛dai 青qing 姣jiao 娴xian 瑾jin 婵chan 雁yan 蓓bei 仪yi 眉mei 菁jing 岚lan 苑yuan
韵yun 艺yi 咏yong 卿qing 澜lan 纯chun 毓yu 昭zhao 冰bing 爽shuang 琬wan 茗ming 羽yu 希xi
育yu 滢ying 筠yun 柔rou 凝ning 霄xiao 枫feng 寒han 宜yi 舒shu 影ying 荔li 枝zhi 世shi
广guang 全quan 才cai 富fu 昌chang 茂mao 进jin 有you 坚jian 和he 诚cheng 先xian 敬jing
震zhen 壮zhuang 会hui 邦bang 承cheng 绍shao 功gong 善shan 厚hou 裕yu 哲zhe 政zheng
谦qian 亨heng 奇qi 之zhi 翰han 朗lang 言yan 鸣ming 朋peng 栋dong 维wei 启qi 克ke 士shi
致zhi 树shu 炎yan 行xing 时shi 泰tai 盛sheng 琛chen 钧jun 冠guan 腾teng 榕rong 风feng
弘hong 榮rong 蓮lian 誠cheng 維wei 啟qi 嵐lan 綺qi 珮pei 儀yi 韻yun 瑋wei 鳴ming 風feng
`

// readings parses "字pinyin" entries separated by white space.
// TestHanziReadings checks the tables.
func readings(s string) map[string]string {
	m := make(map[string]string)
	for _, f := range strings.Fields(s) {
		if i := strings.IndexFunc(f, func(r rune) bool { return r < utf8.RuneSelf }); i > 0 {
			m[f[:i]] = f[i:]
		}
	}
	return m
}

// hanziPart is a surname or a given name in characters, with its pinyin.
type hanziPart struct{ han, pinyin string }

// splitHanzi reads a word of Chinese characters as a surname (its first
// character, or two for 欧阳 and the other compound surnames) and a given
// name (the rest, one word, as passports write it: Xiaoming). It returns
// nil when the word is not all characters the tables know.
func splitHanzi(w string) []hanziPart {
	if w == "" || w[0] < 0xE2 { // ASCII, Latin, Cyrillic, Georgian...: not CJK
		return nil
	}
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.Is(unicode.Han, r) {
		return nil
	}
	rs := []rune(w)
	sur := 1
	if len(rs) > 2 {
		if _, ok := hanziSurnames[string(rs[:2])]; ok {
			sur = 2
		}
	}
	first, ok := hanziSurnames[string(rs[:sur])]
	if !ok && len(rs) == 1 {
		first, ok = hanziGiven[w] // a given name written apart
	}
	if !ok {
		return nil
	}
	parts := []hanziPart{{string(rs[:sur]), first}}
	if len(rs) == sur {
		return parts
	}
	var b strings.Builder
	for _, c := range rs[sur:] {
		p, ok := hanziGiven[string(c)]
		if !ok {
			p, ok = hanziSurnames[string(c)]
		}
		if !ok {
			return nil
		}
		b.WriteString(p)
	}
	return append(parts, hanziPart{string(rs[sur:]), b.String()})
}
