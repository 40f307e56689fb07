// inteqra's own script. Pages work without it; it only adds comfort.
// Move focus to the first error alert after a failed form submission.
document.addEventListener("DOMContentLoaded", function () {
  var alert = document.querySelector(".usa-alert--error");
  if (alert) {
    alert.setAttribute("tabindex", "-1");
    alert.focus();
  }
});

// Things that only work with this script: shown by it, hidden without it.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".teach-keys[hidden], [data-print][hidden]").forEach(function (el) {
    el.hidden = false;
  });
  document.querySelectorAll("[data-print]").forEach(function (el) {
    el.addEventListener("click", function () { window.print(); });
  });
});

// Attendance form: while one of a learner's marks has focus, a mark's letter
// chooses it and moves to the next learner. The letters are the marks'
// abbreviations in the page's language (data-key: az İ G Ü Q, ru П О У Н) and,
// in every language, the English initials P, L, E, A (the values' first letters).
// Arrow keys already move between the marks of one row natively.
document.addEventListener("keydown", function (e) {
  var input = e.target;
  if (e.ctrlKey || e.altKey || e.metaKey || !input.matches || !input.matches(".mark-choice input[type=radio]")) {
    return;
  }
  var lang = document.documentElement.lang || "az";
  var key = (e.key || "").toLocaleLowerCase(lang);
  var group = input.closest(".mark-choice");
  var radios = Array.prototype.slice.call(group.querySelectorAll("input[type=radio]"));
  var pick = radios.filter(function (r) { return (r.dataset.key || "").toLocaleLowerCase(lang) === key; })[0] ||
    radios.filter(function (r) { return r.value.charAt(0) === key; })[0];
  if (!pick) {
    return;
  }
  e.preventDefault();
  pick.checked = true;
  var groups = Array.prototype.slice.call(document.querySelectorAll(".mark-choice"));
  var next = groups[groups.indexOf(group) + 1];
  if (next) {
    (next.querySelector("input[type=radio]:checked") || next.querySelector("input[type=radio]")).focus();
  } else {
    var save = input.form && input.form.querySelector("button[type=submit]");
    if (save) {
      save.focus();
    }
  }
});

// The header's menu button folds the navigation away on narrow screens
// (CSS decides when); without this script the navigation stays open.
document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector(".site-menu-button");
  var nav = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!nav) {
    return;
  }
  button.hidden = false;
  nav.classList.add("site-nav--folding");
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("site-nav--open", open);
  });
});

// The error summary's links move focus to the field they name, as the
// design system's error summary does: the browser alone would only scroll.
document.addEventListener("click", function (e) {
  var link = e.target.closest && e.target.closest(".error-summary a[href^='#']");
  var field = link && document.getElementById(link.getAttribute("href").slice(1));
  if (!field) {
    return;
  }
  e.preventDefault();
  var label = document.querySelector("label[for='" + field.id + "']") || field;
  label.scrollIntoView();
  field.focus({ preventScroll: true });
});

// A record's side navigation of links within the page (the person page)
// marks the section last chosen, the first one until then.
function markSection() {
  var links = document.querySelectorAll(".record-anchors a");
  if (!links.length) {
    return;
  }
  var hash = location.hash || links[0].getAttribute("href");
  links.forEach(function (a) {
    var here = a.getAttribute("href") === hash;
    a.classList.toggle("usa-current", here);
    if (here) {
      a.setAttribute("aria-current", "location");
    } else {
      a.removeAttribute("aria-current");
    }
  });
}
document.addEventListener("DOMContentLoaded", markSection);
window.addEventListener("hashchange", markSection);
