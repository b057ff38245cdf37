// Floor plan: zoom, find a booth or exhibitor, click for details. Works on every [data-tf-plan] widget.
(function () {
  "use strict";
  document.documentElement.classList.add("tf-js");

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function setup(widget) {
    var wrap = widget.querySelector(".tf-plan-wrap");
    var svg = wrap && wrap.querySelector("svg.tf-plan");
    if (!svg) { return; }
    var baseW = parseFloat(svg.getAttribute("width"));
    var baseH = parseFloat(svg.getAttribute("height"));
    // Never shrink below the scale at which the smallest booth code is still readable.
    var minScale = (parseFloat(svg.getAttribute("data-readable-px-per-m")) || 0) /
                   (parseFloat(svg.getAttribute("data-px-per-m")) || 1);
    var scale = 1;

    function apply() {
      svg.setAttribute("width", (baseW * scale).toFixed(1));
      svg.setAttribute("height", (baseH * scale).toFixed(1));
    }

    function fit() {
      return Math.max(Math.min(1, (wrap.clientWidth - 4) / baseW), Math.min(minScale, 1));
    }

    scale = fit();
    apply();

    widget.querySelectorAll("[data-tf-zoom]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var how = btn.getAttribute("data-tf-zoom");
        if (how === "in") { scale = Math.min(scale * 1.25, 6); }
        else if (how === "out") { scale = Math.max(scale / 1.25, 0.1); }
        else { scale = fit(); }
        apply();
      });
    });

    var find = widget.querySelector("[data-tf-find]");
    var found = widget.querySelector("[data-tf-found]");
    if (find) {
      find.addEventListener("input", function () {
        var words = fold(find.value).split(" ").filter(Boolean);
        var first = null, n = 0;
        svg.querySelectorAll(".tf-booth").forEach(function (g) {
          var hay = g.getAttribute("data-search") || "";
          var hit = words.length > 0 && words.every(function (w) { return hay.indexOf(w) !== -1; });
          g.classList.toggle("tf-match", hit);
          if (hit) { n += 1; if (!first) { first = g; } }
        });
        svg.classList.toggle("tf-searching", words.length > 0);
        if (found) { found.textContent = words.length ? String(n) : ""; }
        if (first && first.scrollIntoView) { first.scrollIntoView({block: "center", inline: "center"}); }
      });
    }

    var panel = widget.querySelector("[data-tf-details]");
    if (panel) {
      var close = panel.querySelector("[data-tf-close]");
      if (close) {
        close.addEventListener("click", function () {
          panel.classList.add("d-none");
          var sel = svg.querySelector(".tf-selected");
          if (sel) { sel.classList.remove("tf-selected"); }
        });
      }
      svg.addEventListener("click", function (event) {
        var g = event.target.closest ? event.target.closest(".tf-booth") : null;
        if (!g) { return; }
        var a = g.parentNode && g.parentNode.tagName && g.parentNode.tagName.toLowerCase() === "a" ? g.parentNode : null;
        var selected = svg.querySelector(".tf-selected");
        if (selected === g && a) { return; }  // second click: follow the link
        event.preventDefault();
        if (selected) { selected.classList.remove("tf-selected"); }
        g.classList.add("tf-selected");
        var title = g.querySelector("title");
        var lines = title ? title.textContent.split("\n") : [g.getAttribute("data-code")];
        panel.querySelector("[data-tf-d=title]").textContent = lines[0];
        panel.querySelector("[data-tf-d=body]").textContent = lines.slice(1).join("\n");
        var link = panel.querySelector("[data-tf-d=link]");
        var href = a ? (a.getAttribute("href") || a.getAttributeNS("http://www.w3.org/1999/xlink", "href")) : null;
        if (href) { link.setAttribute("href", href); link.classList.remove("d-none"); }
        else { link.classList.add("d-none"); }
        panel.classList.remove("d-none");
      });
    }
  }

  document.querySelectorAll("[data-tf-plan]").forEach(setup);
})();
