/// The web application's one stylesheet and its few lines of JavaScript, compiled in.
///
/// Colours keep a contrast of at least 4.5:1 against their backgrounds (WCAG 2.2 1.4.3): text
/// #1b1f24 and muted #555d66 on white, links and buttons #0b5cad, danger #b42318. Focus is
/// always visible (a 3 px outline). The script only improves pages that work without it: it
/// submits filter selects on change, asks before deleting, fills an empty time-zone field
/// with the browser's zone, and selects a shown secret on click for copying.
enum WebAssets {
    static let css = """
        :root { --text: #1b1f24; --muted: #555d66; --line: #d0d7de; --bg: #f6f8fa;
          --accent: #0b5cad; --accent-dark: #084a8c; --danger: #b42318; --ok: #116329; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
          color: var(--text); background: #fff; }
        a { color: var(--accent); }
        a:hover { color: var(--accent-dark); }
        :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
        .skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5em 1em; }
        .skip:focus { left: 1em; z-index: 10; }
        .sprite { display: none; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
          clip: rect(0 0 0 0); white-space: nowrap; }
        header.top { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between;
          gap: .5em 1em; padding: .5em 1.5em; border-bottom: 1px solid var(--line); background: var(--bg); }
        header.top nav { display: flex; align-items: center; gap: 1.5em; flex-wrap: wrap; }
        header.top ul { display: flex; flex-wrap: wrap; gap: .25em 1em; list-style: none; margin: 0; padding: 0; }
        header.top a { text-decoration: none; padding: .25em 0; }
        header.top a[aria-current="page"] { font-weight: 600; border-bottom: 3px solid var(--accent); }
        .brand { font-weight: 700; font-size: 1.15em; color: var(--text); }
        .account { display: flex; align-items: center; gap: .75em; color: var(--muted); }
        .account form { margin: 0; }
        main { max-width: 72em; margin: 0 auto; padding: 1em 1.5em 3em; }
        main:focus { outline: none; }
        h1 { font-size: 1.6em; margin: .5em 0; }
        h2 { font-size: 1.2em; margin: 1.2em 0 .4em; }
        .heading { display: flex; align-items: center; justify-content: space-between; gap: 1em; flex-wrap: wrap; }
        .notice { background: #dafbe1; color: var(--ok); border: 1px solid #a6dfb2; padding: .5em 1em; border-radius: 6px; }
        .error { background: #ffebe9; color: #8c1d13; border: 1px solid #f5b5ad; padding: .25em 1em; border-radius: 6px; }
        .field-error { color: #8c1d13; margin: .1em 0 .5em; }
        .secret { background: #fff8c5; border: 1px solid #d4a72c; padding: .25em 1em; border-radius: 6px; }
        .secret code { font-size: 1.1em; user-select: all; }
        .hint, .meta, .empty { color: var(--muted); }
        .meta { font-size: .9em; }
        label { font-weight: 600; display: block; }
        label.choice { font-weight: 400; display: inline-flex; align-items: center; gap: .35em; margin-right: 1em; }
        input, select, textarea { font: inherit; color: var(--text); background: #fff;
          border: 1px solid #6e7781; border-radius: 6px; padding: .35em .5em; max-width: 100%; }
        input[type=checkbox], input[type=radio] { width: 1.1em; height: 1.1em; }
        input[type=color] { padding: 0; height: 2.2em; width: 3em; }
        textarea { width: 100%; }
        [aria-invalid="true"] { border-color: var(--danger); border-width: 2px; }
        button, .button { font: inherit; font-weight: 600; display: inline-block; cursor: pointer;
          background: var(--accent); color: #fff; border: 1px solid var(--accent); border-radius: 6px;
          padding: .4em 1em; text-decoration: none; }
        button:hover, .button:hover { background: var(--accent-dark); color: #fff; }
        button.secondary, .button.secondary { background: #fff; color: var(--accent); }
        button.secondary:hover, .button.secondary:hover { background: var(--bg); color: var(--accent-dark); }
        button.danger { background: var(--danger); border-color: var(--danger); }
        button.small { padding: .15em .6em; font-size: .9em; }
        button.link { background: none; border: none; color: var(--accent); padding: 0; text-decoration: underline; font-weight: 400; }
        .stack { display: flex; flex-direction: column; gap: .35em; max-width: 26em; }
        .stack.wide { max-width: 48em; }
        .stack input:not([type=checkbox]):not([type=radio]), .stack select { width: 100%; }
        .row { display: flex; flex-wrap: wrap; gap: .5em 1em; }
        .row > div { flex: 1 1 10em; }
        fieldset { border: 1px solid var(--line); border-radius: 6px; padding: .5em 1em; margin: .5em 0; }
        legend { font-weight: 600; padding: 0 .25em; }
        .actions { display: flex; gap: 1em; align-items: center; margin-top: .75em; }
        .actions form { margin: 0; }
        .separate { margin-top: 2em; padding-top: 1em; border-top: 1px solid var(--line); flex-wrap: wrap; }
        .filters { display: flex; flex-wrap: wrap; align-items: flex-end; gap: .5em 1em; margin: .75em 0;
          padding: .75em; background: var(--bg); border-radius: 6px; }
        .filters label { font-size: .9em; }
        form.inline { display: inline; }
        ul.tasks, ul.cards, ul.plain { list-style: none; margin: 0; padding: 0; }
        .task { display: flex; align-items: center; gap: .75em; padding: .5em .25em; border-bottom: 1px solid var(--line); }
        .task .what { flex: 1; display: flex; flex-direction: column; }
        .task form { margin: 0; }
        .task.status-done .what > a, .task.status-cancelled .what > a { text-decoration: line-through; color: var(--muted); }
        .icon { width: 1.4em; height: 1.4em; flex: none; color: var(--accent); vertical-align: middle; }
        .icon.type-call { color: #0a6b5d; } .icon.type-email { color: #7a4300; }
        .icon.type-meeting { color: #6639ba; } .icon.type-to-do { color: var(--accent); }
        .badge { display: inline-block; padding: 0 .5em; border-radius: 1em; background: #eaeef2; color: var(--text); font-size: .85em; }
        .badge.ok { background: #dafbe1; color: var(--ok); } .badge.bad { background: #ffebe9; color: #8c1d13; }
        .tag { display: inline-block; padding: 0 .5em; border-radius: 1em; background: #ddf4ff; color: #0a3069; font-size: .85em; text-decoration: none; }
        .tag[aria-current] { background: var(--accent); color: #fff; }
        .tags { margin: .5em 0; }
        .cards li { padding: .6em .25em; border-bottom: 1px solid var(--line); display: flex; flex-direction: column; }
        .cards .name { font-weight: 600; }
        ol.week { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(13em, 1fr)); gap: .75em; }
        .weekday { border: 1px solid var(--line); border-radius: 6px; padding: .25em .75em .75em; }
        .weekday h2 { font-size: 1em; }
        .weekday .task { flex-wrap: wrap; }
        .pager a { margin-left: 1em; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25em 1.5em; }
        dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
        .notes { white-space: pre-wrap; }
        ul.tiles { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(10em, 1fr)); gap: .75em; }
        ul.tiles li { border: 1px solid var(--line); border-radius: 6px; padding: .5em .75em; display: flex; flex-direction: column; }
        ul.tiles .label { color: var(--muted); font-size: .9em; } ul.tiles strong { font-size: 1.4em; }
        table { border-collapse: collapse; width: 100%; margin: .5em 0; }
        th, td { text-align: left; vertical-align: top; padding: .4em .5em; border-bottom: 1px solid var(--line); }
        tr.failed td { background: #ffebe9; }
        code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .9em; overflow-wrap: anywhere; }
        .swatch { width: .9em; height: .9em; }
        .signin { max-width: 26em; margin: 3em auto; }
        details { margin: .5em 0; } summary { cursor: pointer; font-weight: 600; }
        @media (prefers-reduced-motion: reduce) { * { transition: none !important; } }
        """

    static let javascript = #"""
        "use strict";
        document.addEventListener("DOMContentLoaded", function () {
          document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
            select.addEventListener("change", function () { select.form.submit(); });
          });
          document.querySelectorAll("form[data-confirm]").forEach(function (form) {
            form.addEventListener("submit", function (event) {
              if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
            });
          });
          var zone = "";
          try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) {}
          document.querySelectorAll("input[data-autozone]").forEach(function (input) {
            var isNew = input.form && /\/web\/tasks$/.test(input.form.getAttribute("action") || "");
            if (zone && isNew && (input.value === "" || input.value === "UTC")) { input.value = zone; }
          });
          document.querySelectorAll("code.copy").forEach(function (code) {
            code.setAttribute("tabindex", "0");
            code.addEventListener("click", function () {
              var range = document.createRange();
              range.selectNodeContents(code);
              var selection = window.getSelection();
              selection.removeAllRanges();
              selection.addRange(range);
            });
          });
        });
        """#
}
