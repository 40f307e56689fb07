package e2e

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/chromedp"

	"inteqra/internal/i18n"
)

// fontProbeJS adds, off screen, one span per font (family, weight, style)
// the page sets visible text in and per non-ASCII character set in that
// font, and returns what each span holds. The browser then says which font drew
// each span: a system font means the web font lacks that character, and the
// letter shows in another typeface than the rest of its word.
const fontProbeJS = `(() => {
	const fonts = new Map(); // family|weight|style → [family, weight, style, Set of characters]
	for (const el of document.querySelectorAll("body *")) {
		const own = [...el.childNodes].filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.textContent).join("");
		const chars = [...own].filter(c => c.codePointAt(0) > 0x7e && !/\s/u.test(c));
		if (chars.length === 0 || el.getClientRects().length === 0) continue;
		const cs = getComputedStyle(el);
		const key = cs.fontFamily + "|" + cs.fontWeight + "|" + cs.fontStyle;
		if (!fonts.has(key)) fonts.set(key, [cs.fontFamily, cs.fontWeight, cs.fontStyle, new Set()]);
		chars.forEach(c => fonts.get(key)[3].add(c));
	}
	const box = document.createElement("div");
	box.style.position = "absolute";
	box.style.left = "-10000px";
	box.style.top = "0";
	const probes = [];
	for (const [family, weight, style, chars] of fonts.values()) {
		for (const ch of [...chars].sort()) {
			const s = document.createElement("span");
			s.style.fontFamily = family;
			s.style.fontWeight = weight;
			s.style.fontStyle = style;
			s.textContent = ch;
			s.setAttribute("data-font-probe", String(probes.length));
			box.appendChild(s);
			probes.push({font: family.split(",")[0].replace(/"/g, "") + " " + weight + (style === "normal" ? "" : " " + style), ch});
		}
	}
	document.body.appendChild(box);
	return document.fonts.ready.then(() => probes);
})()`

type fontProbe struct {
	Font string `json:"font"`
	Ch   string `json:"ch"`
}

// Every character of the home page is drawn with the page's web fonts, not
// with a system font picked because the web font lacks it.
func TestWebFontsCoverTheText(t *testing.T) {
	t.Parallel()
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, string(lang))
			if st := e.open("/"); st != http.StatusOK {
				t.Fatalf("GET /: status %d", st)
			}
			e.run("wait for fonts", chromedp.Evaluate[chromedp.Void](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise))
			probes, err := chromedp.Run(e.ctx, chromedp.Evaluate[[]fontProbe](fontProbeJS, chromedp.EvalAwaitPromise))
			if err != nil {
				e.fatal("probe fonts", err)
			}
			doc, err := chromedp.Call(e.ctx, dom.GetDocument, dom.GetDocumentParams{})
			if err != nil {
				e.fatal("get document", err)
			}
			// missing[font][fallback] lists the characters font lacks.
			missing := map[string]map[string][]string{}
			for i, p := range probes {
				q, err := chromedp.Call(e.ctx, dom.QuerySelector, dom.QuerySelectorParams{
					NodeID: doc.Root.NodeID, Selector: fmt.Sprintf(`[data-font-probe="%d"]`, i),
				})
				if err != nil {
					e.fatal("find probe", err)
				}
				used, err := chromedp.Call(e.ctx, css.GetPlatformFontsForNode, css.GetPlatformFontsForNodeParams{NodeID: q.NodeID})
				if err != nil {
					e.fatal("platform fonts", err)
				}
				for _, f := range used.Fonts {
					if f.IsCustomFont || f.GlyphCount == 0 {
						continue
					}
					if missing[p.Font] == nil {
						missing[p.Font] = map[string][]string{}
					}
					missing[p.Font][f.FamilyName] = append(missing[p.Font][f.FamilyName], fmt.Sprintf("%s U+%04X", p.Ch, []rune(p.Ch)[0]))
				}
			}
			if len(missing) == 0 {
				return
			}
			var lines []string
			for font, byFallback := range missing {
				for fallback, chars := range byFallback {
					lines = append(lines, fmt.Sprintf("%s lacks %d character(s), drawn with the system font %s instead: %s",
						font, len(chars), fallback, strings.Join(chars, ", ")))
				}
			}
			slices.Sort(lines)
			t.Errorf("home page in %s: text falls back to system fonts:\n  %s", lang, strings.Join(lines, "\n  "))
		})
	}
}
